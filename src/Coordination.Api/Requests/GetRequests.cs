using Coordination.Districts;

namespace Coordination.Requests;

public static class GetRequestEndpoint
{
    [WolverineGet("/api/requests/{id}", OperationId = "GetRequest"), Tags("Requests")]
    public static Request Get([ReadAggregate("id")] Request request, HttpContext http) =>
        http.Tagged(request, request.Version);
}

public static class ListRequestsEndpoint
{
    public static ProblemDetails Validate(string? status, string? district, int? limit, int? offset) =>
        DistrictFilters.Parse<RequestStatus>(status, district, limit, offset).Errors.ToProblem();

    [WolverineGet("/api/requests", OperationId = "ListRequests"), Tags("Requests"), QueryValues("status", typeof(RequestStatus))]
    public static async Task<IReadOnlyList<Request>> Get(string? status, string? district, Guid? incidentId, int? limit, int? offset,
        IQuerySession session, CancellationToken cancellation)
    {
        var (wanted, code, paging, _) = DistrictFilters.Parse<RequestStatus>(status, district, limit, offset);
        var query = session.Query<Request>().AsQueryable();
        if (wanted is { } s) query = query.Where(r => r.Status == s);
        if (code is not null) query = query.Where(r => r.District == code);
        if (incidentId is { } incident) query = query.Where(r => r.IncidentId == incident);
        return await query.OrderByDescending(r => r.IssuedAt).ThenByDescending(r => r.Id)
            .Skip(paging.Offset).Take(paging.Limit).ToListAsync(cancellation);
    }
}
