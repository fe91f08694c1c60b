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
        // both read in one round trip (a district named twice is one audience: Notices.Closed)
        var batch = session.CreateBatchQuery();
        var asked = batch.Query<Request>().Where(r => r.IncidentId == news.IncidentId).Select(r => r.District).ToList();
        var sent = batch.Query<Deployment>().Where(d => d.IncidentId == news.IncidentId).Select(d => d.District).ToList();
        await batch.Execute(cancellation);
        session.Store([.. Notices.Closed(news, (await asked).Concat(await sent))]);
    }

    /// <summary>A notice sent before news existed, still waiting in the durable queue: stored as it is.</summary>
    public static void Handle(RequestNotice notice, IDocumentSession session) => session.Store(notice);
}
