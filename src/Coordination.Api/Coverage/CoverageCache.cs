namespace Coordination.Coverage;

/// <summary>
/// The province-wide coverage changes only when the daemon advances the coverage view, so its answer is kept until the
/// view's progression moves: a room of coordinators refreshing the dashboard costs one tiny query each, not a full read.
/// </summary>
public sealed class CoverageCache
{
    private (string Progress, IReadOnlyList<CoverageView> Rows)? _latest;

    public async Task<IReadOnlyList<CoverageView>> GetAsync(IQuerySession session, Func<Task<IReadOnlyList<CoverageView>>> compute,
        CancellationToken cancellation)
    {
        var progress = (await session.AdvancedSql.QueryAsync<string>(
            $"select coalesce(max(last_seq_id)::text || '@' || max(last_updated)::text, '') from {session.DocumentStore.Options.Events.DatabaseSchemaName}.mt_event_progression where name like 'IncidentCoverage%'",
            cancellation)).FirstOrDefault() ?? "";
        if (progress.Length > 0 && _latest is { } latest && latest.Progress == progress) return latest.Rows;
        var rows = await compute();
        _latest = (progress, rows);
        return rows;
    }
}
