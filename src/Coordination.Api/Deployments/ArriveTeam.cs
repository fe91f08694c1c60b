
namespace Coordination.Deployments;

public static class ArriveTeamEndpoint
{
    public static Decision Decide(Deployment deployment) => deployment.Status switch
    {
        DeploymentStatus.Deployed => Decision.Accept(new TeamArrived(deployment.Id, deployment.IncidentId)),
        DeploymentStatus.OnSite => Decision.Nothing,
        _ => Decision.Reject("team-stood-down-no-arrival", deployment.Id, deployment.TeamName)
    };

    public static ProblemDetails Validate(Deployment deployment, ClaimsPrincipal user, HttpContext http) =>
        Guard.Command(DeploymentRules.NotSentBy(user, deployment), new Validation(), http, deployment.Version, () => Decide(deployment));

    [Authorize(Roles = $"{Roles.District},{Roles.Admin}")]
    [WolverinePost("/api/deployments/{id}/arrive", OperationId = "ArriveTeam"), Tags("Deployments")]
    public static (Versioned, Events) Post([WriteAggregate("id", LoadStyle = ConcurrencyStyle.Exclusive)] Deployment deployment) => Decide(deployment).Append(deployment.Version);
}
