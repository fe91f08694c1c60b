using System.Linq.Expressions;
using Coordination.Deployments;
using Coordination.Incidents;
using Coordination.Requests;
using JasperFx.Events;
using Marten.Events;

namespace Coordination.History;

/// <summary>The streams that belong to an incident: its own, its requests' and its deployments'.</summary>
public sealed record IncidentStreams(Guid IncidentId, IReadOnlyList<Guid> Requests, IReadOnlyList<Guid> Deployments)
{
    public Guid[] All => [IncidentId, .. Requests, .. Deployments];

    public string KindOf(Guid stream) =>
        stream == IncidentId ? "incident" : Requests.Contains(stream) ? "request" : Deployments.Contains(stream) ? "deployment" : "other";

    /// <summary>The incident's events that coverage folds one by one; its teams' service records come summed.</summary>
    private static readonly Type[] IncidentFolded = [typeof(IncidentReported), typeof(IncidentAssessed), typeof(IncidentClosed)];

    /// <summary>The teams' events that coverage folds one by one: where they are and how many.</summary>
    private static readonly Type[] TeamFolded = [typeof(TeamDeployed), typeof(TeamArrived), typeof(TeamStoodDown)];

    /// <summary>
    /// The events coverage folds one by one, in the order stored: the incident's own short stream read by its stream, and its
    /// teams' few deployment events by their types. One query for both, on the streams and all six types, had PostgreSQL
    /// combine the streams' index with the types', reading the entry of every report and assessment of every incident in the
    /// store (28 ms over 200,000 events; 170 ms on a busy machine over 100,000); planned without its values (a statement Npgsql
    /// prepared) it read every service record of the teams instead.
    /// </summary>
    public async Task<IReadOnlyList<IEvent>> CoverageEventsAsync(IQuerySession session, CancellationToken cancellation)
    {
        var incident = await session.Events.FetchStreamAsync(IncidentId, token: cancellation);
        return CoverageEvents(incident, await TeamEventsAsync(session, null, cancellation));
    }

    /// <summary>The teams' events that coverage folds one by one, within <paramref name="holds"/> (all when null), read by their types.</summary>
    public async Task<IReadOnlyList<IEvent>> TeamEventsAsync(IQuerySession session, Expression<Func<IEvent, bool>>? holds, CancellationToken cancellation)
    {
        if (Deployments.Count == 0) return [];
        var teams = session.Events.QueryAllRawEvents().Where(e => e.StreamId.IsOneOf(Deployments.ToArray()) && e.EventTypesAre(TeamFolded));
        return await (holds is null ? teams : teams.Where(holds)).ToListAsync(cancellation);
    }

    /// <summary>Of the incident's own events and its teams', the ones coverage folds one by one, in the order stored.</summary>
    private static IReadOnlyList<IEvent> CoverageEvents(IEnumerable<IEvent> incident, IEnumerable<IEvent> teams) =>
        incident.Where(e => IncidentFolded.Contains(e.EventType)).Concat(teams).OrderBy(e => e.Sequence).ToList();

    /// <summary>The incident's requests and deployments, both found in one round trip.</summary>
    public static async Task<IncidentStreams> LoadAsync(IQuerySession session, Guid incidentId, CancellationToken cancellation)
    {
        var batch = session.CreateBatchQuery();
        var requests = batch.Query<Request>().Where(r => r.IncidentId == incidentId).Select(r => r.Id).ToList();
        var deployments = batch.Query<Deployment>().Where(d => d.IncidentId == incidentId).Select(d => d.Id).ToList();
        await batch.Execute(cancellation);
        return new IncidentStreams(incidentId, await requests, await deployments);
    }
}
