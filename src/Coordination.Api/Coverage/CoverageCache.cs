namespace Coordination.Coverage;

/// <summary>
/// The province-wide coverage changes only when the daemon advances the coverage view or an event is appended (a team's
/// service records live in its snapshot), so its answer is kept until either moves: a room of coordinators refreshing
/// the dashboard costs one tiny query each, and when it must be worked out again, one request does it while the others
/// wait for that answer.
/// </summary>
public sealed class CoverageCache
{
    private readonly SemaphoreSlim _computing = new(1, 1);
    private (string Progress, IReadOnlyList<CoverageView> Rows)? _latest;

    public async Task<IReadOnlyList<CoverageView>> GetAsync(IQuerySession session, Func<Task<IReadOnlyList<CoverageView>>> compute,
        CancellationToken cancellation)
    {
        var progress = await ProgressAsync(session, cancellation);
        if (Fresh(progress) is { } rows) return rows;

        await _computing.WaitAsync(cancellation);
        try
        {
            if (Fresh(progress) is { } computedMeanwhile) return computedMeanwhile;
            var computed = await compute();
            _latest = (progress, computed);
            return computed;
        }
        finally
        {
            _computing.Release();
        }
    }

    private static string Schema(IQuerySession session) => session.DocumentStore.Options.Events.DatabaseSchemaName;

    private IReadOnlyList<CoverageView>? Fresh(string progress) =>
        progress.Length > 0 && _latest is { } latest && latest.Progress == progress ? latest.Rows : null;

    private static async Task<string> ProgressAsync(IQuerySession session, CancellationToken cancellation) =>
        (await session.AdvancedSql.QueryAsync<string>(
            $"select coalesce(max(last_seq_id)::text || '@' || max(last_updated)::text, '') || '/' || " +
            $"coalesce((select max(seq_id) from {Schema(session)}.mt_events)::text, '') from {Schema(session)}.mt_event_progression where name like 'IncidentCoverage%'",
            cancellation)).FirstOrDefault() ?? "";
}
