using Coordination.Deployments;
using Coordination.Incidents;

namespace Coordination.History;

/// <summary>
/// One deployment's service records up to a moment, totalled by PostgreSQL: a replay needs their sums, not each of the
/// thousands of records a long deployment keeps, so it reads one row per team instead of materialising every event.
/// </summary>
public sealed record ServiceRecordTotals(Guid DeploymentId, int Records, long LastVersion, AffectedPeople Reached, long Contacts,
    IReadOnlyList<string> Villages)
{
    public static async Task<IReadOnlyDictionary<Guid, ServiceRecordTotals>> LoadAsync(IQuerySession session, IReadOnlyCollection<Guid> deployments,
        DateTimeOffset at, CancellationToken cancellation)
    {
        if (deployments.Count == 0) return new Dictionary<Guid, ServiceRecordTotals>();
        var totals = await session.AdvancedSql.QueryAsync<ServiceRecordTotals>(ServiceRecordSums.Sql(session,
                "'deploymentId', stream_id, 'records', count(*), 'lastVersion', max(version)", "timestamp <= ?", "stream_id"),
            cancellation, deployments.ToArray(), ServiceRecordSums.TypeName(session), at);
        return totals.ToDictionary(t => t.DeploymentId);
    }
}

/// <summary>The service records of an incident's teams summed per day (days in WIB, Asia/Pontianak), in date order.</summary>
public sealed record ServiceRecordDay(DateOnly Date, AffectedPeople Reached, long Contacts, IReadOnlyList<string> Villages)
{
    public static async Task<IReadOnlyList<ServiceRecordDay>> LoadAsync(IQuerySession session, IReadOnlyCollection<Guid> deployments,
        CancellationToken cancellation)
    {
        if (deployments.Count == 0) return [];
        const string day = "(timestamp at time zone 'Asia/Pontianak')::date";
        var days = await session.AdvancedSql.QueryAsync<ServiceRecordDay>(ServiceRecordSums.Sql(session, $"'date', {day}", "true", day),
            cancellation, deployments.ToArray(), ServiceRecordSums.TypeName(session));
        return days.OrderBy(d => d.Date).ToList();
    }
}

/// <summary>The one query shape both sums use: people reached by group, contacts and villages of ServicesRecorded events.</summary>
internal static class ServiceRecordSums
{
    public static string TypeName(IQuerySession session) =>
        session.DocumentStore.Options.Events.AllKnownEventTypes().Single(t => t.EventType == typeof(ServicesRecorded)).EventTypeName;

    public static string Sql(IQuerySession session, string key, string where, string groupBy) => $"""
        select jsonb_build_object({key},
            'reached', jsonb_build_object(
                'total', sum((data -> 'newlyReached' ->> 'total')::int), 'children', sum((data -> 'newlyReached' ->> 'children')::int),
                'elderly', sum((data -> 'newlyReached' ->> 'elderly')::int), 'disabled', sum((data -> 'newlyReached' ->> 'disabled')::int),
                'pregnant', sum((data -> 'newlyReached' ->> 'pregnant')::int)),
            'contacts', sum((data ->> 'contacts')::bigint),
            'villages', jsonb_agg(distinct data ->> 'village'))
        from {session.DocumentStore.Options.Events.DatabaseSchemaName}.mt_events
        where stream_id = any(?) and type = ? and {where} and is_archived = false
        group by {groupBy}
        """;
}
