using Coordination.Districts;
using Microsoft.Extensions.Options;

namespace Coordination.Readiness;

public static class GetReadinessEndpoint
{
    /// <summary>All 14 districts, in code order, as of today.</summary>
    [WolverineGet("/api/readiness", OperationId = "GetReadiness"), Tags("Readiness")]
    public static async Task<IReadOnlyList<ReadinessRow>> Get(IQuerySession session, IOptions<ReadinessOptions> options, TimeProvider clock,
        CancellationToken cancellation)
    {
        var facts = (await session.Query<DistrictReadiness>().ToListAsync(cancellation)).ToDictionary(f => f.Id);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        return KalimantanBarat.Districts
            .Select(d => ReadinessRules.Row(d, facts.GetValueOrDefault(d.Code), today, options.Value.TargetFor(d.Code)))
            .ToList();
    }
}

public static class GetDistrictReadinessEndpoint
{
    public static ProblemDetails Validate(string code) => KalimantanBarat.Exists(code) ? Problems.None : Problems.UnknownDistrict(code);

    [WolverineGet("/api/districts/{code}/readiness", OperationId = "GetDistrictReadiness"), Tags("Readiness")]
    public static async Task<ReadinessRow> Get(string code, IQuerySession session, IOptions<ReadinessOptions> options, TimeProvider clock,
        CancellationToken cancellation) =>
        ReadinessRules.Row(KalimantanBarat.Find(code)!, await session.LoadAsync<DistrictReadiness>(code, cancellation),
            DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), options.Value.TargetFor(code));
}
