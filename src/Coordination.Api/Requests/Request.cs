using Coordination.Personnel;
using JasperFx.Events;

namespace Coordination.Requests;

public enum Priority
{
    High,
    Medium,
    Low
}

public enum RequestStatus
{
    Open,
    Accepted,
    PartiallyAccepted,
    Declined,
    Cancelled,
    Fulfilled
}

/// <summary>
/// The coordinator asks one district for people (inline snapshot):
/// open → accepted | partially-accepted | declined | cancelled; accepted ones → fulfilled once deployments reach the accepted count.
/// </summary>
public sealed record Request(
    Guid Id,
    Guid IncidentId,
    string District,
    PersonnelRole Role,
    int Count,
    IReadOnlyList<string> Skills,
    Priority Priority,
    DateTimeOffset? NeededBy,
    RequestStatus Status,
    int? Accepted,
    int Deployed,
    IReadOnlyList<Guid> Deployments,
    string? Reason,
    DateTimeOffset IssuedAt,
    DateTimeOffset? AnsweredAt,
    DateTimeOffset UpdatedAt)
{
    public long Version { get; set; }

    /// <summary>Cancelled because its incident was closed; Reason is then the close's summary.</summary>
    public bool ClosedWithIncident { get; init; }

    public bool Answerable => Status == RequestStatus.Open;

    public bool Staffable => Status is RequestStatus.Accepted or RequestStatus.PartiallyAccepted;

    /// <summary>The statuses of a request not yet done with: waiting for its answer or for its people. These can be cancelled.</summary>
    public static readonly RequestStatus[] Outstanding = [RequestStatus.Open, RequestStatus.Accepted, RequestStatus.PartiallyAccepted];

    public bool Cancellable => Outstanding.Contains(Status);

    public static Request Create(IEvent<PersonnelRequested> e) =>
        new(e.Data.RequestId, e.Data.IncidentId, e.Data.District, e.Data.Role, e.Data.Count, e.Data.Skills, e.Data.Priority,
            e.Data.NeededBy, RequestStatus.Open, null, 0, [], null, e.Timestamp, null, e.Timestamp);

    public Request Apply(IEvent<RequestAccepted> e) =>
        this with
        {
            Status = e.Data.Accepted >= e.Data.Requested ? RequestStatus.Accepted : RequestStatus.PartiallyAccepted,
            Accepted = e.Data.Accepted, AnsweredAt = e.Timestamp, UpdatedAt = e.Timestamp
        };

    public Request Apply(IEvent<RequestDeclined> e) =>
        this with { Status = RequestStatus.Declined, Reason = e.Data.Reason, AnsweredAt = e.Timestamp, UpdatedAt = e.Timestamp };

    public Request Apply(IEvent<RequestCancelled> e) =>
        this with { Status = RequestStatus.Cancelled, Reason = e.Data.Reason, ClosedWithIncident = e.Data.ClosedWithIncident, UpdatedAt = e.Timestamp };

    public Request Apply(IEvent<RequestStaffed> e) =>
        this with { Deployed = Deployed + e.Data.People, Deployments = [.. Deployments, e.Data.DeploymentId], UpdatedAt = e.Timestamp };

    public Request Apply(IEvent<RequestFulfilled> e) => this with { Status = RequestStatus.Fulfilled, UpdatedAt = e.Timestamp };
}
