
namespace Coordination.Inbox;

public static class InboxConfiguration
{
    public static void AddInbox(this StoreOptions options) =>
        options.Schema.For<RequestNotice>().Index(x => x.Audience).Index(x => x.At);
}
