using Coordination.Infrastructure.Http;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace Coordination.Deployments;

public static class GetDeploymentEndpoint
{
    [WolverineGet("/api/deployments/{id}", OperationId = "GetDeployment"), Tags("Deployments")]
    public static Deployment Get([ReadAggregate("id")] Deployment deployment, HttpContext http)
    {
        IfMatch.WriteETag(http, deployment.Version);
        return deployment;
    }
}

public static class ListDeploymentsEndpoint
{
    private static (DeploymentStatus?, string?, Paging, Validation) Parse(string? status, string? district, int? limit, int? offset)
    {
        var v = new Validation();
        return (v.Enum<DeploymentStatus>(status, "status"), v.District(district), Paging.From(limit, offset, v), v);
    }

    public static ProblemDetails Validate(string? status, string? district, int? limit, int? offset) =>
        Parse(status, district, limit, offset).Item4.ToProblem();

    [WolverineGet("/api/deployments", OperationId = "ListDeployments"), Tags("Deployments")]
    public static async Task<IReadOnlyList<Deployment>> Get(string? status, string? district, Guid? incidentId, int? limit, int? offset,
        IQuerySession session, CancellationToken cancellation)
    {
        var (wanted, code, paging, _) = Parse(status, district, limit, offset);
        var query = session.Query<Deployment>().AsQueryable();
        if (wanted is { } s) query = query.Where(d => d.Status == s);
        if (code is not null) query = query.Where(d => d.District == code);
        if (incidentId is { } incident) query = query.Where(d => d.IncidentId == incident);
        return await query.OrderByDescending(d => d.DeployedAt).ThenByDescending(d => d.Id)
            .Skip(paging.Offset).Take(paging.Limit).ToListAsync(cancellation);
    }
}
