using Coordination.Districts;

namespace Coordination.Incidents;

public sealed record IncidentFilter(IncidentStatus? Status, IncidentPhase? Phase, string? District, Hazard? Hazard, Paging Paging)
{
    public static (IncidentFilter, Validation) Parse(string? status, string? phase, string? district, string? hazard, int? limit, int? offset)
    {
        var v = new Validation();
        var filter = new IncidentFilter(v.Enum<IncidentStatus>(status, "status"), v.Enum<IncidentPhase>(phase, "phase"),
            v.District(district), v.Enum<Hazard>(hazard, "hazard"), Paging.From(limit, offset, v));
        return (filter, v);
    }
}

public static class ListIncidentsEndpoint
{
    public static ProblemDetails Validate(string? status, string? phase, string? district, string? hazard, int? limit, int? offset) =>
        IncidentFilter.Parse(status, phase, district, hazard, limit, offset).Item2.ToProblem();

    [WolverineGet("/api/incidents", OperationId = "ListIncidents"), Tags("Incidents")]
    [QueryValues("status", typeof(IncidentStatus)), QueryValues("phase", typeof(IncidentPhase)), QueryValues("hazard", typeof(Hazard))]
    public static async Task<IReadOnlyList<Incident>> Get(string? status, string? phase, string? district, string? hazard,
        int? limit, int? offset, IQuerySession session, CancellationToken cancellation)
    {
        var (filter, _) = IncidentFilter.Parse(status, phase, district, hazard, limit, offset);
        var query = session.Query<Incident>().AsQueryable();
        if (filter.Status == IncidentStatus.Closed) query = query.Where(x => x.Phase == IncidentPhase.Closed);
        if (filter.Status == IncidentStatus.Open) query = query.Where(x => x.Phase != IncidentPhase.Closed);
        if (filter.Phase is { } p) query = query.Where(x => x.Phase == p);
        if (filter.District is { } d) query = query.Where(x => x.District == d);
        if (filter.Hazard is { } h) query = query.Where(x => x.Hazard == h);
        return await query.OrderByDescending(x => x.ReportedAt).ThenByDescending(x => x.Id)
            .Skip(filter.Paging.Offset).Take(filter.Paging.Limit).ToListAsync(cancellation);
    }
}
