using Coordination.Infrastructure.Hosting;
using JasperFx.Events;
using Marten.Events.Projections;
using JasperFx.Events.Projections;

namespace Coordination.Deployments;

public sealed class DeploymentsStore : IStoreFeature
{
    public void Configure(StoreOptions options)
    {
        options.Projections.Snapshot<Deployment>(SnapshotLifecycle.Inline, EventStore.Paged);
        options.Schema.For<Deployment>().Duplicate(x => x.IncidentId).Duplicate(x => x.District);
        // A service record is its ServicesRecorded event, stored under the record's id: a retry finds it by that id
        // (unique, indexed), and no second copy of every record is written or rebuilt.
        options.Events.EnableUniqueIndexOnEventId = true;
        // Known from the start, not only once a session has used them: the service records' sums name their type in SQL,
        // and the totals' upgrade runs before any event is read (DeploymentTotalsUpgrade)
        options.Events.AddEventTypes([typeof(TeamDeployed), typeof(TeamArrived), typeof(ServicesRecorded), typeof(TeamStoodDown)]);
    }
}
