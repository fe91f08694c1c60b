using Npgsql;

namespace Coordination.Benchmark;

/// <summary>What one phase cost: SQL statements (pg_stat_statements), CPU of the serving process and of PostgreSQL.</summary>
public sealed record PhaseCost(long Commands, long Statements, long TransactionControl, long Background, double ServiceCpuMs, double PostgresCpuMs,
    IReadOnlyList<(string Query, long Calls, double Ms)> Top)
{
    public double StatementsPerCommand => Commands == 0 ? double.NaN : (double)Statements / Commands;
    public double StatementsWithoutTransactionControl => Commands == 0 ? double.NaN : (double)(Statements - TransactionControl) / Commands;

    /// <summary>The request's own statements: without BEGIN/COMMIT and without the daemon's and the agents' background work.</summary>
    public double HotPathStatements => Commands == 0 ? double.NaN : (double)(Statements - TransactionControl - Background) / Commands;
    public double ServiceMicrosPerCommand => Commands == 0 ? double.NaN : ServiceCpuMs * 1000 / Commands;
    public double PostgresMicrosPerCommand => Commands == 0 ? double.NaN : PostgresCpuMs * 1000 / Commands;
}

/// <summary>
/// Counts a phase's statements in one database (pg_stat_statements, reset when the phase starts) and the CPU time the
/// server process and every PostgreSQL process of the cluster spent during it (/proc/&lt;pid&gt;/stat, utime + stime).
/// </summary>
public sealed class CostMeter(string adminConnectionString, string postgresDataDirectory)
{
    private static readonly double MsPerTick = 10; // USER_HZ is 100 on Linux

    public static async Task EnableAsync(string adminConnectionString)
    {
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("create extension if not exists pg_stat_statements", connection);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<(LoadResult Load, PhaseCost Cost)> Measure(int? serverPid, string database, Func<Task<LoadResult>> phase)
    {
        await Sql("select pg_stat_statements_reset()");
        var server0 = serverPid is { } s0 ? CpuTicks(s0) : 0;
        var postgres0 = PostgresTicks();
        var load = await phase();
        var server1 = serverPid is { } s1 ? CpuTicks(s1) : 0;
        var postgres1 = PostgresTicks();
        var rows = await Statements(database);
        var total = rows.Sum(r => r.Calls);
        var control = rows.Where(r => IsTransactionControl(r.Query)).Sum(r => r.Calls);
        var background = rows.Where(r => IsBackground(r.Query)).Sum(r => r.Calls);
        var top = rows.OrderByDescending(r => r.Calls).Take(12).ToList();
        return (load, new PhaseCost(load.Count + load.Errors, total, control, background, (server1 - server0) * MsPerTick,
            (postgres1 - postgres0) * MsPerTick, top));
    }

    /// <summary>CPU ticks of PostgreSQL over a whole operation, for the rebuild's breakdown.</summary>
    public long PostgresTicks()
    {
        var postmaster = int.Parse(File.ReadLines(Path.Combine(postgresDataDirectory, "postmaster.pid")).First());
        long ticks = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            var fields = StatFields(pid);
            if (fields is null) continue;
            if (pid == postmaster)
                // with the CPU of the backends that exited (the postmaster reaps them)
                ticks += long.Parse(fields[11]) + long.Parse(fields[12]) + long.Parse(fields[13]) + long.Parse(fields[14]);
            else if (fields[1] == postmaster.ToString()) ticks += long.Parse(fields[11]) + long.Parse(fields[12]);
        }

        return ticks;
    }

    public static long CpuTicks(int pid) => StatFields(pid) is { } f ? long.Parse(f[11]) + long.Parse(f[12]) : 0;

    public static double CpuMs(long ticks) => ticks * MsPerTick;

    /// <summary>The fields after the command name: [0] state, [1] ppid, … [11] utime, [12] stime, [13] cutime, [14] cstime.</summary>
    private static string[]? StatFields(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>BEGIN (Npgsql sends "BEGIN TRANSACTION ISOLATION LEVEL …" ahead of the first command), COMMIT, ROLLBACK.</summary>
    public static bool IsTransactionControl(string query) =>
        query.Trim().TrimEnd(';').ToLowerInvariant() is var q && (q.StartsWith("begin") || q.StartsWith("start transaction") || q is "commit" or "rollback");

    /// <summary>
    /// Work no request waits for: the projection daemon (its high-water mark, its pages of events, its progress, the async
    /// views it writes) and the messaging agents' polling (Wolverine's tables, inserts excepted: an outbox insert is a
    /// command's own).
    /// </summary>
    public static bool IsBackground(string query) =>
        string.Join(' ', query.ToLowerInvariant().Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries)) is var q &&
        (q.Contains("event_progression") || q.Contains("mt_doc_incidentcoverage") ||
         q.Contains("mt_doc_districtreadiness") || q.Contains("select (select min(seq_id)") || q.Contains("d.seq_id > $") ||
         (q.Contains("wolverine_") && !q.StartsWith("insert")));

    public Task ResetStatements() => Sql("select pg_stat_statements_reset()");

    /// <summary>
    /// The statements run in a database since the last reset, the costliest first: calls, rows, total milliseconds (executing,
    /// and planning where pg_stat_statements.track_planning is on).
    /// </summary>
    public async Task<List<(string Query, long Calls, long Rows, double Ms)>> CostliestStatements(string database, int count)
    {
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select query, calls, rows, total_exec_time + total_plan_time from pg_stat_statements s join pg_database d on d.oid = s.dbid " +
            "where d.datname = $1 order by 4 desc limit $2", connection);
        command.Parameters.AddWithValue(database);
        command.Parameters.AddWithValue(count);
        var rows = new List<(string, long, long, double)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows.Add((reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetDouble(3)));
        return rows;
    }

    private async Task Sql(string sql)
    {
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<List<(string Query, long Calls, double Ms)>> Statements(string database)
    {
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select query, calls, total_exec_time from pg_stat_statements s join pg_database d on d.oid = s.dbid where d.datname = $1", connection);
        command.Parameters.AddWithValue(database);
        var rows = new List<(string, long, double)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows.Add((reader.GetString(0), reader.GetInt64(1), reader.GetDouble(2)));
        return rows;
    }
}
