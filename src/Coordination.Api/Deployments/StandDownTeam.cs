using Coordination.Incidents;
using Coordination.Personnel;
using JasperFx.Events;
using ConcurrencyStyle = Wolverine.Marten.ConcurrencyStyle;

namespace Coordination.Deployments;

/// <summary>The streams a stand-down also writes to, locked in the order deploying locks them: the incident, then members by id.</summary>
public sealed record StandDownStreams(IEventStream<Incident> Incident, IReadOnlyList<IEventStream<Person>> Members);

public static class StandDownTeamEndpoint
{
    public static async Task<StandDownStreams> LoadAsync(Deployment deployment, IDocumentSession session, CancellationToken cancellation)
    {
        var batch = session.CreateBatchQuery();
        var incident = batch.Events.FetchForExclusiveWriting<Incident>(deployment.IncidentId);
        var members = deployment.Members.Order().Select(batch.Events.FetchForExclusiveWriting<Person>).ToList();
        await batch.Execute(cancellation);
        return new StandDownStreams(await incident, await Task.WhenAll(members));
    }

    /// <summary>Standing down tells the incident the team is gone and frees the members.</summary>
    [WolverineBefore]
    public static Decision Decide(Deployment deployment, ClaimsPrincipal user) =>
        Decision.Checked(DeploymentRules.NotSentBy(user, deployment), new Validation(), () =>
            deployment.Active
                ? Decision.Accept(new TeamStoodDown(deployment.Id, deployment.IncidentId))
                : Decision.Reject("team-already-stood-down", deployment.TeamName)
        ).On(deployment.Version);

    public static (IncidentTeamStoodDown OnIncident, IReadOnlyList<PersonnelReleased> Releases) Consequences(Deployment deployment) =>
        (new IncidentTeamStoodDown(deployment.IncidentId, deployment.Id),
            deployment.Members.Order().Select(m => new PersonnelReleased(m, deployment.District, deployment.Id)).ToList());

    [Authorize(Roles = $"{Roles.District},{Roles.Admin}")]
    [WolverinePost("/api/deployments/{id}/stand-down", OperationId = "StandDownTeam"), Tags("Deployments")]
    public static (Versioned, Events) Post([WriteAggregate("id", LoadStyle = ConcurrencyStyle.Exclusive)] Deployment deployment,
        [NotBody] StandDownStreams streams, [NotBody] Decision decision)
    {
        var (onIncident, releases) = Consequences(deployment);
        streams.Incident.AppendOne(onIncident);
        foreach (var (member, release) in streams.Members.Zip(releases)) member.AppendOne(release);
        return decision.Append();
    }
}
