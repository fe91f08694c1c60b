using JasperFx.Events.Projections;

namespace Coordination.Requests;

public sealed class RequestsStore : Infrastructure.Hosting.IStoreFeature
{
    public void Configure(StoreOptions options)
    {
        options.Projections.Snapshot<Request>(SnapshotLifecycle.Inline);
        options.Schema.For<Request>().Duplicate(x => x.IncidentId).Duplicate(x => x.District);
    }
}
