
namespace Coordination.Deployments;

public static class GetDeploymentEndpoint
{
    [WolverineGet("/api/deployments/{id}", OperationId = "GetDeployment"), Tags("Deployments")]
    public static Deployment Get([ReadAggregate("id")] Deployment deployment, HttpContext http) =>
        http.Tagged(deployment, deployment.Version);
}

public static class ListDeploymentsEndpoint
{
    public static ProblemDetails Validate(string? status, string? district, int? limit, int? offset) =>
        QueryFilters.Parse<DeploymentStatus>(status, district, limit, offset).Errors.ToProblem();

    [WolverineGet("/api/deployments", OperationId = "ListDeployments"), Tags("Deployments")]
    public static async Task<IReadOnlyList<Deployment>> Get(string? status, string? district, Guid? incidentId, int? limit, int? offset,
        IQuerySession session, CancellationToken cancellation)
    {
        var (wanted, code, paging, _) = QueryFilters.Parse<DeploymentStatus>(status, district, limit, offset);
        var query = session.Query<Deployment>().AsQueryable();
        if (wanted is { } s) query = query.Where(d => d.Status == s);
        if (code is not null) query = query.Where(d => d.District == code);
        if (incidentId is { } incident) query = query.Where(d => d.IncidentId == incident);
        return await query.OrderByDescending(d => d.DeployedAt).ThenByDescending(d => d.Id)
            .Skip(paging.Offset).Take(paging.Limit).ToListAsync(cancellation);
    }
}

public static class ListServiceRecordsEndpoint
{
    public static ProblemDetails Validate(int? limit, int? offset)
    {
        var v = new Validation();
        Paging.From(limit, offset, v);
        return v.ToProblem();
    }

    /// <summary>What a team recorded, newest day first.</summary>
    [WolverineGet("/api/deployments/{id}/services", OperationId = "ListServiceRecords"), Tags("Deployments")]
    public static async Task<IReadOnlyList<ServiceRecord>> Get([ReadAggregate("id")] Deployment deployment, int? limit, int? offset,
        IQuerySession session, CancellationToken cancellation)
    {
        var paging = Paging.From(limit, offset, new Validation());
        return await session.Query<ServiceRecord>().Where(r => r.DeploymentId == deployment.Id)
            .OrderByDescending(r => r.Date).ThenByDescending(r => r.RecordedAt).ThenByDescending(r => r.Id)
            .Skip(paging.Offset).Take(paging.Limit).ToListAsync(cancellation);
    }
}
