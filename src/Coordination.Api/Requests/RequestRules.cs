using Coordination.Districts;
using Coordination.Personnel;
using Wolverine;
using Coordination.Infrastructure.Json;

namespace Coordination.Requests;

public static class RequestRules
{
    /// <summary>A request status in words (diterima, ditolak, …).</summary>
    public static Message Named(this RequestStatus status) => new($"request-{Kebab.Name(status)}");

    /// <summary>A request as people name it, by what it asks ("2 konselor"): its id means nothing to a reader.</summary>
    public static Message Named(this Request request) => new("request-named", request.Count, new Message(request.Role.CountedKey(request.Count)));

    public static Message? NotAddressedTo(ClaimsPrincipal user, Request request) =>
        user.ActsForDistrict(request.District) ? null : new Message("request-not-addressed", request.Named(), KalimantanBarat.Named(request.District));

    public static Message? AlreadyAnswered(Request request) =>
        request.Answerable
            ? null
            : new Message("request-already-answered", request.Named(), KalimantanBarat.Named(request.District), request.Status.Named(),
                request.Reason is null ? ""
                : request.ClosedWithIncident ? new Message("request-reason-incident-closed", request.Reason)
                : $" ({request.Reason})");
}
