using Coordination.History;
using Coordination.Incidents;
using JasperFx.Events;

namespace Coordination.Tests.History;

/// <summary>Which of a stream's events a replay folds, decided in memory over the events one read brought.</summary>
public class ReplayCutTests
{
    private static readonly DateTimeOffset Moment = new(2026, 11, 2, 12, 25, 0, TimeSpan.Zero);

    private static IEvent Assessed(long version, long sequence, DateTimeOffset at) =>
        new Event<IncidentAssessed>(new IncidentAssessed(Guid.Empty, ["Baning Kota"], AffectedPeople.None))
        {
            Version = version, Sequence = sequence, Timestamp = at
        };

    [Fact]
    public void a_stream_folds_up_to_its_last_version_within_the_cut_also_past_an_event_stamped_at_the_moment_and_stored_after_it()
    {
        // a history loaded afterwards: version 3 stamped before the moment, stored after version 2, which the moment's command left out
        var cut = new ReplayCut(Moment, LastSequence: 15);
        IEvent[] stream = [Assessed(1, 10, Moment.AddHours(-1)), Assessed(2, 20, Moment), Assessed(3, 30, Moment.AddMinutes(-1))];

        Assert.False(cut.Contains(stream[1]));
        Assert.Equal([1L, 2L, 3L], cut.UpToLastVersionWithin(stream).Select(e => e.Version));
    }

    [Fact]
    public void what_follows_the_last_version_within_the_cut_is_left_out()
    {
        var cut = new ReplayCut(Moment, LastSequence: 15);
        IEvent[] stream = [Assessed(1, 10, Moment.AddHours(-1)), Assessed(2, 12, Moment), Assessed(3, 20, Moment)];

        Assert.Equal([1L, 2L], cut.UpToLastVersionWithin(stream).Select(e => e.Version));
        Assert.Equal([1L, 2L, 3L], ReplayCut.At(Moment).UpToLastVersionWithin(stream).Select(e => e.Version));
    }

    [Fact]
    public void a_stream_with_nothing_within_the_cut_folds_nothing()
    {
        var cut = new ReplayCut(Moment, LastSequence: 15);

        Assert.Empty(cut.UpToLastVersionWithin([Assessed(1, 20, Moment)]));
        Assert.Empty(cut.UpToLastVersionWithin([]));
    }
}
