using Coordination.Incidents;
using Wolverine;

namespace Coordination.Requests;

public static class CancelOpenRequestsHandler
{
    /// <summary>Idempotent: a redelivery finds the requests already cancelled and appends nothing.</summary>
    public static async Task<OutgoingMessages> Handle(CancelOpenRequests command, IDocumentSession session, TimeProvider clock,
        CancellationToken cancellation)
    {
        var messages = new OutgoingMessages();
        var open = await session.Query<Request>()
            .Where(r => r.IncidentId == command.IncidentId && r.Status == RequestStatus.Open)
            .Select(r => r.Id).ToListAsync(cancellation);
        foreach (var id in open)
        {
            var stream = await session.Events.FetchForExclusiveWriting<Request>(id, cancellation);
            if (stream.Aggregate is not { Status: RequestStatus.Open } request) continue;
            var cancelled = new RequestCancelled(id, request.District, command.Reason, ClosedWithIncident: true);
            stream.AppendOne(cancelled);
            messages.Add(RequestNews.Cancelled(request, cancelled, clock.GetUtcNow()));
        }

        return messages;
    }
}
