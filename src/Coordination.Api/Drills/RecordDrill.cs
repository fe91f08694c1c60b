using Coordination.Personnel;

namespace Coordination.Drills;

public sealed record RecordDrill(Guid? Id, [property: Required] DateOnly? HeldOn, [property: Required, MaxLength(500)] string? Scenario,
    [property: Required, MinLength(1), MaxLength(RecordDrill.MaxParticipants)] IReadOnlyList<Guid>? Participants)
{
    public const int MaxParticipants = 500;

    public Validation Check(DateOnly today) => new Validation()
        .NotEmpty(Id, "id")
        .NotNull(HeldOn, "heldOn")
        .Require(HeldOn is null || HeldOn <= today, "heldOn", "time-in-future", "heldOn")
        .Require(HeldOn is null || HeldOn >= new DateOnly(2000, 1, 1), "heldOn", "time-too-early", "heldOn", "2000")
        .Text(Scenario, "scenario", 500)
        .Require(Participants is { Count: > 0 }, "participants", "participants-required")
        .Require(Participants is null || Participants.Count <= MaxParticipants, "participants", "participants-too-many", MaxParticipants)
        .NoneEmpty(Participants, "participants");
}

public static class RecordDrillEndpoint
{
    /// <summary>Every participant must be on the district's roster; the answer names each one who is not.</summary>
    public static Validation Participants(string district, IReadOnlyList<Guid> participants, IReadOnlyDictionary<Guid, Person> people)
    {
        var v = new Validation();
        foreach (var id in participants.Distinct())
        {
            if (!people.TryGetValue(id, out var person)) v.Add("participants", "person-not-registered", id);
            else if (person.District != district) v.Add("participants", "participant-other-district", person.Name, Districts.KalimantanBarat.Named(person.District), Districts.KalimantanBarat.Named(district));
        }

        return v;
    }

    public static async Task<IReadOnlyDictionary<Guid, Person>> LoadAsync(RecordDrill command, IQuerySession session, CancellationToken cancellation) =>
        command.Participants is { Count: > 0 and <= RecordDrill.MaxParticipants } ids
            ? (await session.LoadManyAsync<Person>(cancellation, ids.Distinct())).ToDictionary(p => p.Id)
            : new Dictionary<Guid, Person>();

    [WolverineBefore]
    public static Decision Decide(string code, RecordDrill command, IReadOnlyDictionary<Guid, Person> people, ClaimsPrincipal user, TimeProvider clock)
    {
        var shape = command.Check(Districts.KalimantanBarat.Today(clock));
        if (shape.IsValid) shape = Participants(code, command.Participants!, people);
        return DistrictScope.Checked(code, user, shape, () => Decision.Accept(
            new DrillHeld(command.Id ?? Guid.CreateVersion7(), code, command.HeldOn!.Value, command.Scenario!.Trim(), command.Participants!.Distinct().ToList())));
    }

    [Authorize(Roles = $"{Roles.District},{Roles.Admin}")]
    [WolverinePost("/api/districts/{code}/drills", OperationId = "RecordDrill"), Tags("Drills")]
    public static Created Post(string code, RecordDrill command, Decision decision, IDocumentSession session)
    {
        var held = (DrillHeld)decision.Started;
        return session.Start<Drill>(held.DrillId, held, $"/api/districts/{code}/drills/{held.DrillId}");
    }
}

public static class ListDrillsEndpoint
{
    public static ProblemDetails Validate(string code, int? limit, int? offset)
    {
        if (!Districts.KalimantanBarat.Exists(code)) return Problems.UnknownDistrict(code);
        var v = new Validation();
        Paging.From(limit, offset, v);
        return v.ToProblem();
    }

    [WolverineGet("/api/districts/{code}/drills", OperationId = "ListDrills"), Tags("Drills")]
    public static async Task<IReadOnlyList<Drill>> Get(string code, int? limit, int? offset, IQuerySession session, CancellationToken cancellation)
    {
        var paging = Paging.From(limit, offset, new Validation());
        return await session.Query<Drill>().Where(d => d.District == code).OrderByDescending(d => d.HeldOn).ThenByDescending(d => d.Id)
            .Skip(paging.Offset).Take(paging.Limit).ToListAsync(cancellation);
    }
}
