using System.Globalization;
using JasperFx.Events.Daemon;
using Npgsql;

namespace Coordination.Infrastructure.Hosting;

/// <summary>
/// In Solo mode a service runs the async views without asking anyone. Two services on one database that both did (a
/// second one started beside the first in Development, on another port) applied every event twice over: one of them
/// failed with "progression out of order" now and then and stopped its views for good, and when the other stopped the
/// views stood still. So every serving process holds a PostgreSQL advisory lock for as long as it runs: exclusive in Solo
/// mode, shared in HotCold mode. A Solo service beside any other, or a HotCold one beside a Solo one, refuses to start and
/// says how to run several. PostgreSQL releases the lock the moment its holder's connection ends, SIGKILL included.
/// </summary>
public sealed class ViewsLock : IAsyncDisposable
{
    /// <summary>The lock's key: "coordsol" in PostgreSQL's bigint advisory key space.</summary>
    private const long LockKey = 0x636F6F72_64736F6C;

    private readonly NpgsqlConnection _connection;

    private ViewsLock(NpgsqlConnection connection) => _connection = connection;

    public static async Task<ViewsLock?> ClaimAsync(IConfiguration configuration, string connectionString, string? urls)
    {
        var mode = configuration.GetValue("Projections:DaemonMode", DaemonMode.HotCold);
        if (mode is not (DaemonMode.Solo or DaemonMode.HotCold)) return null;
        // Its own connection, outside the pool: the lock lives exactly as long as this process.
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, ApplicationName = "coordination views" };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync();
            var sql = mode == DaemonMode.Solo ? "select pg_try_advisory_lock($1)" : "select pg_try_advisory_lock_shared($1)";
            await using var command = new NpgsqlCommand(sql, connection);
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = LockKey });
            if (await command.ExecuteScalarAsync() is true) return new ViewsLock(connection);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        await connection.DisposeAsync();
        var port = (urls ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(u => Uri.TryCreate(u.Trim(), UriKind.Absolute, out var uri) ? uri.Port : 0).FirstOrDefault(p => p > 0, 5080);
        throw new StartupProblem(new Message("startup-views-taken", port.ToString(CultureInfo.InvariantCulture)),
            StartupProblem.ConfigurationExitCode);
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
