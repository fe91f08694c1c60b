
namespace Coordination.Incidents;

/// <summary>New figures from a field assessment; they replace the previous ones.</summary>
public sealed record AssessIncident(IReadOnlyList<string?>? Villages, AffectedPeople? Affected)
{
    public Validation Check() => new Validation().Villages(Villages).People(Affected, "affected");
}

public static class AssessIncidentEndpoint
{
    public static Decision Decide(Incident incident, AssessIncident command) =>
        IncidentRules.ClosedRejection(incident) is { } closed
            ? Decision.Reject(closed)
            : Decision.Accept(new IncidentAssessed(incident.Id, IncidentRules.Normalize(command.Villages!), command.Affected!));

    public static ProblemDetails Validate(AssessIncident command, Incident incident, ClaimsPrincipal user, HttpContext http) =>
        Guard.Command(IncidentRules.ForbiddenFor(user, incident), command.Check(), http, incident.Version,
            () => Decide(incident, command));

    [Authorize(Roles = $"{Roles.Coordinator},{Roles.District},{Roles.Admin}")]
    [WolverinePost("/api/incidents/{id}/assessments", OperationId = "AssessIncident"), Tags("Incidents")]
    public static (Versioned, Events) Post(AssessIncident command, [WriteAggregate("id", LoadStyle = ConcurrencyStyle.Exclusive)] Incident incident) =>
        Decide(incident, command).Append(incident.Version);
}
