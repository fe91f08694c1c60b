
namespace Coordination.Personnel;

public sealed record RegisterPersonnel(Guid? Id, [property: Required, MaxLength(120)] string? Name, [property: Required] PersonnelRole? Role,
    [property: MaxLength(Skills.MaxCount), EachText(Skills.MaxLength)] IReadOnlyList<string?>? Skills)
{
    public Validation Check() => new Validation()
        .NotEmpty(Id, "id")
        .Text(Name, "name", 120)
        .NotNull(Role, "role")
        .SkillList(Skills);
}

public static class RegisterPersonnelEndpoint
{
    [WolverineBefore]
    public static Decision Decide(string code, RegisterPersonnel command, ClaimsPrincipal user) =>
        DistrictScope.Checked(code, user, command.Check(), () => Decision.Accept(
            new PersonnelRegistered(command.Id ?? Guid.CreateVersion7(), code, command.Name!.Trim(), command.Role!.Value, Skills.Normalize(command.Skills))));

    [Authorize(Roles = $"{Roles.District},{Roles.Admin}")]
    [WolverinePost("/api/districts/{code}/personnel", OperationId = "RegisterPersonnel"), Tags("Personnel")]
    public static Created Post(string code, RegisterPersonnel command, Decision decision, IDocumentSession session)
    {
        var registered = (PersonnelRegistered)decision.Started;
        return session.Start<Person>(registered.PersonId, registered, $"/api/personnel/{registered.PersonId}");
    }
}
