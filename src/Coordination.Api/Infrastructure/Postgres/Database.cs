using System.Globalization;
using Coordination.Infrastructure.Hosting;
using Npgsql;

namespace Coordination.Infrastructure.Postgres;

/// <summary>
/// Where the event store lives: ConnectionStrings:Marten when configured, otherwise our own PostgreSQL in
/// Postgres:DataDirectory (default .data/postgres). As a hosted lifecycle service it starts (or adopts) that server before
/// any hosted service starts and leaves it after all have stopped; commands that never start the host (token) leave it alone.
/// Starting is idempotent, so the command line can start it first and report a problem as a paragraph.
/// </summary>
public sealed class Database(IConfiguration configuration, IHostEnvironment environment, ILogger<Database> logger)
    : IHostedLifecycleService, IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _starting = new(1, 1);
    private EmbeddedPostgres? _embedded;
    private string? _connectionString;
    private bool _started;
    private NpgsqlDataSource? _health;

    public string ConnectionString
    {
        get
        {
            lock (_lock) return _connectionString ??= Resolve();
        }
    }

    public bool Embedded => _embedded is not null;

    /// <summary>
    /// The names the connection pools carry in the metrics (<c>db_client_connection_*</c>): Npgsql otherwise names a pool by
    /// its whole connection string (host, port, database, user; a password too with Persist Security Info).
    /// </summary>
    public const string StorePool = "coordination", AccountsPool = "coordination-accounts", HealthPool = "coordination-health",
        ViewsLockPool = "coordination-views-lock", StartPool = "coordination-start", BackupPool = "coordination-backup";

    public static NpgsqlDataSourceBuilder Named(string connectionString, string name) => new(connectionString) { Name = name };

    /// <summary>The readiness probe's connections: its own, outside the store's pool, and given up after 3 s.</summary>
    public NpgsqlDataSource Health
    {
        get
        {
            lock (_lock) return _health ??= Unpooled(ConnectionString, HealthPool, timeoutSeconds: 3);
        }
    }

    /// <summary>A data source of its own, named, for one connection at a time outside the store's pool.</summary>
    public static NpgsqlDataSource Unpooled(string connectionString, string name, int? timeoutSeconds = null)
    {
        var builder = Named(connectionString, name);
        builder.ConnectionStringBuilder.Pooling = false;
        if (timeoutSeconds is { } timeout) builder.ConnectionStringBuilder.Timeout = timeout;
        return builder.Build();
    }

    /// <summary>An existing PostgreSQL to use instead of the embedded one.</summary>
    public static readonly Setting ConnectionStringSetting = new("ConnectionStrings:Marten");

    /// <summary>Where the embedded PostgreSQL keeps its cluster.</summary>
    public static readonly Setting DataDirectorySetting = new("Postgres:DataDirectory");

    /// <summary>The folder of the PostgreSQL server binaries.</summary>
    public static readonly Setting BinDirectorySetting = new("Postgres:BinDirectory");

    /// <summary>Information for the service; a command prints only what it is for, so it lowers this.</summary>
    public LogLevel LogLevel { get; set; } = LogLevel.Information;

    private string Resolve()
    {
        var configured = configuration[ConnectionStringSetting.Key];
        if (!string.IsNullOrWhiteSpace(configured)) return Checked(configured);

        var dataDirectory = configuration[DataDirectorySetting.Key] ?? Path.Combine(environment.ContentRootPath, ".data", "postgres");
        var binDirectory = configuration[BinDirectorySetting.Key];
        _embedded = EmbeddedPostgres.Prepare(dataDirectory, string.IsNullOrWhiteSpace(binDirectory) ? null : [binDirectory]);
        return _embedded.ConnectionString;
    }

    private static string Checked(string connectionString)
    {
        try
        {
            return new NpgsqlConnectionStringBuilder(connectionString).ConnectionString;
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            throw new StartupProblem(new Message("startup-connection-unreadable", e.Message), StartupProblem.ConfigurationExitCode, e);
        }
    }

    public async Task StartingAsync(CancellationToken cancellation)
    {
        await _starting.WaitAsync(cancellation);
        try
        {
            if (_started) return;
            _ = ConnectionString;
            if (_embedded is null) await ReachConfiguredAsync(cancellation);
            else await StartEmbeddedAsync(cancellation);
            _started = true;
        }
        finally
        {
            _starting.Release();
        }
    }

    private async Task StartEmbeddedAsync(CancellationToken cancellation)
    {
        var started = TimeProvider.System.GetTimestamp();
        var wasRunning = _embedded!.Running;
        await _embedded.StartAsync(cancellation);
        logger.Log(LogLevel, "PostgreSQL {Action} in {DataDirectory} on 127.0.0.1:{Port} in {Elapsed:F0} ms",
            _embedded.Initialized ? "created and started" : wasRunning ? "already running, joined" : "started",
            _embedded.DataDirectory, _embedded.Port, TimeProvider.System.GetElapsedTime(started).TotalMilliseconds);
    }

    private async Task ReachConfiguredAsync(CancellationToken cancellation)
    {
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString);
        try
        {
            await using var source = Unpooled(ConnectionString, StartPool);
            await using var connection = await source.OpenConnectionAsync(cancellation);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or ArgumentException)
        {
            throw new StartupProblem(new Message("startup-server-unreachable", builder.Host, builder.Port.ToString(CultureInfo.InvariantCulture),
                builder.Database ?? "-", builder.Username ?? "-", e.Message), StartupProblem.DatabaseExitCode, e);
        }
    }

    public async Task StoppedAsync(CancellationToken cancellation)
    {
        await _starting.WaitAsync(cancellation);
        try
        {
            if (!_started) return;
            _started = false;
            if (_embedded is null) return;
            var wasRunning = _embedded.Running;
            await _embedded.StopAsync();
            logger.Log(LogLevel, _embedded.Running ? "PostgreSQL in {DataDirectory} left running for the other processes using it"
                : wasRunning ? "PostgreSQL in {DataDirectory} stopped" : "PostgreSQL in {DataDirectory} had stopped", _embedded.DataDirectory);
        }
        finally
        {
            _starting.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_health is not null) await _health.DisposeAsync();
    }

    public Task StartAsync(CancellationToken cancellation) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellation) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellation) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellation) => Task.CompletedTask;
}
