using Coordination.Districts;
using Wolverine;

namespace Coordination.Requests;

public sealed record AcceptRequest([property: Required, Range(1, IssueRequest.MaxCount)] int? Count)
{
    public Validation Check(Request request) => new Validation()
        .NotNull(Count, "count")
        .Require(Count is null or >= 1, "count", "accept-at-least-one")
        .Require(Count is null || Count <= request.Count, "count", "accept-above-requested", request.Count);
}

public sealed record DeclineRequest([property: Required, MaxLength(1000)] string? Reason)
{
    public Validation Check() => new Validation().Text(Reason, "reason", 1000);
}

public static class AcceptRequestEndpoint
{
    [WolverineBefore]
    public static Decision Decide(AcceptRequest command, Request request, ClaimsPrincipal user) =>
        Decision.Checked(RequestRules.NotAddressedTo(user, request), command.Check(request), () =>
            RequestRules.AlreadyAnswered(request) is { } answered
                ? Decision.Reject(answered)
                : Decision.Accept(new RequestAccepted(request.Id, request.District, request.Count, command.Count!.Value))
        ).On(request.Version);

    [Authorize(Roles = $"{Roles.District},{Roles.Admin}")]
    [WolverinePost("/api/requests/{id}/accept", OperationId = "AcceptRequest"), Tags("Requests")]
    public static (Versioned, Events, OutgoingMessages) Post(AcceptRequest command,
        [WriteAggregate("id", LoadStyle = ConcurrencyStyle.Exclusive)] Request request, Decision decision, TimeProvider clock) =>
        RequestRules.Answer(request, decision, clock);
}

public static class DeclineRequestEndpoint
{
    [WolverineBefore]
    public static Decision Decide(DeclineRequest command, Request request, ClaimsPrincipal user) =>
        Decision.Checked(RequestRules.NotAddressedTo(user, request), command.Check(), () =>
            RequestRules.AlreadyAnswered(request) is { } answered
                ? Decision.Reject(answered)
                : Decision.Accept(new RequestDeclined(request.Id, request.District, command.Reason!.Trim()))
        ).On(request.Version);

    [Authorize(Roles = $"{Roles.District},{Roles.Admin}")]
    [WolverinePost("/api/requests/{id}/decline", OperationId = "DeclineRequest"), Tags("Requests")]
    public static (Versioned, Events, OutgoingMessages) Post(DeclineRequest command,
        [WriteAggregate("id", LoadStyle = ConcurrencyStyle.Exclusive)] Request request, Decision decision, TimeProvider clock) =>
        RequestRules.Answer(request, decision, clock);
}

public sealed record CancelRequest([property: Required, MaxLength(1000)] string? Reason)
{
    public Validation Check() => new Validation().Text(Reason, "reason", 1000);
}

public static class CancelRequestEndpoint
{
    [WolverineBefore]
    public static Decision Decide(CancelRequest command, Request request) =>
        Decision.Checked(null, command.Check(), () =>
            request.Status is RequestStatus.Open or RequestStatus.Accepted or RequestStatus.PartiallyAccepted
                ? Decision.Accept(new RequestCancelled(request.Id, request.District, command.Reason!.Trim()))
                : Decision.Reject("request-not-cancellable", request.Named(), KalimantanBarat.Named(request.District), request.Status.Named())
        ).On(request.Version);

    [Authorize(Roles = $"{Roles.Coordinator},{Roles.Admin}")]
    [WolverinePost("/api/requests/{id}/cancel", OperationId = "CancelRequest"), Tags("Requests")]
    public static (Versioned, Events, OutgoingMessages) Post(CancelRequest command,
        [WriteAggregate("id", LoadStyle = ConcurrencyStyle.Exclusive)] Request request, Decision decision, TimeProvider clock)
    {
        var (versioned, events) = decision.Append();
        return (versioned, events, [RequestNews.Cancelled(request, (RequestCancelled)decision.Events[0], clock.GetUtcNow())]);
    }
}
