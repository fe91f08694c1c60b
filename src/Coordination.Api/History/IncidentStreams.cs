using Coordination.Deployments;
using Coordination.Requests;

namespace Coordination.History;

/// <summary>The streams that belong to an incident: its own, its requests' and its deployments'.</summary>
public sealed record IncidentStreams(Guid IncidentId, IReadOnlyList<Guid> Requests, IReadOnlyList<Guid> Deployments)
{
    public Guid[] All => [IncidentId, .. Requests, .. Deployments];

    public string KindOf(Guid stream) =>
        stream == IncidentId ? "incident" : Requests.Contains(stream) ? "request" : Deployments.Contains(stream) ? "deployment" : "other";

    public static async Task<IncidentStreams> LoadAsync(IQuerySession session, Guid incidentId, CancellationToken cancellation)
    {
        var requests = await session.Query<Request>().Where(r => r.IncidentId == incidentId).Select(r => r.Id).ToListAsync(cancellation);
        var deployments = await session.Query<Deployment>().Where(d => d.IncidentId == incidentId).Select(d => d.Id).ToListAsync(cancellation);
        return new IncidentStreams(incidentId, requests, deployments);
    }
}
