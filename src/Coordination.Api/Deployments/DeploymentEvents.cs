using Coordination.Incidents;

namespace Coordination.Deployments;

public sealed record TeamDeployed(
    Guid DeploymentId,
    Guid IncidentId,
    Guid? RequestId,
    string District,
    string TeamName,
    IReadOnlyList<Guid> Members,
    string Village);

public sealed record TeamArrived(Guid DeploymentId, Guid IncidentId);

/// <summary>
/// Services delivered on one day in one village: newlyReached counts people served for the first time in this incident,
/// contacts counts every session held, returning people included.
/// </summary>
public sealed record ServicesRecorded(
    Guid DeploymentId,
    Guid ServiceRecordId,
    Guid IncidentId,
    string District,
    DateOnly Date,
    string Village,
    ServiceKind Service,
    AffectedPeople NewlyReached,
    int Contacts) : IOwnEventId; // stored under the record's id (ServiceRecord.Stored)

public sealed record TeamStoodDown(Guid DeploymentId, Guid IncidentId);
