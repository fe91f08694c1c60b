using Coordination.Incidents;
using Coordination.Personnel;

namespace Coordination.Deployments;

public static class StandDownTeamEndpoint
{
    public static Decision Decide(Deployment deployment) =>
        deployment.Active
            ? Decision.Accept(new TeamStoodDown(deployment.Id, deployment.IncidentId))
            : Decision.Reject("team-already-stood-down", deployment.Id, deployment.TeamName);

    /// <summary>Standing down tells the incident the team is gone and frees the members (in id order, as deploying locks them).</summary>
    public static (IncidentTeamStoodDown OnIncident, IReadOnlyList<PersonnelReleased> Releases) Consequences(Deployment deployment) =>
        (new IncidentTeamStoodDown(deployment.IncidentId, deployment.Id),
            deployment.Members.Order().Select(m => new PersonnelReleased(m, deployment.District, deployment.Id)).ToList());

    public static ProblemDetails Validate(Deployment deployment, ClaimsPrincipal user, HttpContext http) =>
        Guard.Command(DeploymentRules.NotSentBy(user, deployment), new Validation(), http, deployment.Version, () => Decide(deployment));

    /// <summary>The incident and the members are fetched for writing (incident first, as deploying does) so their versions stay exact.</summary>
    [Authorize(Roles = $"{Roles.District},{Roles.Admin}")]
    [WolverinePost("/api/deployments/{id}/stand-down", OperationId = "StandDownTeam"), Tags("Deployments")]
    public static async Task<(Versioned, Events)> Post([WriteAggregate("id", LoadStyle = ConcurrencyStyle.Exclusive)] Deployment deployment,
        IDocumentSession session, CancellationToken cancellation)
    {
        var (onIncident, releases) = Consequences(deployment);
        (await session.Events.FetchForExclusiveWriting<Incident>(onIncident.IncidentId, cancellation)).AppendOne(onIncident);
        foreach (var release in releases)
            (await session.Events.FetchForExclusiveWriting<Person>(release.PersonId, cancellation)).AppendOne(release);

        return Decide(deployment).Append(deployment.Version);
    }
}
