using Coordination.Districts;
using Coordination.Incidents;
using Coordination.Infrastructure.Json;
using Coordination.Personnel;
using Coordination.Requests;
using JasperFx.Events;
using Wolverine.Attributes;

namespace Coordination.Deployments;

public sealed record DeployTeam(Guid? Id, [property: Required] Guid? IncidentId, Guid? RequestId, [property: MaxLength(10)] string? District,
    [property: Required, MaxLength(120)] string? TeamName,
    [property: Required, MinLength(1), MaxLength(DeployTeam.MaxMembers)] IReadOnlyList<Guid>? Members,
    [property: Required, MaxLength(100)] string? Village)
{
    public const int MaxMembers = 50;

    public Validation Check() => new Validation()
        .NotEmpty(Id, "id")
        .NotNull(IncidentId, "incidentId")
        .NotEmpty(IncidentId, "incidentId")
        .NotEmpty(RequestId, "requestId")
        .Text(TeamName, "teamName", 120)
        .Text(Village, "village", 100)
        .Require(Members is { Count: > 0 }, "members", "members-required")
        .Require(Members is null || Members.Count <= MaxMembers, "members", "members-too-many", MaxMembers)
        .Require(Members is null || Members.Distinct().Count() == Members.Count, "members", "members-repeated")
        .NoneEmpty(Members, "members");

    public string SendingDistrict(ClaimsPrincipal user) => District ?? user.District() ?? "";

    /// <summary>The event this command starts a deployment with; members keep the order the client gave.</summary>
    public TeamDeployed Deployed(Guid id, string district) =>
        new(id, IncidentId!.Value, RequestId, district, TeamName!.Trim(), Members!.ToList(), Village!.Trim());
}

/// <summary>
/// Everything a deployment decision reads, fetched in one round trip with row locks (incident, request, then members by
/// id) so that concurrent deployments take turns.
/// </summary>
public sealed class DeploymentDraft
{
    public required Guid Id { get; init; }
    public Created? Existing { get; init; }
    public IEventStream<Incident>? Incident { get; init; }
    public IEventStream<Request>? Request { get; init; }
    public IReadOnlyList<IEventStream<Person>> Members { get; init; } = [];
}

/// <summary>What a deployment appends, stream by stream: the new deployment, the incident, each member, and the request.</summary>
public sealed record DeploymentPlan(
    TeamDeployed Deployed,
    IncidentTeamDeployed OnIncident,
    IReadOnlyList<PersonnelAssigned> Assignments,
    IReadOnlyList<object> OnRequest);

/// <summary>Why one member of a team cannot go: the problem member <c>refusals</c> holds one per refused person, for programs.</summary>
public sealed record MemberRefusal(Guid Person, Message Detail)
{
    public string Code => Detail.Code;
}

public static class DeployTeamEndpoint
{
    /// <summary>
    /// Accepted with a <see cref="DeploymentPlan"/>, or refused; a refusal of members names each by name (and the team a
    /// busy one is out with) and lists them by id in the problem's <c>refusals</c>.
    /// </summary>
    public static Decision Decide(DeployTeam command, Guid id, string district, Incident incident, Request? request,
        IReadOnlyList<Person> members)
    {
        if (IncidentRules.ClosedRejection(incident) is { } closed) return Decision.Reject(closed);

        if (request is not null)
        {
            if (request.District != district)
                return Decision.Reject(new Message("request-other-district", request.Named(), KalimantanBarat.Named(request.District), KalimantanBarat.Named(district)));
            if (request.IncidentId != incident.Id)
                return Decision.Reject("request-other-incident", request.Named(), incident.Title).With("requestIncidentId", request.IncidentId);
            if (!request.Staffable)
                return Decision.Reject(request.Status == RequestStatus.Open
                    ? new Message("request-not-accepted", request.Named())
                    : new Message("request-not-staffable", request.Named(), KalimantanBarat.Named(request.District), request.Status.Named()));
            var remaining = request.Accepted!.Value - request.Deployed;
            if (members.Count > remaining)
                return Decision.Reject("team-exceeds-request", request.Named(), request.Accepted, request.Deployed, members.Count, remaining);
        }

        var refusals = members.Select(person => Refusal(person, district, request) is { } why ? new MemberRefusal(person.Id, why) : null)
            .OfType<MemberRefusal>().ToList();
        if (refusals.Count > 0)
            return Decision.Reject(new Message("team-members-refused", refusals.Count, refusals.Select(r => r.Detail).ToList())
            {
                Code = refusals.Select(r => r.Code).Distinct().Count() == 1 ? refusals[0].Code : "team-members-refused"
            }).With("refusals", refusals);

        var deployed = command.Deployed(id, district);
        var assignments = members.Select(m => new PersonnelAssigned(m.Id, m.District, id, incident.Id, deployed.TeamName)).ToList();
        var onRequest = new List<object>();
        if (request is not null)
        {
            onRequest.Add(new RequestStaffed(request.Id, id, members.Count));
            if (request.Deployed + members.Count >= request.Accepted) onRequest.Add(new RequestFulfilled(request.Id, request.Deployed + members.Count));
        }

        return Decision.Accept(new DeploymentPlan(deployed, new IncidentTeamDeployed(incident.Id, id, district, deployed.TeamName), assignments, onRequest));
    }

    /// <summary>Why a person cannot go, naming them as people call them; their id travels in <see cref="MemberRefusal"/>.</summary>
    private static Message? Refusal(Person person, string district, Request? request)
    {
        var who = person.Name;
        if (person.District != district) return new Message("person-other-district", who, KalimantanBarat.Named(person.District));
        if (person.DeploymentId is not null)
            return new Message("person-already-deployed", who, person.DeploymentTeam ?? (object)new Message("another-team"));
        if (!person.Available) return new Message("person-unavailable", who, person.UnavailableReason);
        if (request is null) return null;
        if (person.Role != request.Role) return new Message("person-wrong-role", who, person.Role.Named(), request.Role.Named());
        var lacking = request.Skills.Where(skill => !person.Holds(skill)).ToList();
        return lacking.Count > 0 ? new Message("person-lacks-skills", who, lacking.Select(Skills.Named).ToList()) : null;
    }

    public static async Task<DeploymentDraft> LoadAsync(DeployTeam command, ClaimsPrincipal user, IDocumentSession session,
        CancellationToken cancellation)
    {
        var id = command.Id ?? Guid.CreateVersion7();
        // what the shape refuses is not read (Marten cannot lock a stream of the all-zero id)
        if (command.IncidentId is not { } incidentId || incidentId == Guid.Empty ||
            command.Members is not { Count: > 0 and <= DeployTeam.MaxMembers } ids || ids.Contains(Guid.Empty))
            return new DeploymentDraft { Id = id };

        var batch = session.CreateBatchQuery();
        var incident = batch.Events.FetchForExclusiveWriting<Incident>(incidentId);
        var request = command.RequestId is { } requestId && requestId != Guid.Empty ? batch.Events.FetchForExclusiveWriting<Request>(requestId) : null;
        var members = ids.Distinct().Order().Select(batch.Events.FetchForExclusiveWriting<Person>).ToList();
        // read once the locks are held: a twin sent at the same moment then finds the deployment the first one made
        var existing = command.Id is not null ? batch.Events.FetchStreamState(id) : null;
        await batch.Execute(cancellation);

        // A retry of a deployment already made: the same facts answer the deployment, other facts are a 409 (a body of the
        // wrong shape is its 400, not a deployment to compare)
        if (existing is not null && await existing is { } state && command.Check().IsValid)
            return new DeploymentDraft
            {
                Id = id,
                Existing = await session.MatchExistingAsync(state, command.Deployed(id, command.SendingDistrict(user)), $"/api/deployments/{id}", cancellation)
            };

        return new DeploymentDraft
        {
            Id = id, Incident = await incident, Request = request is null ? null : await request, Members = await Task.WhenAll(members)
        };
    }

    /// <summary>The district (shape), then the caller's right to send from it, then what was named, then the decision.</summary>
    [WolverineBefore]
    public static Decision Decide(DeployTeam command, DeploymentDraft draft, ClaimsPrincipal user)
    {
        if (draft.Existing is not null) return Decision.Nothing;
        var shape = command.Check();
        var district = command.SendingDistrict(user);
        if (!KalimantanBarat.Exists(district)) shape.Add("district", "invalid-district", district);
        var forbidden = shape.IsValid && !user.ActsForDistrict(district)
            ? new Message("deploy-other-district", user.ActsFor(), KalimantanBarat.Named(district))
            : null;
        if (shape.IsValid && forbidden is null) shape = Named(command, draft);
        return Decision.Checked(forbidden, shape, () =>
            Decide(command, draft.Id, district, draft.Incident!.Aggregate!, draft.Request?.Aggregate, draft.Members.Select(m => m.Aggregate!).ToList()));
    }

    /// <summary>Every incident, request and person the command names must exist; the incident must be in the village.</summary>
    private static Validation Named(DeployTeam command, DeploymentDraft draft)
    {
        var v = new Validation();
        if (draft.Incident?.Aggregate is not { } incident) return v.Add("incidentId", "unknown-incident", command.IncidentId);
        if (command.RequestId is not null && draft.Request?.Aggregate is null) v.Add("requestId", "unknown-request", command.RequestId);
        foreach (var unknown in draft.Members.Where(m => m.Aggregate is null)) v.Add("members", "person-not-registered", unknown.Id);
        if (!incident.Villages.Contains(command.Village!.Trim(), StringComparer.OrdinalIgnoreCase))
            v.Add("village", "village-not-affected", command.Village, incident.Villages);
        return v;
    }

    [Authorize(Roles = $"{Roles.District},{Roles.Admin}")]
    [WolverinePost("/api/deployments", OperationId = "DeployTeam"), Tags("Deployments")]
    public static Created Post(DeployTeam command, DeploymentDraft draft, Decision decision, IDocumentSession session)
    {
        if (draft.Existing is { } existing) return existing;

        var plan = (DeploymentPlan)decision.Started;
        session.Events.StartStream<Deployment>(draft.Id, plan.Deployed);
        draft.Incident!.AppendOne(plan.OnIncident);
        foreach (var (stream, assignment) in draft.Members.Zip(plan.Assignments.OrderBy(a => a.PersonId)))
            stream.AppendOne(assignment);
        draft.Request?.AppendMany(plan.OnRequest);
        return Created.At($"/api/deployments/{draft.Id}", draft.Id, 1);
    }
}
