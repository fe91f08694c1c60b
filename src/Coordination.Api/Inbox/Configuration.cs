
namespace Coordination.Inbox;

public sealed class InboxStore : Infrastructure.Hosting.IStoreFeature
{
    public void Configure(StoreOptions options) =>
        options.Schema.For<RequestNotice>().Index(x => x.Audience).Index(x => x.At);
}
