using Coordination.Infrastructure.Postgres;

namespace Coordination.Browser.Tests.Support;

/// <summary>One throwaway PostgreSQL for the browser test run, started by the service's own launcher, removed at exit.</summary>
public static class TestDatabase
{
    private static readonly Lazy<Task<EmbeddedPostgres>> Server = new(StartAsync);
    private static int _databases;

    private static string Root { get; } = Path.Combine(Path.GetTempPath(), $"coordination-browser-{Environment.ProcessId}-{Guid.NewGuid():N}");

    public static async Task<string> CreateDatabaseAsync()
    {
        var server = await Server.Value;
        var name = $"desk_{Interlocked.Increment(ref _databases)}";
        await using var connection = new Npgsql.NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync();
        await using var create = new Npgsql.NpgsqlCommand($"create database {name}", connection);
        await create.ExecuteNonQueryAsync();
        return new Npgsql.NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = name }.ConnectionString;
    }

    private static async Task<EmbeddedPostgres> StartAsync()
    {
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
}
