
namespace Coordination.Personnel;

public sealed record RegisterPersonnel(Guid? Id, string? Name, PersonnelRole? Role, IReadOnlyList<string?>? Skills)
{
    public Validation Check() => new Validation()
        .NotEmpty(Id, "id")
        .Text(Name, "name", 120)
        .NotNull(Role, "role")
        .SkillList(Skills);
}

public static class RegisterPersonnelEndpoint
{
    public static PersonnelRegistered Decide(string district, RegisterPersonnel command, Guid id) =>
        new(id, district, command.Name!.Trim(), command.Role!.Value, Skills.Normalize(command.Skills));

    public static ProblemDetails Validate(string code, RegisterPersonnel command, ClaimsPrincipal user)
    {
        var scope = DistrictScope.OwnDistrict(code, user);
        return ReferenceEquals(scope, Problems.None) ? command.Check().ToProblem() : scope;
    }

    [Authorize(Roles = $"{Roles.District},{Roles.Admin}")]
    [WolverinePost("/api/districts/{code}/personnel", OperationId = "RegisterPersonnel"), Tags("Personnel")]
    public static Task<Created> Post(string code, RegisterPersonnel command, IDocumentSession session, CancellationToken cancellation)
    {
        var registered = Decide(code, command, command.Id ?? Guid.CreateVersion7());
        return session.StartOrMatchAsync<Person>(registered.PersonId, command.Id is not null, registered,
            $"/api/personnel/{registered.PersonId}", cancellation);
    }
}
