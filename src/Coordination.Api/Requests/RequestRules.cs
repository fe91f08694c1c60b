using Coordination.Inbox;
using Wolverine;
using Coordination.Infrastructure.Json;

namespace Coordination.Requests;

public static class RequestRules
{
    public static string Describe(this Request request) =>
        $"Request {request.Id} to {request.District} is {Kebab.Name(request.Status)}";

    public static string? NotAddressedTo(ClaimsPrincipal user, Request request) =>
        user.ActsForDistrict(request.District)
            ? null
            : $"Request {request.Id} is addressed to district {request.District}; only its officers answer it.";

    public static string? AlreadyAnswered(Request request) =>
        request.Answerable
            ? null
            : $"{request.Describe()}{(request.Reason is null ? "" : $" ({request.Reason})")}; it can no longer be answered.";

    /// <summary>An answer appends its event and tells the coordinators through the outbox.</summary>
    public static (Versioned, Wolverine.Marten.Events, OutgoingMessages) Answer(Request request, Decision decision, TimeProvider clock)
    {
        var (versioned, events) = decision.Append(request.Version);
        return (versioned, events, [Notices.Answered(request, decision.Events[0], clock.GetUtcNow())]);
    }
}
