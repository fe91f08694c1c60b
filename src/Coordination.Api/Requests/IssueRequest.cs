using Coordination.Districts;
using Coordination.Incidents;
using Coordination.Personnel;
using Wolverine;

namespace Coordination.Requests;

public sealed record IssueRequest(
    Guid? Id,
    [property: Required] Guid? IncidentId,
    [property: Required, MaxLength(10)] string? District,
    [property: Required] PersonnelRole? Role,
    [property: Required, Range(1, IssueRequest.MaxCount)] int? Count,
    [property: MaxLength(Skills.MaxCount), EachText(Skills.MaxLength)] IReadOnlyList<string?>? Skills,
    Priority? Priority,
    DateTimeOffset? NeededBy)
{
    public const int MaxCount = 1000;

    private static readonly DateTimeOffset Earliest = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// A request needed by a moment already past would be overdue the moment it is issued: refused, with the ten minutes a
    /// device's clock may be behind the service's.
    /// </summary>
    public Validation Check(DateTimeOffset now) =>
        Shape().Require(NeededBy is null || NeededBy < Earliest || NeededBy >= now.AddMinutes(-10), "neededBy", "time-in-past", "neededBy");

    /// <summary>All of <see cref="Check"/> that does not depend on the time: what a retry of an issued request is held to.</summary>
    public Validation Shape()
    {
        var v = new Validation()
            .NotEmpty(Id, "id")
            .NotNull(IncidentId, "incidentId")
            .NotEmpty(IncidentId, "incidentId")
            .Text(District, "district", 10)
            .NotNull(Role, "role")
            .NotNull(Count, "count")
            .Require(Count is null or >= 1 and <= MaxCount, "count", "field-out-of-range", "count", 1, MaxCount)
            .SkillList(Skills)
            .Require(NeededBy is null || NeededBy >= Earliest, "neededBy", "time-too-early", "neededBy", "2000");
        if (District is not null && !KalimantanBarat.Exists(District))
            v.Add("district", "invalid-district", District);
        return v;
    }
}

/// <summary>What issuing reads: the incident (locked) and, for a client's id already taken, the request it names.</summary>
public sealed record RequestDraft(Incident? Incident, Created? Existing);

public static class IssueRequestEndpoint
{
    /// <summary>
    /// The incident, locked as every writer locks it first: a request issued while the incident is being closed waits for
    /// the close and is refused, where it was stored open beside a close that had already cancelled the open requests.
    /// A retry of a request already issued under the client's id is answered as that request, whatever happened since
    /// (the incident closed, neededBy passed); the same id with other facts is a 409.
    /// </summary>
    public static async Task<RequestDraft> LoadAsync(IssueRequest command, IDocumentSession session, CancellationToken cancellation)
    {
        if (command.IncidentId is not { } incidentId || incidentId == Guid.Empty) return new RequestDraft(null, null);
        var batch = session.CreateBatchQuery();
        var incident = batch.Events.FetchForExclusiveWriting<Incident>(incidentId);
        // read once the incident is locked: a twin sent at the same moment then finds the request the first one made
        var existing = command is { Id: { } id } && id != Guid.Empty ? batch.Events.FetchStreamState(id) : null;
        await batch.Execute(cancellation);
        // a body of the wrong shape under a taken id is its 400, not a request to compare with the one stored
        var created = existing is not null && await existing is { } state && command.Shape().IsValid
            ? await session.MatchExistingAsync(state, Requested(command, state.Id), $"/api/requests/{state.Id}", cancellation)
            : null;
        return new RequestDraft((await incident).Aggregate, created);
    }

    [WolverineBefore]
    public static Decision Decide(IssueRequest command, RequestDraft draft, TimeProvider clock) =>
        draft.Existing is not null ? Decision.Nothing : Decide(command, draft.Incident, clock);

    public static Decision Decide(IssueRequest command, Incident? incident, TimeProvider clock)
    {
        var shape = command.Check(clock.GetUtcNow());
        if (shape.IsValid && incident is null) shape.Add("incidentId", "unknown-incident", command.IncidentId);
        return Decision.Checked(null, shape, () => IncidentRules.ClosedRejection(incident!) is { } closed
            ? Decision.Reject(closed)
            : Decision.Accept(Requested(command, command.Id ?? Guid.CreateVersion7())));
    }

    /// <summary>The event a request starts with.</summary>
    private static PersonnelRequested Requested(IssueRequest command, Guid id) =>
        new(id, command.IncidentId!.Value, command.District!, command.Role!.Value, command.Count!.Value, Skills.Normalize(command.Skills),
            command.Priority ?? Priority.Medium, command.NeededBy?.ToUniversalTime());

    [Authorize(Roles = $"{Roles.Coordinator},{Roles.Admin}")]
    [WolverinePost("/api/requests", OperationId = "IssueRequest"), Tags("Requests")]
    public static (Created, OutgoingMessages) Post(IssueRequest command, RequestDraft draft, Decision decision, IDocumentSession session, TimeProvider clock)
    {
        if (draft.Existing is { } existing) return (existing, []);
        var requested = (PersonnelRequested)decision.Started;
        // A retry under a taken id rolls back with its notice, and is answered as the existing request
        return (session.Start<Request>(requested.RequestId, requested, $"/api/requests/{requested.RequestId}"),
            [RequestNews.Issued(requested, clock.GetUtcNow())]);
    }
}
