using JasperFx.Events.Projections;

namespace Coordination.Incidents;

public sealed class IncidentsStore : Infrastructure.Hosting.IStoreFeature
{
    public void Configure(StoreOptions options)
    {
        options.Projections.Snapshot<Incident>(SnapshotLifecycle.Inline, Infrastructure.Hosting.EventStore.Paged);
        options.Schema.For<Incident>()
            .Index(x => x.District)
            .Index(x => x.ReportedAt);
    }
}
