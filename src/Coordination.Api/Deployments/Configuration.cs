using JasperFx.Events;
using Marten.Events.Projections;
using JasperFx.Events.Projections;

namespace Coordination.Deployments;

public static class DeploymentsConfiguration
{
    public static void AddDeployments(this StoreOptions options)
    {
        options.Projections.Snapshot<Deployment>(SnapshotLifecycle.Inline);
        options.Schema.For<Deployment>().Index(x => x.IncidentId).Index(x => x.District);
        options.Projections.Add<ServiceRecordProjection>(ProjectionLifecycle.Inline);
        options.Schema.For<ServiceRecord>().Index(x => x.DeploymentId).Index(x => x.IncidentId).Index(x => x.Date);
    }
}

/// <summary>One document per service record, keyed by the record's id; inline, so a retried record is recognised at once.</summary>
public partial class ServiceRecordProjection : EventProjection
{
    public ServiceRecord Create(IEvent<ServicesRecorded> e) => ServiceRecord.Of(e);
}
