
namespace Coordination.Personnel;

public sealed record RecordTraining([property: Required, MaxLength(200)] string? Course, [property: Required] DateOnly? CompletedOn, DateOnly? ValidUntil)
{
    public Validation Check(DateOnly today) => new Validation()
        .Text(Course, "course", 200)
        .NotNull(CompletedOn, "completedOn")
        .Require(CompletedOn is null || CompletedOn <= today, "completedOn", "time-in-future", "completedOn")
        .Require(CompletedOn is null || CompletedOn >= new DateOnly(1980, 1, 1), "completedOn", "time-too-early", "completedOn", "1980")
        .Require(ValidUntil is null || CompletedOn is null || ValidUntil >= CompletedOn, "validUntil", "valid-until-before-completed");
}

public static class RecordTrainingEndpoint
{
    [WolverineBefore]
    public static Decision Decide(RecordTraining command, Person person, ClaimsPrincipal user, TimeProvider clock) =>
        Decision.Checked(DistrictScope.ForbiddenFor(user, person.District), command.Check(Districts.KalimantanBarat.Today(clock)), () =>
        {
            var course = command.Course!.Trim();
            var known = person.Trainings.Any(t =>
                string.Equals(t.Course, course, StringComparison.OrdinalIgnoreCase) && t.CompletedOn == command.CompletedOn && t.ValidUntil == command.ValidUntil);
            return known
                ? Decision.Nothing
                : Decision.Accept(new TrainingCompleted(person.Id, person.District, course, command.CompletedOn!.Value, command.ValidUntil));
        }).On(person.Version);

    [Authorize(Roles = $"{Roles.District},{Roles.Admin}")]
    [WolverinePost("/api/personnel/{id}/trainings", OperationId = "RecordTraining"), Tags("Personnel")]
    public static (Versioned, Events) Post(RecordTraining command, [WriteAggregate("id", LoadStyle = ConcurrencyStyle.Exclusive)] Person person,
        Decision decision) => decision.Append();
}
