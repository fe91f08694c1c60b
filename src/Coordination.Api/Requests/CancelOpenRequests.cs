using Coordination.Incidents;
using Wolverine;

namespace Coordination.Requests;

public static class CancelOpenRequestsHandler
{
    /// <summary>
    /// Cancels every request of the closed incident not yet done with: those waiting for an answer, and those accepted
    /// whose people were never all sent, since no team can go to a closed incident. A fulfilled request stays fulfilled.
    /// Idempotent: a redelivery finds the requests already cancelled and appends nothing.
    /// </summary>
    public static async Task<OutgoingMessages> Handle(CancelOpenRequests command, IDocumentSession session, TimeProvider clock,
        CancellationToken cancellation)
    {
        var messages = new OutgoingMessages();
        // the cancellations are the closer's, as the close is: their subject comes with the message, their role in it
        if (command.Role is { } role) session.SetHeader(EventMetadata.RoleHeader, role);
        var outstanding = await session.Query<Request>()
            .Where(r => r.IncidentId == command.IncidentId && r.Status.IsOneOf(Request.Outstanding))
            .Select(r => r.Id).ToListAsync(cancellation);
        if (outstanding.Count == 0) return messages;

        // every request locked in one round trip, in the order of their ids as other commands lock several streams
        var batch = session.CreateBatchQuery();
        var locked = outstanding.Order().Select(batch.Events.FetchForExclusiveWriting<Request>).ToList();
        await batch.Execute(cancellation);
        foreach (var pending in locked)
        {
            var stream = await pending;
            if (stream.Aggregate is not { Cancellable: true } request) continue;
            var cancelled = new RequestCancelled(request.Id, request.District, command.Reason, ClosedWithIncident: true);
            stream.AppendOne(cancelled);
            messages.Add(RequestNews.Cancelled(request, cancelled, clock.GetUtcNow()));
        }

        return messages;
    }
}
