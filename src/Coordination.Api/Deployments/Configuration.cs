using JasperFx.Events.Projections;

namespace Coordination.Deployments;

public static class DeploymentsConfiguration
{
    public static void AddDeployments(this StoreOptions options)
    {
        options.Projections.Snapshot<Deployment>(SnapshotLifecycle.Inline);
        options.Schema.For<Deployment>().Index(x => x.IncidentId).Index(x => x.District);
    }
}
