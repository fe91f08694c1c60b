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
        var events = session.DocumentStore.Options.Events;
        var type = events.AllKnownEventTypes().Single(t => t.EventType == typeof(ServicesRecorded)).EventTypeName;
        var totals = await session.AdvancedSql.QueryAsync<ServiceRecordTotals>($"""
            select jsonb_build_object(
                'deploymentId', stream_id, 'records', count(*), 'lastVersion', max(version),
                'reached', jsonb_build_object(
                    'total', sum((data -> 'newlyReached' ->> 'total')::int), 'children', sum((data -> 'newlyReached' ->> 'children')::int),
                    'elderly', sum((data -> 'newlyReached' ->> 'elderly')::int), 'disabled', sum((data -> 'newlyReached' ->> 'disabled')::int),
                    'pregnant', sum((data -> 'newlyReached' ->> 'pregnant')::int)),
                'contacts', sum((data ->> 'contacts')::bigint),
                'villages', jsonb_agg(distinct data ->> 'village'))
            from {events.DatabaseSchemaName}.mt_events
            where stream_id = any(?) and type = ? and timestamp <= ? and is_archived = false
            group by stream_id
            """, cancellation, deployments.ToArray(), type, at);
        return totals.ToDictionary(t => t.DeploymentId);
    }
}
