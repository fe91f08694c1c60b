using Coordination.Incidents;
using Coordination.Personnel;

namespace Coordination.Deployments;

public static class StandDownTeamEndpoint
{
    public static Decision Decide(Deployment deployment) =>
        deployment.Active
            ? Decision.Accept(new TeamStoodDown(deployment.Id, deployment.IncidentId))
            : Decision.Reject($"{deployment.Describe()} already.");

    /// <summary>Standing down frees the members and tells the incident the team is gone.</summary>
    public static IEnumerable<(Guid Stream, object Event)> Consequences(Deployment deployment) =>
        deployment.Members.Order().Select(m => (m, (object)new PersonnelReleased(m, deployment.District, deployment.Id)))
            .Prepend((deployment.IncidentId, new IncidentTeamStoodDown(deployment.IncidentId, deployment.Id)));

    public static ProblemDetails Validate(Deployment deployment, ClaimsPrincipal user, HttpContext http) =>
        Guard.Command(DeploymentRules.NotSentBy(user, deployment), new Validation(), http, deployment.Version, () => Decide(deployment));

    /// <summary>The incident and the members are fetched for writing (incident first, as deploying does) so their versions stay exact.</summary>
    [Authorize(Roles = $"{Roles.District},{Roles.Admin}")]
    [WolverinePost("/api/deployments/{id}/stand-down", OperationId = "StandDownTeam"), Tags("Deployments")]
    public static async Task<(Versioned, Events)> Post([WriteAggregate("id", LoadStyle = ConcurrencyStyle.Exclusive)] Deployment deployment,
        IDocumentSession session, CancellationToken cancellation)
    {
        foreach (var (stream, @event) in Consequences(deployment))
        {
            if (@event is IncidentTeamStoodDown)
                (await session.Events.FetchForExclusiveWriting<Incident>(stream, cancellation)).AppendOne(@event);
            else
                (await session.Events.FetchForExclusiveWriting<Person>(stream, cancellation)).AppendOne(@event);
        }

        return Decide(deployment).Append(deployment.Version);
    }
}
