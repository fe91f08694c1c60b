using JasperFx.Events.Projections;

namespace Coordination.Incidents;

public static class IncidentsConfiguration
{
    public static void AddIncidents(this StoreOptions options)
    {
        options.Projections.Snapshot<Incident>(SnapshotLifecycle.Inline);
        options.Schema.For<Incident>()
            .Index(x => x.District)
            .Index(x => x.ReportedAt);
    }
}
