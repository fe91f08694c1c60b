namespace Coordination.Inbox;

public static class RequestNoticeHandler
{
    /// <summary>Stored under the notice's own id, so a redelivered notice overwrites itself instead of doubling.</summary>
    public static void Handle(RequestNotice notice, IDocumentSession session) => session.Store(notice);
}
