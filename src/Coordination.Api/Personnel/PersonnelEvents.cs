namespace Coordination.Personnel;

public sealed record PersonnelRegistered(Guid PersonId, string District, string Name, PersonnelRole Role, IReadOnlyList<string> Skills);

public sealed record TrainingCompleted(Guid PersonId, string District, string Course, DateOnly CompletedOn, DateOnly? ValidUntil);

public sealed record AvailabilitySet(Guid PersonId, string District, bool Available, string? Reason);

/// <summary>
/// The person joined a deployment's team; they stay deployed until it stands down. The team's name is kept so that a
/// refusal can say which team they are out with (null in events stored before it was).
/// </summary>
public sealed record PersonnelAssigned(Guid PersonId, string District, Guid DeploymentId, Guid IncidentId, string? TeamName = null);

public sealed record PersonnelReleased(Guid PersonId, string District, Guid DeploymentId);
