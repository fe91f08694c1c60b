using JasperFx.Events.Projections;

namespace Coordination.Drills;

public static class DrillsConfiguration
{
    public static void AddDrills(this StoreOptions options)
    {
        options.Projections.Snapshot<Drill>(SnapshotLifecycle.Inline);
        options.Schema.For<Drill>().Index(x => x.District);
    }
}
