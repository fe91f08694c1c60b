namespace Coordination.Incidents;

public sealed record IncidentReported(
    Guid IncidentId,
    string District,
    Hazard Hazard,
    string Title,
    DateTimeOffset OccurredAt,
    IReadOnlyList<string> Villages,
    AffectedPeople Affected,
    IncidentPhase Phase);

public sealed record IncidentAssessed(Guid IncidentId, IReadOnlyList<string> Villages, AffectedPeople Affected);

public sealed record EmergencyStatusDeclared(Guid IncidentId, string Decree, DateOnly ValidUntil);

public sealed record EmergencyStatusExtended(Guid IncidentId, string Decree, DateOnly ValidUntil);

public sealed record IncidentPhaseChanged(Guid IncidentId, IncidentPhase From, IncidentPhase To);

public sealed record IncidentClosed(Guid IncidentId, string Summary);

/// <summary>A district's team was sent to the incident; recorded on the incident so that closing and deploying exclude each other.</summary>
public sealed record IncidentTeamDeployed(Guid IncidentId, Guid DeploymentId, string District, string TeamName);

public sealed record IncidentTeamStoodDown(Guid IncidentId, Guid DeploymentId);
