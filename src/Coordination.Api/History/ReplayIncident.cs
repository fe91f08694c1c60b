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
        var moment = at?.ToUniversalTime();
        if (version is { } wanted)
        {
            var reached = (await session.Events.FetchStreamAsync(id, wanted, token: cancellation)).LastOrDefault();
            if (reached is null || reached.Version != wanted)
                return Results.Problem(Problems.NotFound(new Message("replay-no-version", id, wanted)));
            moment = reached.Timestamp;
        }

        var replay = await ReplayAsync(session, id, moment!.Value, cancellation);
        return replay is null
            ? Results.Problem(Problems.NotFound(new Message("replay-before-incident", id, moment)))
            : Results.Ok(replay);
    }

    /// <summary>The coverage events a replay folds one by one; service records come summed.</summary>
    public static readonly Type[] Folded =
    [
        typeof(IncidentReported), typeof(IncidentAssessed), typeof(IncidentClosed), typeof(TeamDeployed), typeof(TeamArrived), typeof(TeamStoodDown)
    ];

    public static async Task<IncidentReplay?> ReplayAsync(IQuerySession session, Guid id, DateTimeOffset at, CancellationToken cancellation)
    {
        var incident = await session.Events.AggregateStreamAsync<Incident>(id, timestamp: at, token: cancellation);
        if (incident is null) return null;

        var streams = await IncidentStreams.LoadAsync(session, id, cancellation);
        var requests = new List<Request>();
        foreach (var request in streams.Requests)
            if (await session.Events.AggregateStreamAsync<Request>(request, timestamp: at, token: cancellation) is { } r) requests.Add(r);
        // Every event of the incident and its teams except service records, which come totalled per team.
        var coverageStreams = new[] { id }.Concat(streams.Deployments).ToArray();
        var events = await session.Events.QueryAllRawEvents()
            .Where(e => e.StreamId.IsOneOf(coverageStreams) && e.Timestamp <= at && e.EventTypesAre(Folded))
            .OrderBy(e => e.Sequence).ToListAsync(cancellation);
        var served = await ServiceRecordTotals.LoadAsync(session, streams.Deployments, at, cancellation);
        var deployments = events.Where(e => e.StreamId != id).GroupBy(e => e.StreamId)
            .Select(g => Deployment.Fold(g)).OfType<Deployment>()
            .Select(d => served.TryGetValue(d.Id, out var t) ? d.WithRecords(t.Records, t.Reached, t.Contacts, t.Villages, t.LastVersion) : d).ToList();
        var coverage = events.Aggregate(new IncidentCoverage(), (facts, e) => facts.Fold(e.Data)).ServedBy(deployments);

        return new IncidentReplay(at, incident.Version, incident,
            requests.OrderByDescending(r => r.IssuedAt).ThenByDescending(r => r.Id).ToList(),
            deployments.OrderByDescending(d => d.DeployedAt).ThenByDescending(d => d.Id).ToList(),
            CoverageView.Of(coverage));
    }
}
