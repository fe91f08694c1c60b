namespace Coordination.Deployments;

public static class ArriveTeamEndpoint
{
    [WolverineBefore]
    public static Decision Decide(Deployment deployment, ClaimsPrincipal user) =>
        Decision.Checked(DeploymentRules.NotSentBy(user, deployment), new Validation(), () => deployment.Status switch
        {
            DeploymentStatus.Deployed => Decision.Accept(new TeamArrived(deployment.Id, deployment.IncidentId)),
            DeploymentStatus.OnSite => Decision.Nothing,
            _ => Decision.Reject("team-stood-down-no-arrival", deployment.TeamName)
        }).On(deployment.Version);

    [Authorize(Roles = $"{Roles.District},{Roles.Admin}")]
    [WolverinePost("/api/deployments/{id}/arrive", OperationId = "ArriveTeam"), Tags("Deployments")]
    public static (Versioned, Events) Post([WriteAggregate("id", LoadStyle = ConcurrencyStyle.Exclusive)] Deployment deployment,
        [NotBody] Decision decision) =>
        decision.Append();
}
