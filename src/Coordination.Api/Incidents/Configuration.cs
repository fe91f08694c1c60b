using JasperFx.Events.Projections;

namespace Coordination.Incidents;

public sealed class IncidentsStore : Infrastructure.Hosting.IStoreFeature
{
    public void Configure(StoreOptions options)
    {
        options.Projections.Snapshot<Incident>(SnapshotLifecycle.Inline, Infrastructure.Hosting.EventStore.Paged);
        // Fields that lists filter and sort by are columns beside the JSON (Duplicate), not indexes over it: an index over the
        // JSON gets a new entry on every write of the document, and an update that keeps these fields stays on its page (HOT).
        options.Schema.For<Incident>()
            .Duplicate(x => x.District)
            .Duplicate(x => x.ReportedAt);
    }
}
