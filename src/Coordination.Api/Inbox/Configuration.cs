
namespace Coordination.Inbox;

public sealed class InboxStore : Infrastructure.Hosting.IStoreFeature
{
    public void Configure(StoreOptions options) =>
        options.Schema.For<RequestNotice>().Duplicate(x => x.Audience).Duplicate(x => x.At);
}
