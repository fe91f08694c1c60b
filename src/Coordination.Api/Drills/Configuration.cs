using JasperFx.Events.Projections;

namespace Coordination.Drills;

public sealed class DrillsStore : Infrastructure.Hosting.IStoreFeature
{
    public void Configure(StoreOptions options)
    {
        options.Projections.Snapshot<Drill>(SnapshotLifecycle.Inline);
        options.Schema.For<Drill>().Duplicate(x => x.District);
    }
}
