using JasperFx.Events.Projections;

namespace Coordination.Requests;

public static class RequestsConfiguration
{
    public static void AddRequests(this StoreOptions options)
    {
        options.Projections.Snapshot<Request>(SnapshotLifecycle.Inline);
        options.Schema.For<Request>().Index(x => x.IncidentId).Index(x => x.District);
    }
}
