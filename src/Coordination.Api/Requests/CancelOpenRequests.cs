using Coordination.Inbox;
using Wolverine;

namespace Coordination.Requests;

/// <summary>Sent durably with an incident's close, so its open requests are cancelled even after a crash in between.</summary>
public sealed record CancelOpenRequests(Guid IncidentId, string Reason);

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
            stream.AppendOne(new RequestCancelled(id, request.District, command.Reason));
            messages.Add(Notices.Cancelled(request, command.Reason, clock.GetUtcNow()));
        }

        return messages;
    }
}
