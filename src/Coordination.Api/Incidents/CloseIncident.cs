using System.Security.Claims;
using Coordination.Deployments;
using Coordination.Infrastructure.Auth;
using Coordination.Infrastructure.EventSourcing;
using Coordination.Infrastructure.Http;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace Coordination.Incidents;

public sealed record CloseIncident(string? Summary)
{
    public Validation Check() => new Validation().Text(Summary, "summary", 4000);
}

public static class CloseIncidentEndpoint
{
    public static Decision Decide(Incident incident, CloseIncident command, IReadOnlyList<ActiveDeployment> activeDeployments)
    {
        if (IncidentRules.ClosedRejection(incident) is { } closed) return Decision.Reject(closed);
        if (activeDeployments.Count > 0)
            return Decision.Reject(
                $"Incident {incident.Id} still has {activeDeployments.Count} team(s) deployed: " +
                string.Join("; ", activeDeployments.Select(d => $"{d.TeamName} from {d.District} (deployment {d.Id})")) +
                ". Stand them down first.");
        return Decision.Accept(new IncidentClosed(incident.Id, command.Summary!.Trim()));
    }

    public static Task<IReadOnlyList<ActiveDeployment>> LoadAsync(Guid id, ActiveDeployments deployments,
        CancellationToken cancellation) => deployments.ForIncidentAsync(id, cancellation);

    public static ProblemDetails Validate(CloseIncident command, Incident incident, IReadOnlyList<ActiveDeployment> active,
        ClaimsPrincipal user, HttpContext http) =>
        Guard.Command(null, command.Check(), http, incident.Version, () => Decide(incident, command, active));

    [Authorize(Roles = $"{Roles.Coordinator},{Roles.Admin}")]
    [WolverinePost("/api/incidents/{id}/close", OperationId = "CloseIncident"), Tags("Incidents")]
    public static (Versioned, Events) Post(CloseIncident command, [WriteAggregate("id")] Incident incident,
        IReadOnlyList<ActiveDeployment> active) =>
        Decide(incident, command, active).Append(incident.Version);
}
