using Coordination.Districts;

namespace Coordination.Incidents;

/// <summary>An emergency status decree (status keadaan darurat): the first declares it, later ones extend it.</summary>
public sealed record DeclareEmergencyStatus([property: Required, MaxLength(100)] string? Decree, [property: Required] DateOnly? ValidUntil)
{
    public Validation Check() => new Validation().Text(Decree, "decree", 100).NotNull(ValidUntil, "validUntil");
}

public static class DeclareEmergencyStatusEndpoint
{
    [WolverineBefore]
    public static Decision Decide(DeclareEmergencyStatus command, Incident incident, ClaimsPrincipal user) =>
        Decision.Checked(IncidentRules.ForbiddenFor(user, incident), command.Check(), () =>
        {
            if (IncidentRules.ClosedRejection(incident) is { } closed) return Decision.Reject(closed);
            var decree = command.Decree!.Trim();
            var validUntil = command.ValidUntil!.Value;
            var occurredOn = KalimantanBarat.DayOf(incident.OccurredAt);
            if (validUntil < occurredOn) return Decision.Reject("emergency-before-incident", validUntil, occurredOn);
            if (incident.Emergency is not { } current) return Decision.Accept(new EmergencyStatusDeclared(incident.Id, decree, validUntil));
            if (current.Decree == decree && current.ValidUntil == validUntil) return Decision.Nothing;
            if (validUntil <= current.ValidUntil) return Decision.Reject("emergency-extension-too-short", current.ValidUntil, current.Decree);
            return Decision.Accept(new EmergencyStatusExtended(incident.Id, decree, validUntil));
        }).On(incident.Version);

    [Authorize(Roles = $"{Roles.Coordinator},{Roles.District},{Roles.Admin}")]
    [WolverinePost("/api/incidents/{id}/emergency-status", OperationId = "DeclareEmergencyStatus"), Tags("Incidents")]
    public static (Versioned, Events) Post(DeclareEmergencyStatus command,
        [WriteAggregate("id", LoadStyle = ConcurrencyStyle.Exclusive)] Incident incident, Decision decision) => decision.Append();
}
