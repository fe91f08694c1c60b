using Coordination.Districts;
using Marten.Events;
using Microsoft.Extensions.Options;

namespace Coordination.Readiness;

public static class GetReadinessEndpoint
{
    public static ProblemDetails Validate(DateTimeOffset? at, TimeProvider clock) => KalimantanBarat.NotAfterToday(at, clock);

    /// <summary>All 14 districts, in code order, as of today, or as they were at a past moment (at, with that day as today).</summary>
    [WolverineGet("/api/readiness", OperationId = "GetReadiness"), Tags("Readiness")]
    public static async Task<IReadOnlyList<ReadinessRow>> Get(DateTimeOffset? at, IQuerySession session, IOptions<ReadinessOptions> options,
        TimeProvider clock, CancellationToken cancellation)
    {
        var (facts, today) = await ReadinessFacts.LoadAsync(session, at, clock, cancellation);
        return KalimantanBarat.Districts
            .Select(d => ReadinessRules.Row(d, facts.GetValueOrDefault(d.Code), today, options.Value.TargetFor(d.Code)))
            .ToList();
    }
}

public static class GetDistrictReadinessEndpoint
{
    public static ProblemDetails Validate(string code, DateTimeOffset? at, TimeProvider clock) =>
        KalimantanBarat.Exists(code) ? KalimantanBarat.NotAfterToday(at, clock) : Problems.UnknownDistrict(code);

    [WolverineGet("/api/districts/{code}/readiness", OperationId = "GetDistrictReadiness"), Tags("Readiness")]
    public static async Task<ReadinessRow> Get(string code, DateTimeOffset? at, IQuerySession session, IOptions<ReadinessOptions> options,
        TimeProvider clock, CancellationToken cancellation)
    {
        var (facts, today) = await ReadinessFacts.LoadAsync(session, at, clock, cancellation, code);
        return ReadinessRules.Row(KalimantanBarat.Find(code)!, facts.GetValueOrDefault(code), today, options.Value.TargetFor(code));
    }
}

/// <summary>The stored facts of the view for now, or the same facts folded from the events stored up to a past moment.</summary>
public static class ReadinessFacts
{
    public static async Task<(IReadOnlyDictionary<string, DistrictReadiness> Facts, DateOnly Today)> LoadAsync(IQuerySession session,
        DateTimeOffset? at, TimeProvider clock, CancellationToken cancellation, string? district = null)
    {
        if (at?.ToUniversalTime() is not { } moment) // Npgsql writes only UTC moments: 23:59+07:00 as 16:59Z
        {
            var today = KalimantanBarat.Today(clock);
            var stored = district is null
                ? await session.Query<DistrictReadiness>().ToListAsync(cancellation)
                : await session.LoadManyAsync<DistrictReadiness>(cancellation, district);
            return (stored.ToDictionary(f => f.Id), today);
        }

        var events = await session.Events.QueryAllRawEvents()
            .Where(e => e.Timestamp <= moment && e.EventTypesAre(DistrictReadiness.EventTypes))
            .OrderBy(e => e.Sequence).ToListAsync(cancellation);
        var facts = new Dictionary<string, DistrictReadiness>();
        foreach (var e in events)
        {
            if (DistrictReadiness.DistrictOf(e.Data) is not { } code || (district is not null && code != district)) continue;
            if (!facts.TryGetValue(code, out var view))
            {
                view = new DistrictReadiness { Id = code };
                facts[code] = view;
            }

            view.Fold(e);
        }

        // the province's day of that moment (WIB): 01:00 WIB on the 18th is the 18th, where the UTC date is still the 17th
        return (facts, KalimantanBarat.DayOf(moment));
    }
}
