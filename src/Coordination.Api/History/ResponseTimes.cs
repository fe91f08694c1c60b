using Coordination.Deployments;
using Coordination.Incidents;
using Coordination.Personnel;
using Coordination.Readiness;
using Coordination.Requests;
using JasperFx.Events;
using Marten.Events;

namespace Coordination.History;

/// <summary>Minutes between the moments of a request's answer: issued → answered → deployed → arrived → first service, and overall.</summary>
public sealed record ResponseMinutes(double? ToAnswer, double? ToDeploy, double? ToArrive, double? ToService, double? Total)
{
    public static ResponseMinutes Between(DateTimeOffset issued, DateTimeOffset? answered, DateTimeOffset? deployed, DateTimeOffset? arrived,
        DateTimeOffset? served) =>
        new(Minutes(issued, answered), Minutes(answered, deployed), Minutes(deployed, arrived), Minutes(arrived, served), Minutes(issued, served));

    public static ResponseMinutes Medians(IReadOnlyCollection<ResponseMinutes> all) =>
        new(Median(all, m => m.ToAnswer), Median(all, m => m.ToDeploy), Median(all, m => m.ToArrive), Median(all, m => m.ToService),
            Median(all, m => m.Total));

    private static double? Minutes(DateTimeOffset? from, DateTimeOffset? to) =>
        from is { } a && to is { } b ? Math.Round((b - a).TotalMinutes, 1) : null;

    private static double? Median(IEnumerable<ResponseMinutes> all, Func<ResponseMinutes, double?> pick) =>
        ReadinessRules.Median(all.Select(pick).OfType<double>().ToList());
}

public sealed record RequestResponse(
    Guid RequestId,
    string District,
    PersonnelRole Role,
    int Count,
    Priority Priority,
    DateTimeOffset IssuedAt,
    DateTimeOffset? FirstAnswerAt,
    string? Answer,
    DateTimeOffset? FirstDeployedAt,
    DateTimeOffset? FirstArrivedAt,
    DateTimeOffset? FirstServiceAt,
    ResponseMinutes Minutes);

public sealed record DistrictResponse(string District, int Requests, ResponseMinutes MedianMinutes);

public sealed record IncidentResponseTimes(Guid IncidentId, IReadOnlyList<RequestResponse> Requests, IReadOnlyList<DistrictResponse> Districts);

public static class ResponseTimesEndpoint
{
    private static readonly Type[] RequestEvents = [typeof(PersonnelRequested), typeof(RequestAccepted), typeof(RequestDeclined)];
    private static readonly Type[] TeamEvents = [typeof(TeamDeployed), typeof(TeamArrived)];

    /// <summary>Each request's moments, read from the events the timeline shows, and per district the medians.</summary>
    [WolverineGet("/api/incidents/{id}/response-times", OperationId = "GetResponseTimes"), Tags("History")]
    public static async Task<IncidentResponseTimes> Get([ReadAggregate("id")] Incident incident, IQuerySession session, CancellationToken cancellation)
    {
        var streams = await IncidentStreams.LoadAsync(session, incident.Id, cancellation);
        var ids = streams.Requests.Concat(streams.Deployments).ToArray();
        var events = await session.Events.QueryAllRawEvents()
            .Where(e => e.StreamId.IsOneOf(ids) && e.EventTypesAre(RequestEvents.Concat(TeamEvents).ToArray()))
            .OrderBy(e => e.Sequence).ToListAsync(cancellation);
        var firstService = await FirstServiceAsync(session, streams.Deployments, cancellation);

        var teams = events.Where(e => e.Data is TeamDeployed).Select(e => (Deployed: (TeamDeployed)e.Data, At: e.Timestamp)).ToList();
        var arrivals = events.Where(e => e.Data is TeamArrived).GroupBy(e => e.StreamId).ToDictionary(g => g.Key, g => g.Min(e => e.Timestamp));
        var requests = events.Where(e => e.Data is PersonnelRequested)
            .Select(issued => Response(issued, events.Where(e => e.StreamId == issued.StreamId).ToList(),
                teams.Where(t => t.Deployed.RequestId == issued.StreamId).ToList(), arrivals, firstService))
            .OrderBy(r => r.IssuedAt).ToList();
        var districts = requests.GroupBy(r => r.District).OrderBy(g => g.Key)
            .Select(g => new DistrictResponse(g.Key, g.Count(), ResponseMinutes.Medians(g.Select(r => r.Minutes).ToList()))).ToList();
        return new IncidentResponseTimes(incident.Id, requests, districts);
    }

    private static RequestResponse Response(IEvent issued, IReadOnlyList<IEvent> requestEvents, IReadOnlyList<(TeamDeployed Deployed, DateTimeOffset At)> teams,
        IReadOnlyDictionary<Guid, DateTimeOffset> arrivals, IReadOnlyDictionary<Guid, DateTimeOffset> firstService)
    {
        var request = (PersonnelRequested)issued.Data;
        var answer = requestEvents.FirstOrDefault(e => e.Data is RequestAccepted or RequestDeclined);
        var deployed = Earliest(teams.Select(t => (DateTimeOffset?)t.At));
        var arrived = Earliest(teams.Select(t => arrivals.TryGetValue(t.Deployed.DeploymentId, out var at) ? at : (DateTimeOffset?)null));
        var served = Earliest(teams.Select(t => firstService.TryGetValue(t.Deployed.DeploymentId, out var at) ? at : (DateTimeOffset?)null));
        return new RequestResponse(request.RequestId, request.District, request.Role, request.Count, request.Priority, issued.Timestamp,
            answer?.Timestamp, answer?.Data switch { RequestAccepted => "accepted", RequestDeclined => "declined", _ => null },
            deployed, arrived, served, ResponseMinutes.Between(issued.Timestamp, answer?.Timestamp, deployed, arrived, served));
    }

    private static DateTimeOffset? Earliest(IEnumerable<DateTimeOffset?> moments) => moments.OfType<DateTimeOffset>().Order().Cast<DateTimeOffset?>().FirstOrDefault();

    private sealed record FirstService(Guid DeploymentId, DateTimeOffset At);

    private static async Task<IReadOnlyDictionary<Guid, DateTimeOffset>> FirstServiceAsync(IQuerySession session, IReadOnlyCollection<Guid> deployments,
        CancellationToken cancellation)
    {
        if (deployments.Count == 0) return new Dictionary<Guid, DateTimeOffset>();
        var first = await session.AdvancedSql.QueryAsync<FirstService>($"""
            select jsonb_build_object('deploymentId', stream_id, 'at', min(timestamp))
            from {session.DocumentStore.Options.Events.DatabaseSchemaName}.mt_events
            where stream_id = any(?) and {ServiceRecordSums.OfType(session)} and is_archived = false
            group by stream_id
            """, cancellation, deployments.ToArray());
        return first.ToDictionary(f => f.DeploymentId, f => f.At);
    }
}
