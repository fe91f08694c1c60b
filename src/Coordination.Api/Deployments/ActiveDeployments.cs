namespace Coordination.Deployments;

public sealed record ActiveDeployment(Guid Id, string District, string TeamName);

/// <summary>The deployments of an incident that are not yet stood down.</summary>
public sealed class ActiveDeployments
{
    public Task<IReadOnlyList<ActiveDeployment>> ForIncidentAsync(Guid incidentId, CancellationToken cancellation) =>
        Task.FromResult<IReadOnlyList<ActiveDeployment>>([]);
}
