using Coordination.Incidents;

namespace Coordination.Deployments;

/// <summary>
/// One deployment's service records up to a moment, totalled by PostgreSQL: a replay needs their sums, not each of the
/// thousands of records a long deployment keeps, so it reads one row per team instead of materialising every event.
/// </summary>
public sealed record ServiceRecordTotals(Guid DeploymentId, int Records, long LastVersion, AffectedPeople Reached, long Contacts,
    IReadOnlyList<string> Villages)
{
    /// <summary>
    /// The records up to a moment: stamped before it, or at it and stored up to <paramref name="lastSequence"/> (a replay's
    /// cut; <see cref="long.MaxValue"/> for everything stamped up to the moment).
    /// </summary>
    public static async Task<IReadOnlyDictionary<Guid, ServiceRecordTotals>> LoadAsync(IQuerySession session, IReadOnlyCollection<Guid> deployments,
        DateTimeOffset moment, long lastSequence, CancellationToken cancellation)
    {
        if (deployments.Count == 0) return new Dictionary<Guid, ServiceRecordTotals>();
        var totals = await session.AdvancedSql.QueryAsync<ServiceRecordTotals>(ServiceRecordSums.Sql(session,
                "'deploymentId', stream_id, 'records', count(*), 'lastVersion', max(version)",
                "(timestamp < ? or (timestamp = ? and seq_id <= ?))", "stream_id"),
            cancellation, deployments.ToArray(), moment, moment, lastSequence);
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
            cancellation, deployments.ToArray());
        return days.OrderBy(d => d.Date).ToList();
    }
}

/// <summary>
/// The one query shape both sums use: people reached by group, contacts and villages of ServicesRecorded events. The
/// fields are taken out of each event before grouping (the OFFSET 0 keeps PostgreSQL from folding the subquery back), so
/// the sort that the distinct villages need sorts those few columns, not whole events: a team's 10,000 records sort in
/// 1.2 MB of memory instead of spilling 4.5 MB to a temporary file.
/// </summary>
internal static class ServiceRecordSums
{
    /// <summary>
    /// The condition on the event type, its name written into the SQL. As a parameter, a statement that Npgsql prepares is
    /// planned without it after five runs: PostgreSQL then guessed it selects 14 % of the events and combined the team's
    /// stream with the type's index, reading every service record's index entry (115 ms a call over 1,000,000 events, where
    /// the team's own stream takes 5–30 ms). Named, it is known to select most events, and only the stream is searched. The
    /// name is the store's own (Marten's name of the event type), never a client's.
    /// </summary>
    public static string OfType(IQuerySession session) =>
        $"type = '{session.DocumentStore.Options.Events.AllKnownEventTypes().Single(t => t.EventType == typeof(ServicesRecorded)).EventTypeName.Replace("'", "''")}'";

    public static string Sql(IQuerySession session, string key, string where, string groupBy) => $"""
        select jsonb_build_object({key},
            'reached', jsonb_build_object('total', sum(total), 'children', sum(children), 'elderly', sum(elderly),
                'disabled', sum(disabled), 'pregnant', sum(pregnant)),
            'contacts', sum(contacts),
            'villages', jsonb_agg(distinct village))
        from (select stream_id, version, timestamp, seq_id,
                (data -> 'newlyReached' ->> 'total')::int as total, (data -> 'newlyReached' ->> 'children')::int as children,
                (data -> 'newlyReached' ->> 'elderly')::int as elderly, (data -> 'newlyReached' ->> 'disabled')::int as disabled,
                (data -> 'newlyReached' ->> 'pregnant')::int as pregnant, (data ->> 'contacts')::bigint as contacts,
                data ->> 'village' as village
            from {session.DocumentStore.Options.Events.DatabaseSchemaName}.mt_events
            where stream_id = any(?) and {OfType(session)} and {where} and is_archived = false
            offset 0) as record
        group by {groupBy}
        """;
}

/// <summary>
/// Deployments stored before the snapshot kept what its service records add up to (reached, contacts, villages served)
/// get those totals, summed by PostgreSQL from their events, when the service starts and before it takes a request. Once
/// every deployment has them, it is one query that finds none.
/// </summary>
public sealed class DeploymentTotalsUpgrade : Marten.Schema.IInitialData
{
    public async Task Populate(IDocumentStore store, CancellationToken cancellation)
    {
        await store.Storage.Database.EnsureStorageExistsAsync(typeof(Deployment), cancellation);
        await using var session = store.LightweightSession();
        var lacking = await session.AdvancedSql.QueryAsync<Guid>(
            $"select id from {store.Options.Events.DatabaseSchemaName}.mt_doc_deployment where not jsonb_exists(data, 'reached')", cancellation);
        if (lacking.Count == 0) return;
        var totals = await ServiceRecordTotals.LoadAsync(session, lacking.ToArray(), DateTimeOffset.MaxValue, long.MaxValue, cancellation);
        foreach (var deployment in await session.LoadManyAsync<Deployment>(cancellation, lacking))
            session.Store(totals.TryGetValue(deployment.Id, out var t)
                ? deployment.WithRecords(0, t.Reached, t.Contacts, t.Villages, deployment.Version)
                : deployment);
        await session.SaveChangesAsync(cancellation);
    }
}
