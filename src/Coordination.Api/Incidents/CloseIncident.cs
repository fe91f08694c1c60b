using Wolverine;

namespace Coordination.Incidents;

/// <summary>
/// Sent durably with an incident's close, so that whoever keeps requests cancels those not yet done with (open, or accepted
/// and not yet fulfilled), even after a crash in between, in the name of whoever closed it: their subject rides in the envelope,
/// their role here (none in a message queued before it was carried). Its identity is the name it was first stored under, so
/// messages already queued are still delivered.
/// </summary>
[MessageIdentity("Coordination.Requests.CancelOpenRequests")]
public sealed record CancelOpenRequests(Guid IncidentId, string Reason, string? Role = null);

/// <summary>
/// Sent durably with an incident's close, so that whoever keeps the province informed (the inbox) can tell the pages that
/// show the incident, whether or not the close cancelled any request. Its id makes a redelivery recognisable.
/// </summary>
public sealed record IncidentClosedNews(Guid Id, Guid IncidentId, string District, string Title, string Summary, DateTimeOffset At);

public sealed record CloseIncident([property: Required, MaxLength(4000)] string? Summary)
{
    public Validation Check() => new Validation().Text(Summary, "summary", 4000);
}

public static class CloseIncidentEndpoint
{
    [WolverineBefore]
    public static Decision Decide(CloseIncident command, Incident incident) =>
        Decision.Checked(null, command.Check(), () =>
        {
            if (IncidentRules.ClosedRejection(incident) is { } closed) return Decision.Reject(closed);
            var activeDeployments = incident.ActiveDeployments;
            if (activeDeployments.Count > 0)
                return Decision.Reject("incident-teams-deployed", incident.Title, activeDeployments.Count,
                        activeDeployments.Select(d => new Message("team-of-district", d.TeamName, Districts.KalimantanBarat.Named(d.District))).ToList())
                    .With("deployments", activeDeployments.Select(d => d.Id).ToArray());
            return Decision.Accept(new IncidentClosed(incident.Id, command.Summary!.Trim()));
        }).On(incident.Version);

    /// <summary>
    /// Closing also cancels the incident's open requests and tells the province, through messages stored in the same transaction.
    /// </summary>
    [Authorize(Roles = $"{Roles.Coordinator},{Roles.Admin}")]
    [WolverinePost("/api/incidents/{id}/close", OperationId = "CloseIncident"), Tags("Incidents")]
    public static (Versioned, Events, OutgoingMessages) Post(CloseIncident command,
        [WriteAggregate("id", LoadStyle = ConcurrencyStyle.Exclusive)] Incident incident, Decision decision, ClaimsPrincipal user, TimeProvider clock)
    {
        var (versioned, events) = decision.Append();
        var summary = command.Summary!.Trim();
        return (versioned, events, [new CancelOpenRequests(incident.Id, summary, user.Role()),
            new IncidentClosedNews(Guid.CreateVersion7(), incident.Id, incident.District, incident.Title, summary, clock.GetUtcNow())]);
    }
}
