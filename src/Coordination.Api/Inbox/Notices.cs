using Coordination.Infrastructure.Json;
using Coordination.Requests;

namespace Coordination.Inbox;

public enum NoticeKind
{
    RequestIssued,
    RequestCancelled,
    RequestAccepted,
    RequestPartiallyAccepted,
    RequestDeclined
}

/// <summary>
/// Tells the other side of a request what happened: sent through Wolverine's durable outbox, then kept as the inbox
/// entry of its audience (a district code, or the province's coordinators).
/// </summary>
public sealed record RequestNotice(
    Guid Id,
    string Audience,
    NoticeKind Kind,
    Guid RequestId,
    Guid IncidentId,
    string District,
    string Text,
    DateTimeOffset At);

public static class Notices
{
    /// <summary>The audience of the provincial coordinators' inbox; districts are addressed by their code.</summary>
    public const string Province = "province";

    public static RequestNotice Issued(PersonnelRequested e, DateTimeOffset at) =>
        new(Guid.CreateVersion7(), e.District, NoticeKind.RequestIssued, e.RequestId, e.IncidentId, e.District,
            $"{e.Count} {Kebab.Name(e.Role)} requested, priority {Kebab.Name(e.Priority)}" +
            (e.Skills.Count > 0 ? $", skills {string.Join(", ", e.Skills)}" : "") +
            (e.NeededBy is { } by ? $", needed by {by:yyyy-MM-dd HH:mm} UTC" : "") + ".", at);

    public static RequestNotice Cancelled(Request request, string reason, DateTimeOffset at) =>
        new(Guid.CreateVersion7(), request.District, NoticeKind.RequestCancelled, request.Id, request.IncidentId, request.District,
            $"The request for {request.Count} {Kebab.Name(request.Role)} was cancelled: {reason}", at);

    public static RequestNotice Answered(Request request, object answer, DateTimeOffset at) => answer switch
    {
        RequestAccepted a => new(Guid.CreateVersion7(), Province,
            a.Accepted >= a.Requested ? NoticeKind.RequestAccepted : NoticeKind.RequestPartiallyAccepted, request.Id, request.IncidentId,
            request.District, $"{request.District} accepted {a.Accepted} of {a.Requested} {Kebab.Name(request.Role)}.", at),
        RequestDeclined d => new(Guid.CreateVersion7(), Province, NoticeKind.RequestDeclined, request.Id, request.IncidentId,
            request.District, $"{request.District} declined the request for {request.Count} {Kebab.Name(request.Role)}: {d.Reason}", at),
        _ => throw new ArgumentOutOfRangeException(nameof(answer), answer.GetType().Name, "not an answer to a request")
    };
}
