using Coordination.Requests;

namespace Coordination.Inbox;

public static class RequestNoticeHandler
{
    /// <summary>The news of a request becomes its audience's inbox entry, stored under the news' id (a redelivery overwrites itself).</summary>
    public static void Handle(RequestNews news, IDocumentSession session) => session.Store(Notices.From(news));

    /// <summary>A notice sent before news existed, still waiting in the durable queue: stored as it is.</summary>
    public static void Handle(RequestNotice notice, IDocumentSession session) => session.Store(notice);
}
