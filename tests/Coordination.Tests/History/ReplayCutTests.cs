using Coordination.History;
using Coordination.Incidents;
using JasperFx.Events;

namespace Coordination.Tests.History;

/// <summary>Which of a stream's events a replay folds, decided in memory as one read brings them.</summary>
public class ReplayCutTests
{
    /// <summary>The versions a replay folds of a stream, added one by one in the order stored, folded <paramref name="chunk"/> at a time.</summary>
    private static async Task<IEnumerable<long>> Folded(ReplayCut cut, IEnumerable<IEvent> stream, int chunk = 500)
    {
        var fold = new CutFold<List<long>>(cut, (events, before) => ValueTask.FromResult<List<long>?>([.. before ?? [], .. events.Select(e => e.Version)]), chunk);
        foreach (var e in stream) await fold.AddAsync(e);
        return await fold.DoneAsync() ?? [];
    }

    private static readonly DateTimeOffset Moment = new(2026, 11, 2, 12, 25, 0, TimeSpan.Zero);

    private static IEvent Assessed(long version, long sequence, DateTimeOffset at) =>
        new Event<IncidentAssessed>(new IncidentAssessed(Guid.Empty, ["Baning Kota"], AffectedPeople.None))
        {
            Version = version, Sequence = sequence, Timestamp = at
        };

    [Fact]
    public async Task a_stream_folds_up_to_its_last_version_within_the_cut_also_past_an_event_stamped_at_the_moment_and_stored_after_it()
    {
        // a history loaded afterwards: version 3 stamped before the moment, stored after version 2, which the moment's command left out
        var cut = new ReplayCut(Moment, LastSequence: 15);
        IEvent[] stream = [Assessed(1, 10, Moment.AddHours(-1)), Assessed(2, 20, Moment), Assessed(3, 30, Moment.AddMinutes(-1))];

        Assert.False(cut.Contains(stream[1]));
        Assert.Equal([1L, 2L, 3L], await Folded(cut, stream));
        Assert.Equal([1L, 2L, 3L], await Folded(cut, stream, chunk: 1));
    }

    [Fact]
    public async Task what_follows_the_last_version_within_the_cut_is_left_out()
    {
        var cut = new ReplayCut(Moment, LastSequence: 15);
        IEvent[] stream = [Assessed(1, 10, Moment.AddHours(-1)), Assessed(2, 12, Moment), Assessed(3, 20, Moment)];

        Assert.Equal([1L, 2L], await Folded(cut, stream));
        Assert.Equal([1L, 2L], await Folded(cut, stream, chunk: 1));
        Assert.Equal([1L, 2L, 3L], await Folded(ReplayCut.At(Moment), stream));
    }

    [Fact]
    public async Task a_long_stream_folds_a_chunk_at_a_time_and_keeps_an_event_outside_the_cut_waiting_across_chunks()
    {
        // versions 1–6 stamped before the moment but the third, stamped at it and stored after the moment's command (a history
        // loaded afterwards)
        var cut = new ReplayCut(Moment, LastSequence: 15);
        IEvent[] stream = [.. Enumerable.Range(1, 6).Select(v => Assessed(v, v * 10, v == 3 ? Moment : Moment.AddMinutes(-10 + v)))];

        Assert.Equal([1L, 2L, 3L, 4L, 5L, 6L], await Folded(cut, stream, chunk: 2));
        Assert.Equal([1L, 2L], await Folded(cut, stream[..3], chunk: 2));
    }

    [Fact]
    public async Task a_stream_with_nothing_within_the_cut_folds_nothing()
    {
        var cut = new ReplayCut(Moment, LastSequence: 15);

        Assert.Empty(await Folded(cut, [Assessed(1, 20, Moment)]));
        Assert.Empty(await Folded(cut, []));
    }
}
