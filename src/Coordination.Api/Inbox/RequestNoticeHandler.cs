using Coordination.Deployments;
using Coordination.Incidents;
using Coordination.Requests;

namespace Coordination.Inbox;

public static class RequestNoticeHandler
{
    /// <summary>The news of a request becomes its audiences' inbox entries, stored under ids of the news (a redelivery overwrites them).</summary>
    public static void Handle(RequestNews news, IDocumentSession session) => session.Store([.. Notices.All(news)]);

    /// <summary>
    /// An incident's close becomes the province's notice and that of each district involved: the incident's own, and each that
    /// was asked for people or sent a team to it (a redelivery overwrites them).
    /// </summary>
    public static async Task Handle(IncidentClosedNews news, IDocumentSession session, CancellationToken cancellation)
    {
        var asked = await session.Query<Request>().Where(r => r.IncidentId == news.IncidentId).Select(r => r.District).Distinct()
            .ToListAsync(cancellation);
        var sent = await session.Query<Deployment>().Where(d => d.IncidentId == news.IncidentId).Select(d => d.District).Distinct()
            .ToListAsync(cancellation);
        session.Store([.. Notices.Closed(news, asked.Concat(sent))]);
    }

    /// <summary>A notice sent before news existed, still waiting in the durable queue: stored as it is.</summary>
    public static void Handle(RequestNotice notice, IDocumentSession session) => session.Store(notice);
}
