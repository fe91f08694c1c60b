using Coordination.Requests;
using Wolverine;

namespace Coordination.Incidents;

public sealed record CloseIncident(string? Summary)
{
    public Validation Check() => new Validation().Text(Summary, "summary", 4000);
}

public static class CloseIncidentEndpoint
{
    public static Decision Decide(Incident incident, CloseIncident command)
    {
        if (IncidentRules.ClosedRejection(incident) is { } closed) return Decision.Reject(closed);
        var activeDeployments = incident.ActiveDeployments;
        if (activeDeployments.Count > 0)
            return Decision.Reject("incident-teams-deployed", incident.Id, activeDeployments.Count,
                activeDeployments.Select(d => new Message("team-of-district", d.TeamName, Districts.KalimantanBarat.Named(d.District), d.Id)).ToList());
        return Decision.Accept(new IncidentClosed(incident.Id, command.Summary!.Trim()));
    }

    public static ProblemDetails Validate(CloseIncident command, Incident incident, HttpContext http) =>
        Guard.Command(null, command.Check(), http, incident.Version, () => Decide(incident, command));

    /// <summary>Closing also cancels the incident's open requests, through a message stored in the same transaction.</summary>
    [Authorize(Roles = $"{Roles.Coordinator},{Roles.Admin}")]
    [WolverinePost("/api/incidents/{id}/close", OperationId = "CloseIncident"), Tags("Incidents")]
    public static (Versioned, Events, OutgoingMessages) Post(CloseIncident command, [WriteAggregate("id", LoadStyle = ConcurrencyStyle.Exclusive)] Incident incident)
    {
        var (versioned, events) = Decide(incident, command).Append(incident.Version);
        return (versioned, events, [new CancelOpenRequests(incident.Id, $"Incident closed: {command.Summary!.Trim()}")]);
    }
}
