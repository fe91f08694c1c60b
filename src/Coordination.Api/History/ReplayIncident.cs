using JasperFx.Events;
using Marten.Events;
using Coordination.Districts;
using Coordination.Coverage;
using Coordination.Deployments;
using Coordination.Incidents;
using Coordination.Requests;

namespace Coordination.History;

/// <summary>An incident as it was at a past moment, each part shaped like its own GET.</summary>
public sealed record IncidentReplay(
    DateTimeOffset At,
    long Version,
    Incident Incident,
    IReadOnlyList<Request> Requests,
    IReadOnlyList<Deployment> Deployments,
    CoverageView Coverage);

public static class ReplayIncidentEndpoint
{
    public static ProblemDetails Validate(DateTimeOffset? at, long? version, TimeProvider clock)
    {
        if (at is null == version is null)
            return Problems.Invalid("at", "replay-at-or-version");
        return version is < 1 ? Problems.Invalid("version", "version-starts-at-one") : KalimantanBarat.NotAfterToday(at, clock);
    }

    /// <summary>Computed from the events stored up to that moment, never from today's views.</summary>
    [WolverineGet("/api/incidents/{id}/replay", OperationId = "ReplayIncident"), Tags("History")]
    [ProducesResponseType<IncidentReplay>(StatusCodes.Status200OK), ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Get(Guid id, DateTimeOffset? at, long? version, IQuerySession session, CancellationToken cancellation)
    {
        var cut = at is { } moment ? ReplayCut.At(moment.ToUniversalTime()) : null;
        if (version is { } wanted)
        {
            var reached = (await session.Events.FetchStreamAsync(id, wanted, token: cancellation)).LastOrDefault();
            if (reached is null || reached.Version != wanted)
                return Results.Problem(Problems.NotFound(new Message("replay-no-version", id, wanted)));
            cut = await ReplayCut.AfterCommandOfAsync(session, reached, cancellation);
        }

        var replay = await ReplayAsync(session, id, cut!, cancellation);
        return replay is null
            ? Results.Problem(Problems.NotFound(new Message("replay-before-incident", id, cut!.Moment)))
            : Results.Ok(replay);
    }

    public static Task<IncidentReplay?> ReplayAsync(IQuerySession session, Guid id, DateTimeOffset at, CancellationToken cancellation) =>
        ReplayAsync(session, id, ReplayCut.At(at), cancellation);

    public static async Task<IncidentReplay?> ReplayAsync(IQuerySession session, Guid id, ReplayCut cut, CancellationToken cancellation)
    {
        var moment = cut.Moment;
        var streams = await IncidentStreams.LoadAsync(session, id, cancellation);
        var teamEvents = (await streams.TeamEventsAsync(session, cut.Holds, cancellation)).OrderBy(e => e.Sequence).ToList();
        // The incident's and its requests' events stamped up to the moment, in one read, each folded as it arrives: a busy
        // incident's thousands of assessments are never all held at once. Each stream is folded by the aggregate the store
        // registers for it, up to its last version within the cut; coverage takes the incident's facts from the same read.
        var incident = new CutFold<Incident>(cut, Aggregator<Incident>(session, cancellation));
        var requests = streams.Requests.ToDictionary(r => r, _ => new CutFold<Request>(cut, Aggregator<Request>(session, cancellation)));
        var coverage = new IncidentCoverage();
        Guid[] own = [id, .. streams.Requests];
        var stamped = session.Events.QueryAllRawEvents()
            .Where(e => e.StreamId.IsOneOf(own) && e.Timestamp <= moment).OrderBy(e => e.Sequence).ToAsyncEnumerable(cancellation);
        await foreach (var e in stamped)
        {
            if (e.StreamId != id)
            {
                await requests[e.StreamId].AddAsync(e);
                continue;
            }

            await incident.AddAsync(e);
            // the incident's facts and its teams' are separate fields of coverage, so each side folds in its own order
            if (cut.Contains(e)) coverage.Fold(e.Data);
        }

        if (await incident.DoneAsync() is not { } replayed) return null;
        var folded = new List<Request>();
        foreach (var request in requests.Values)
            if (await request.DoneAsync() is { } r)
                folded.Add(r);

        // The teams' events that coverage folds; service records come totalled per team.
        var served = await ServiceRecordTotals.LoadAsync(session, streams.Deployments, cut.Moment, cut.LastSequence, cancellation);
        var deployments = teamEvents.GroupBy(e => e.StreamId)
            .Select(g => Deployment.Fold(g)).OfType<Deployment>()
            .Select(d => served.TryGetValue(d.Id, out var t) ? d.WithRecords(t.Records, t.Reached, t.Contacts, t.Villages, t.LastVersion) : d).ToList();
        foreach (var e in teamEvents) coverage.Fold(e.Data);

        return new IncidentReplay(moment, replayed.Version, replayed,
            folded.OrderByDescending(r => r.IssuedAt).ThenByDescending(r => r.Id).ToList(),
            deployments.OrderByDescending(d => d.DeployedAt).ThenByDescending(d => d.Id).ToList(),
            CoverageView.Of(coverage.ServedBy(deployments)));
    }

    /// <summary>A stream's aggregate folded from events already read, on from what the events before them folded, as the store folds it.</summary>
    private static Func<IReadOnlyList<IEvent>, T?, ValueTask<T?>> Aggregator<T>(IQuerySession session, CancellationToken cancellation) where T : class
    {
        var aggregator = ((Marten.Internal.IMartenSession)session).Options.Projections.AggregatorFor<T>();
        return async (events, before) => await aggregator.BuildAsync(events, session, before, cancellation);
    }
}

/// <summary>
/// One stream's aggregate folded as its events are read in the order stored, a chunk at a time, up to its last version
/// within the cut: an event outside the cut waits until a later event of the stream is within it (a history loaded
/// afterwards may store a stream's events out of time order), and is left out when none is.
/// </summary>
public sealed class CutFold<T>(ReplayCut cut, Func<IReadOnlyList<IEvent>, T?, ValueTask<T?>> fold, int chunk = 500) where T : class
{
    private readonly List<IEvent> _waiting = [];
    private int _upToWithin; // how many of the waiting events end with one within the cut
    private T? _folded;

    public async ValueTask AddAsync(IEvent e)
    {
        _waiting.Add(e);
        if (cut.Contains(e)) _upToWithin = _waiting.Count;
        if (_upToWithin >= chunk) await FoldWaitingAsync();
    }

    /// <summary>The aggregate once every event has been added (none when the cut holds none of the stream's events).</summary>
    public async ValueTask<T?> DoneAsync()
    {
        await FoldWaitingAsync();
        return _folded;
    }

    private async ValueTask FoldWaitingAsync()
    {
        if (_upToWithin == 0) return;
        _folded = await fold(_waiting.GetRange(0, _upToWithin), _folded);
        _waiting.RemoveRange(0, _upToWithin);
        _upToWithin = 0;
    }
}

/// <summary>
/// Where a replay stops, in the timeline's order (time, then the order stored): every event stamped before the moment, and
/// of those stamped at the moment itself, the ones stored up to the last sequence. A moment (?at=) takes everything stamped
/// then; a version takes the command that wrote it whole and nothing of a later one.
/// </summary>
public sealed record ReplayCut(DateTimeOffset Moment, long LastSequence)
{
    /// <summary>How far apart the events of one command can be stamped: they are stored in one transaction.</summary>
    private static readonly TimeSpan OneCommand = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How far apart in sequence they can be stored: a command's events are numbered together, give or take those of commands
    /// stored at the same moment. The bound keeps the search a short range of the sequence's index, not the rest of the store.
    /// </summary>
    private const long OneCommandSequences = 1000;

    public static ReplayCut At(DateTimeOffset moment) => new(moment, long.MaxValue);

    /// <summary>Whether an event is within the cut, as a query of the event store asks it.</summary>
    public System.Linq.Expressions.Expression<Func<IEvent, bool>> Holds =>
        e => e.Timestamp < Moment || (e.Timestamp == Moment && e.Sequence <= LastSequence);

    /// <summary>Whether an event already read is within the cut: <see cref="Holds"/> in memory.</summary>
    public bool Contains(IEvent e) => e.Timestamp < Moment || (e.Timestamp == Moment && e.Sequence <= LastSequence);

    /// <summary>
    /// Just after the command that wrote the incident's event: the events it stored on other streams after it (the team a
    /// TeamDeployed sends, the request it staffs, stamped microseconds later) count; the incident's next event, and anything
    /// after it, does not, even stamped in the same microsecond (a history loaded afterwards stamps a whole step at once).
    /// </summary>
    public static async Task<ReplayCut> AfterCommandOfAsync(IQuerySession session, IEvent written, CancellationToken cancellation)
    {
        var cut = new ReplayCut(written.Timestamp, written.Sequence);
        if (written.CorrelationId is not { } correlation) return cut;
        var (after, before, until) = (written.Sequence, written.Sequence + OneCommandSequences, written.Timestamp + OneCommand);
        var same = await session.Events.QueryAllRawEvents()
            .Where(e => e.Sequence > after && e.Sequence <= before && e.Timestamp <= until && e.CorrelationId == correlation)
            .OrderBy(e => e.Sequence).ToListAsync(cancellation);
        foreach (var e in same)
        {
            if (e.StreamId == written.StreamId) break;
            if (e.Timestamp >= cut.Moment) cut = new ReplayCut(e.Timestamp, e.Sequence);
        }

        return cut;
    }
}
