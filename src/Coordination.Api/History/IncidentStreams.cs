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
    /// The events coverage folds one by one, within <paramref name="holds"/> (all when null), in the order stored: the incident's own short
    /// stream read by its stream, and its teams' few deployment events by their types. One query for both, on the streams
    /// and all six types, had PostgreSQL combine the streams' index with the types', reading the entry of every report and
    /// assessment of every incident in the store (28 ms over 200,000 events; 170 ms on a busy machine over 100,000); planned
    /// without its values (a statement Npgsql prepared) it read every service record of the teams instead.
    /// </summary>
    public async Task<IReadOnlyList<IEvent>> CoverageEventsAsync(IQuerySession session, Expression<Func<IEvent, bool>>? holds,
        CancellationToken cancellation)
    {
        IQueryable<IEvent> Within(IQueryable<IEvent> events) => holds is null ? events : events.Where(holds);
        var incident = await Within(session.Events.QueryAllRawEvents().Where(e => e.StreamId == IncidentId)).ToListAsync(cancellation);
        var teams = Deployments.Count == 0
            ? []
            : await Within(session.Events.QueryAllRawEvents().Where(e => e.StreamId.IsOneOf(Deployments.ToArray()) && e.EventTypesAre(TeamFolded)))
                .ToListAsync(cancellation);
        return incident.Where(e => IncidentFolded.Contains(e.EventType)).Concat(teams).OrderBy(e => e.Sequence).ToList();
    }

    public static async Task<IncidentStreams> LoadAsync(IQuerySession session, Guid incidentId, CancellationToken cancellation)
    {
        var requests = await session.Query<Request>().Where(r => r.IncidentId == incidentId).Select(r => r.Id).ToListAsync(cancellation);
        var deployments = await session.Query<Deployment>().Where(d => d.IncidentId == incidentId).Select(d => d.Id).ToListAsync(cancellation);
        return new IncidentStreams(incidentId, requests, deployments);
    }
}
