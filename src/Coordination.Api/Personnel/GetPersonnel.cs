using Coordination.Infrastructure.Json;

namespace Coordination.Personnel;

public static class GetPersonEndpoint
{
    [WolverineGet("/api/personnel/{id}", OperationId = "GetPerson"), Tags("Personnel")]
    public static Person Get([ReadAggregate("id")] Person person, HttpContext http) =>
        http.Tagged(person, person.Version);
}

public static class GetRosterEndpoint
{
    public static ProblemDetails Validate(string code, string? status, string? role, int? limit, int? offset)
    {
        if (!Districts.KalimantanBarat.Exists(code)) return Problems.UnknownDistrict(code);
        var v = new Validation();
        v.Enum<PersonnelStatus>(status, "status");
        v.Enum<PersonnelRole>(role, "role");
        Paging.From(limit, offset, v);
        return v.ToProblem();
    }

    /// <summary>The district's roster, newest registration first, each person with derived status and trainings.</summary>
    [WolverineGet("/api/districts/{code}/personnel", OperationId = "GetRoster"), Tags("Personnel")]
    [QueryValues("status", typeof(PersonnelStatus)), QueryValues("role", typeof(PersonnelRole))]
    public static async Task<IReadOnlyList<Person>> Get(string code, string? status, string? role, int? limit, int? offset,
        IQuerySession session, CancellationToken cancellation)
    {
        var v = new Validation();
        var wantedStatus = v.Enum<PersonnelStatus>(status, "status");
        var wantedRole = v.Enum<PersonnelRole>(role, "role");
        var paging = Paging.From(limit, offset, v);

        var query = session.Query<Person>().Where(p => p.District == code);
        if (wantedRole is { } r) query = query.Where(p => p.Role == r);
        if (wantedStatus == PersonnelStatus.Deployed) query = query.Where(p => p.DeploymentId != null);
        if (wantedStatus == PersonnelStatus.Available) query = query.Where(p => p.DeploymentId == null && p.Available);
        if (wantedStatus == PersonnelStatus.Unavailable) query = query.Where(p => p.DeploymentId == null && !p.Available);
        return await query.OrderByDescending(p => p.RegisteredAt).ThenByDescending(p => p.Id)
            .Skip(paging.Offset).Take(paging.Limit).ToListAsync(cancellation);
    }
}
