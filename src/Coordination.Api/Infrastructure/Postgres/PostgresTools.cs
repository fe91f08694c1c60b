using System.Diagnostics;
using Coordination.Infrastructure.Hosting;
using Npgsql;

namespace Coordination.Infrastructure.Postgres;

/// <summary>
/// PostgreSQL's client programs (pg_dump, pg_restore) from the folder of the server binaries the embedded cluster runs, so
/// a dump is always made and read by the version that serves it. Debian links initdb into /usr/local/bin or /usr/bin
/// without its siblings: the link's own folder is searched too.
/// </summary>
public static class PostgresTools
{
    public static string Find(string tool)
    {
        var folder = PostgresBinaries.Find() ?? throw new PostgresBinariesMissingException(PostgresBinaries.Searched(null));
        var linked = Path.GetDirectoryName(new FileInfo(Path.Combine(folder, "initdb")).ResolveLinkTarget(returnFinalTarget: true)?.FullName);
        return new[] { folder, linked }.OfType<string>().Select(f => Path.Combine(f, tool)).FirstOrDefault(File.Exists)
               ?? throw new StartupProblem(new Message("startup-tool-missing", tool, linked is null ? folder : $"{folder}, {linked}"));
    }

    /// <summary>Runs a tool against the database of the connection string: its exit code and what it wrote to stderr.</summary>
    public static async Task<(int ExitCode, string Error)> RunAsync(string tool, string connectionString, IEnumerable<string> arguments)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        var info = new ProcessStartInfo(Find(tool)) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { "-h", target.Host ?? "127.0.0.1", "-p", target.Port.ToString(), "-U", target.Username ?? "postgres" }
                     .Concat(arguments))
            info.ArgumentList.Add(argument);
        if (!string.IsNullOrEmpty(target.Password)) info.Environment["PGPASSWORD"] = target.Password;
        info.Environment["PGDATABASE"] = target.Database ?? "postgres";

        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await error + await output);
    }

    /// <summary>
    /// Fresh planner statistics for every table: a restored database has none, and without them the projection daemon's
    /// page query sorts every remaining event for each page of a rebuild.
    /// </summary>
    public static async Task AnalyzeAsync(string connectionString)
    {
        await using var connection = await OpenAsync(connectionString);
        await using var analyze = new NpgsqlCommand("analyze", connection) { CommandTimeout = 0 };
        await analyze.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// pg_dump writes a sequence as it finds it when it reaches it, not as of its snapshot: a backup taken while commands
    /// arrive restores the event sequence ahead of the last event it holds, and the views' daemon then waits for that gap
    /// and skips it with a warning that events were lost. The sequence continues from the last restored event, or from the
    /// highest position the daemon recorded (a gap it skipped), whichever is further.
    /// </summary>
    public static async Task ContinueSequenceAsync(string connectionString)
    {
        await using var connection = await OpenAsync(connectionString);
        await using var exists = new NpgsqlCommand($"select to_regclass('{EventStore.Schema}.mt_events') is not null and " +
                                                   $"to_regclass('{EventStore.Schema}.mt_events_sequence') is not null and " +
                                                   $"to_regclass('{EventStore.Schema}.mt_event_progression') is not null", connection);
        if (!(bool)(await exists.ExecuteScalarAsync())!) return;
        // a store without events (its views' positions at 0) keeps its sequence as it is: it starts at 1
        await using var continues = new NpgsqlCommand($"select setval('{EventStore.Schema}.mt_events_sequence', last) from (select greatest(" +
                                                      $"(select max(seq_id) from {EventStore.Schema}.mt_events), " +
                                                      $"(select max(last_seq_id) from {EventStore.Schema}.mt_event_progression)) as last) position " +
                                                      "where last > 0", connection);
        await continues.ExecuteScalarAsync();
    }

    /// <summary>How many events the database holds; 0 when it has no event store yet.</summary>
    public static async Task<long> CountEventsAsync(string connectionString)
    {
        await using var connection = await OpenAsync(connectionString);
        return (await EventsAsync(connection)).Count;
    }

    /// <summary>How many events the connection (in its transaction, when given) sees, and when the newest of them was stored; 0 and null without an event store.</summary>
    public static async Task<(long Count, DateTimeOffset? Newest)> EventsAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction = null)
    {
        await using var exists = new NpgsqlCommand($"select to_regclass('{EventStore.Schema}.mt_events') is not null", connection, transaction);
        if (!(bool)(await exists.ExecuteScalarAsync())!) return (0, null);
        await using var count = new NpgsqlCommand($"select count(*), max(timestamp) from {EventStore.Schema}.mt_events", connection, transaction);
        await using var reader = await count.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetFieldValue<DateTimeOffset>(1));
    }

    /// <summary>Sessions of other processes on the database (a service keeps pooled connections open while it runs).</summary>
    public static async Task<long> CountOtherSessionsAsync(string connectionString)
    {
        await using var connection = await OpenAsync(connectionString);
        await using var count = new NpgsqlCommand("select count(*) from pg_stat_activity where datname = current_database() " +
                                                  "and pid <> pg_backend_pid() and backend_type = 'client backend'", connection);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    /// <summary>A command's own connection, closed when it is done with it, so it never counts as another user.</summary>
    private static async Task<NpgsqlConnection> OpenAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }
}
