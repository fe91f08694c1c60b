using Coordination.Districts;
using JasperFx.Events;
using Marten.Events;

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
        DistrictFilters.Parse<DeploymentStatus>(status, district, limit, offset).Errors.ToProblem();

    [WolverineGet("/api/deployments", OperationId = "ListDeployments"), Tags("Deployments"), QueryValues("status", typeof(DeploymentStatus))]
    public static async Task<IReadOnlyList<Deployment>> Get(string? status, string? district, Guid? incidentId, int? limit, int? offset,
        IQuerySession session, CancellationToken cancellation)
    {
        var (wanted, code, paging, _) = DistrictFilters.Parse<DeploymentStatus>(status, district, limit, offset);
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

    /// <summary>What a team recorded, the latest record first: read from the deployment's own stream.</summary>
    [WolverineGet("/api/deployments/{id}/services", OperationId = "ListServiceRecords"), Tags("Deployments")]
    public static async Task<IReadOnlyList<ServiceRecord>> Get([ReadAggregate("id")] Deployment deployment, int? limit, int? offset,
        IQuerySession session, CancellationToken cancellation)
    {
        var paging = Paging.From(limit, offset, new Validation());
        var records = await session.Events.QueryAllRawEvents()
            .Where(e => e.StreamId == deployment.Id && e.EventTypesAre(typeof(ServicesRecorded)))
            .OrderByDescending(e => e.Version)
            .Skip(paging.Offset).Take(paging.Limit).ToListAsync(cancellation);
        return [.. records.Cast<IEvent<ServicesRecorded>>().Select(ServiceRecord.Of)];
    }
}
