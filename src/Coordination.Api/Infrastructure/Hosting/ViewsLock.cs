using System.Globalization;
using JasperFx.Events.Daemon;
using Npgsql;

namespace Coordination.Infrastructure.Hosting;

/// <summary>
/// In Solo mode a service runs the async views without asking anyone. Two services on one database that both did (a
/// second one started beside the first in Development, on another port) both tried to apply every event: one of them
/// failed with "progression out of order" now and then and stopped its views for good, and when the other stopped the
/// views stood still. So every serving process holds a PostgreSQL advisory lock for as long as it runs: exclusive in Solo
/// mode, shared in HotCold mode. A Solo service beside any other, or a HotCold one beside a Solo one, refuses to start and
/// says how to run several. PostgreSQL releases the lock the moment its holder's connection ends, SIGKILL included; when
/// the database went away under a running service, the service takes its lock again once the database is back.
/// </summary>
public sealed class ViewsLock : IAsyncDisposable
{
    /// <summary>The lock's key: "coordsol" in PostgreSQL's bigint advisory key space.</summary>
    private const long LockKey = 0x636F6F72_64736F6C;

    private static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(5);

    private readonly NpgsqlDataSource _source;
    private readonly DaemonMode _mode;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private NpgsqlConnection? _connection;
    private Task _watching = Task.CompletedTask;
    private bool _toldOfAnother;

    private ViewsLock(string connectionString, DaemonMode mode, ILogger logger)
    {
        // Its own connection, outside the pool: the lock lives exactly as long as this process.
        _source = Postgres.Database.Unpooled(new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = "coordination views" }
            .ConnectionString, Postgres.Database.ViewsLockPool);
        (_mode, _logger) = (mode, logger);
    }

    /// <summary>Takes the lock for a service serving on <paramref name="port"/>, which a refusal names in the command it suggests.</summary>
    public static async Task<ViewsLock?> ClaimAsync(IConfiguration configuration, string connectionString, int port, ILogger logger)
    {
        var mode = configuration.GetValue(EventStore.DaemonModeSetting.Key, DaemonMode.HotCold);
        if (mode is not (DaemonMode.Solo or DaemonMode.HotCold)) return null;
        var claim = new ViewsLock(connectionString, mode, logger);
        bool taken;
        try
        {
            taken = await claim.TakeAsync(CancellationToken.None);
        }
        catch
        {
            await claim._source.DisposeAsync();
            throw;
        }

        if (taken)
        {
            claim._watching = claim.WatchAsync(claim._stopping.Token);
            return claim;
        }

        await claim._source.DisposeAsync();
        throw new StartupProblem(new Message("startup-views-taken", port.ToString(CultureInfo.InvariantCulture)),
            StartupProblem.ConfigurationExitCode);
    }

    /// <summary>Opens the lock's connection and tries the lock: false when another service holds it in a way that excludes ours.</summary>
    private async Task<bool> TakeAsync(CancellationToken cancellation)
    {
        var connection = _source.CreateConnection();
        try
        {
            await connection.OpenAsync(cancellation);
            var sql = _mode == DaemonMode.Solo ? "select pg_try_advisory_lock($1)" : "select pg_try_advisory_lock_shared($1)";
            await using var command = new NpgsqlCommand(sql, connection);
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = LockKey });
            if (await command.ExecuteScalarAsync(cancellation) is true)
            {
                _connection = connection;
                return true;
            }
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        await connection.DisposeAsync();
        return false;
    }

    /// <summary>While the database is away the lock is gone with the connection; it is taken again once the database answers.</summary>
    private async Task WatchAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(CheckEvery);
        while (await timer.WaitForNextTickAsync(stopping).ConfigureAwait(false))
        {
            try
            {
                if (await HeldAsync(stopping)) continue;
                if (_connection is not null) await _connection.DisposeAsync();
                _connection = null;
                var taken = await TakeAsync(stopping);
                if (!taken && !_toldOfAnother)
                    _logger.LogError("Another service started on this database while it was away, and one of them runs in Solo mode: both " +
                                     "run the async views. Stop one of them, and run several services with Projections__DaemonMode=HotCold");
                _toldOfAnother = !taken;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or IOException)
            {
                _logger.LogDebug(e, "The database does not answer; the views' lock is taken again once it does");
            }
        }
    }

    private async Task<bool> HeldAsync(CancellationToken stopping)
    {
        if (_connection is not { State: System.Data.ConnectionState.Open }) return false;
        try
        {
            await using var command = new NpgsqlCommand("select 1", _connection);
            await command.ExecuteScalarAsync(stopping);
            return true;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or IOException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        try { await _watching; }
        catch (OperationCanceledException) { }
        if (_connection is not null) await _connection.DisposeAsync();
        await _source.DisposeAsync();
        _stopping.Dispose();
    }
}
