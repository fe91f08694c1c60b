using Coordination.Personnel;

namespace Coordination.Requests;

public sealed record PersonnelRequested(
    Guid RequestId,
    Guid IncidentId,
    string District,
    PersonnelRole Role,
    int Count,
    IReadOnlyList<string> Skills,
    Priority Priority,
    DateTimeOffset? NeededBy);

public sealed record RequestAccepted(Guid RequestId, string District, int Requested, int Accepted);

public sealed record RequestDeclined(Guid RequestId, string District, string Reason);

/// <summary>Reason is the words of whoever cancelled; ClosedWithIncident says the incident's close cancelled it (Reason is then its summary).</summary>
public sealed record RequestCancelled(Guid RequestId, string District, string Reason, bool ClosedWithIncident = false);

/// <summary>A team answering the request was deployed with this many people.</summary>
public sealed record RequestStaffed(Guid RequestId, Guid DeploymentId, int People);

public sealed record RequestFulfilled(Guid RequestId, int Deployed);
