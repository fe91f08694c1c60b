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
        // The incident's and its requests' events stamped up to the moment, in one read. Each stream is folded by its own
        // aggregate from its events up to its last version within the cut: the cut itself, also where a history loaded
        // afterwards stored a stream's events out of time order.
        Guid[] own = [id, .. streams.Requests];
        var stamped = (await session.Events.QueryAllRawEvents()
                .Where(e => e.StreamId.IsOneOf(own) && e.Timestamp <= moment).OrderBy(e => e.Sequence).ToListAsync(cancellation))
            .GroupBy(e => e.StreamId).ToDictionary(g => g.Key, g => cut.UpToLastVersionWithin(g));
        var incident = await FoldAsync<Incident>(session, stamped.GetValueOrDefault(id), cancellation);
        if (incident is null) return null;

        var requests = new List<Request>();
        foreach (var request in streams.Requests)
            if (await FoldAsync<Request>(session, stamped.GetValueOrDefault(request), cancellation) is { } r)
                requests.Add(r);
        // The incident's and its teams' events that coverage folds; service records come totalled per team.
        var events = IncidentStreams.CoverageEvents(stamped[id].Where(cut.Contains), await streams.TeamEventsAsync(session, cut.Holds, cancellation));
        var served = await ServiceRecordTotals.LoadAsync(session, streams.Deployments, cut.Moment, cut.LastSequence, cancellation);
        var deployments = events.Where(e => e.StreamId != id).GroupBy(e => e.StreamId)
            .Select(g => Deployment.Fold(g)).OfType<Deployment>()
            .Select(d => served.TryGetValue(d.Id, out var t) ? d.WithRecords(t.Records, t.Reached, t.Contacts, t.Villages, t.LastVersion) : d).ToList();
        var coverage = events.Aggregate(new IncidentCoverage(), (facts, e) => facts.Fold(e.Data)).ServedBy(deployments);

        return new IncidentReplay(moment, incident.Version, incident,
            requests.OrderByDescending(r => r.IssuedAt).ThenByDescending(r => r.Id).ToList(),
            deployments.OrderByDescending(d => d.DeployedAt).ThenByDescending(d => d.Id).ToList(),
            CoverageView.Of(coverage));
    }

    /// <summary>A stream's aggregate from events already read, folded as the store folds it (none without events).</summary>
    private static async Task<T?> FoldAsync<T>(IQuerySession session, IReadOnlyList<IEvent>? events, CancellationToken cancellation) where T : class =>
        events is null or [] ? null
            : await ((Marten.Internal.IMartenSession)session).Options.Projections.AggregatorFor<T>().BuildAsync(events, session, null, cancellation);
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
    /// Of one stream's events stamped up to the moment, in the order stored, those up to its last version within the cut (none
    /// when the cut holds none of them).
    /// </summary>
    public IReadOnlyList<IEvent> UpToLastVersionWithin(IEnumerable<IEvent> stream)
    {
        var events = stream.ToList();
        var last = events.Where(Contains).Select(e => e.Version).DefaultIfEmpty(0).Max();
        events.RemoveAll(e => e.Version > last);
        return events;
    }

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
