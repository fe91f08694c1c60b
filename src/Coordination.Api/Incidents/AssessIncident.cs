namespace Coordination.Incidents;

/// <summary>New figures from a field assessment; they replace the previous ones.</summary>
public sealed record AssessIncident(
    [property: Required, MinLength(1), MaxLength(IncidentRules.MaxVillages), EachText(IncidentRules.MaxVillageLength)] IReadOnlyList<string?>? Villages,
    [property: Required] AffectedPeople? Affected)
{
    public Validation Check() => new Validation().Villages(Villages).People(Affected, "affected");
}

public static class AssessIncidentEndpoint
{
    [WolverineBefore]
    public static Decision Decide(AssessIncident command, Incident incident, ClaimsPrincipal user) =>
        Decision.Checked(IncidentRules.ForbiddenFor(user, incident), command.Check(), () =>
            IncidentRules.ClosedRejection(incident) is { } closed
                ? Decision.Reject(closed)
                : Decision.Accept(new IncidentAssessed(incident.Id, IncidentRules.Normalize(command.Villages!), command.Affected!))
        ).On(incident.Version);

    [Authorize(Roles = $"{Roles.Coordinator},{Roles.District},{Roles.Admin}")]
    [WolverinePost("/api/incidents/{id}/assessments", OperationId = "AssessIncident"), Tags("Incidents")]
    public static (Versioned, Events) Post(AssessIncident command, [WriteAggregate("id", LoadStyle = ConcurrencyStyle.Exclusive)] Incident incident,
        Decision decision) => decision.Append();
}
