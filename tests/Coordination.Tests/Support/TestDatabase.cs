using Coordination.Infrastructure.Postgres;

namespace Coordination.Tests.Support;

/// <summary>One throwaway PostgreSQL for the whole test run, started by the service's own launcher and removed at exit.</summary>
public static class TestDatabase
{
    private static readonly Lazy<Task<EmbeddedPostgres>> Server = new(StartAsync);
    private static int _databases;

    public static string Root { get; } = Path.Combine(Path.GetTempPath(), $"coordination-tests-{Environment.ProcessId}-{Guid.NewGuid():N}");

    /// <summary>A new, empty database on the shared server.</summary>
    public static async Task<string> CreateDatabaseAsync()
    {
        var server = await Server.Value;
        var name = $"test_{Interlocked.Increment(ref _databases)}";
        await using var connection = new Npgsql.NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync();
        await using var create = new Npgsql.NpgsqlCommand($"create database {name}", connection);
        await create.ExecuteNonQueryAsync();
        return new Npgsql.NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = name }.ConnectionString;
    }

    private static async Task<EmbeddedPostgres> StartAsync()
    {
        SweepEarlierRuns();
        Directory.CreateDirectory(Root);
        var server = await EmbeddedPostgres.StartAsync(Path.Combine(Root, "data"));
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            server.StopAsync().GetAwaiter().GetResult();
            try
            {
                Directory.Delete(Root, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        };
        return server;
    }

    /// <summary>Removes the folders of earlier runs whose process is gone (a run that was killed cannot clean up).</summary>
    private static void SweepEarlierRuns()
    {
        foreach (var folder in Directory.GetDirectories(Path.GetTempPath(), "coordination-tests-*"))
        {
            var parts = Path.GetFileName(folder).Split('-');
            if (parts.Length < 4 || !int.TryParse(parts[2], out var pid) || IsAlive(pid)) continue;
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
