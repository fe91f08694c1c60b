using System.Security.Claims;
using Coordination.Incidents;
using Coordination.Infrastructure.Auth;
using Coordination.Infrastructure.EventSourcing;
using Coordination.Infrastructure.Http;
using Coordination.Personnel;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace Coordination.Deployments;

public static class StandDownTeamEndpoint
{
    public static Decision Decide(Deployment deployment) =>
        deployment.Active
            ? Decision.Accept(new TeamStoodDown(deployment.Id))
            : Decision.Reject($"{deployment.Describe()} already.");

    /// <summary>Standing down frees the members and tells the incident the team is gone.</summary>
    public static IEnumerable<(Guid Stream, object Event)> Consequences(Deployment deployment) =>
        deployment.Members.Select(m => (m, (object)new PersonnelReleased(m, deployment.Id)))
            .Append((deployment.IncidentId, new IncidentTeamStoodDown(deployment.IncidentId, deployment.Id)));

    public static ProblemDetails Validate(Deployment deployment, ClaimsPrincipal user, HttpContext http) =>
        Guard.Command(DeploymentRules.NotSentBy(user, deployment), new Validation(), http, deployment.Version, () => Decide(deployment));

    [Authorize(Roles = $"{Roles.District},{Roles.Admin}")]
    [WolverinePost("/api/deployments/{id}/stand-down", OperationId = "StandDownTeam"), Tags("Deployments")]
    public static (Versioned, Events) Post([WriteAggregate("id", LoadStyle = ConcurrencyStyle.Exclusive)] Deployment deployment,
        IDocumentSession session)
    {
        foreach (var (stream, @event) in Consequences(deployment)) session.Events.Append(stream, @event);
        return Decide(deployment).Append(deployment.Version);
    }
}
