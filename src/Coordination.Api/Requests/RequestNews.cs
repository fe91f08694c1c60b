using Coordination.Personnel;

namespace Coordination.Requests;

public enum RequestNewsKind
{
    Issued,
    Cancelled,
    Accepted,
    Declined
}

/// <summary>
/// What happened to a request, sent through Wolverine's durable outbox in the transaction that recorded it; whoever keeps
/// the other side informed (the inbox) handles it. Its id makes a redelivery recognisable.
/// </summary>
public sealed record RequestNews(
    Guid Id,
    RequestNewsKind Kind,
    Guid RequestId,
    Guid IncidentId,
    string District,
    PersonnelRole Role,
    int Count,
    DateTimeOffset At)
{
    public int? Accepted { get; init; }
    public Priority? Priority { get; init; }
    public IReadOnlyList<string> Skills { get; init; } = [];
    public DateTimeOffset? NeededBy { get; init; }
    public string? Reason { get; init; }
    public bool ClosedWithIncident { get; init; }

    public static RequestNews Issued(PersonnelRequested e, DateTimeOffset at) =>
        new(Guid.CreateVersion7(), RequestNewsKind.Issued, e.RequestId, e.IncidentId, e.District, e.Role, e.Count, at)
        {
            Priority = e.Priority, Skills = e.Skills, NeededBy = e.NeededBy
        };

    public static RequestNews Cancelled(Request request, RequestCancelled cancelled, DateTimeOffset at) =>
        new(Guid.CreateVersion7(), RequestNewsKind.Cancelled, request.Id, request.IncidentId, request.District, request.Role, request.Count, at)
        {
            Reason = cancelled.Reason, ClosedWithIncident = cancelled.ClosedWithIncident
        };

    public static RequestNews Answered(Request request, object answer, DateTimeOffset at) => answer switch
    {
        RequestAccepted a => new(Guid.CreateVersion7(), RequestNewsKind.Accepted, request.Id, request.IncidentId, request.District, request.Role,
            a.Requested, at) { Accepted = a.Accepted },
        RequestDeclined d => new(Guid.CreateVersion7(), RequestNewsKind.Declined, request.Id, request.IncidentId, request.District, request.Role,
            request.Count, at) { Reason = d.Reason },
        _ => throw new ArgumentOutOfRangeException(nameof(answer), answer.GetType().Name, "not an answer to a request")
    };
}
