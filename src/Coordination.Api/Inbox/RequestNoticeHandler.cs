using Coordination.Incidents;
using Coordination.Requests;

namespace Coordination.Inbox;

public static class RequestNoticeHandler
{
    /// <summary>The news of a request becomes its audiences' inbox entries, stored under ids of the news (a redelivery overwrites them).</summary>
    public static void Handle(RequestNews news, IDocumentSession session) => session.Store([.. Notices.All(news)]);

    /// <summary>An incident's close becomes the province's notice, stored under the news' id (a redelivery overwrites it).</summary>
    public static void Handle(IncidentClosedNews news, IDocumentSession session) => session.Store(Notices.Closed(news));

    /// <summary>A notice sent before news existed, still waiting in the durable queue: stored as it is.</summary>
    public static void Handle(RequestNotice notice, IDocumentSession session) => session.Store(notice);
}
