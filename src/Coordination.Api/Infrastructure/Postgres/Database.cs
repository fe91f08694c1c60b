namespace Coordination.Infrastructure.Postgres;

/// <summary>
/// Where the event store lives: ConnectionStrings:Marten when configured, otherwise our own PostgreSQL in
/// Postgres:DataDirectory (default .data/postgres). As a hosted lifecycle service it starts that server before any
/// hosted service starts and stops it after all have stopped; commands that never start the host (token) leave it alone.
/// </summary>
public sealed class Database(IConfiguration configuration, IHostEnvironment environment, ILogger<Database> logger)
    : IHostedLifecycleService
{
    private readonly Lock _lock = new();
    private EmbeddedPostgres? _embedded;
    private string? _connectionString;

    public string ConnectionString
    {
        get
        {
            lock (_lock) return _connectionString ??= Resolve();
        }
    }

    public const int MissingDatabaseExitCode = 3;

    public bool Embedded => _embedded is not null;

    private string Resolve()
    {
        var configured = configuration.GetConnectionString("Marten");
        if (!string.IsNullOrWhiteSpace(configured)) return configured;

        var dataDirectory = configuration["Postgres:DataDirectory"] ?? Path.Combine(environment.ContentRootPath, ".data", "postgres");
        var binDirectory = configuration["Postgres:BinDirectory"];
        _embedded = EmbeddedPostgres.Prepare(dataDirectory, string.IsNullOrWhiteSpace(binDirectory) ? null : [binDirectory]);
        return _embedded.ConnectionString;
    }

    public async Task StartingAsync(CancellationToken cancellation)
    {
        _ = ConnectionString;
        if (_embedded is null) return;

        var started = TimeProvider.System.GetTimestamp();
        try
        {
            await _embedded.StartAsync(cancellation);
        }
        catch (PostgresBinariesMissingException missing)
        {
            Console.Error.WriteLine(missing.Message);
            Environment.ExitCode = MissingDatabaseExitCode;
            throw;
        }

        logger.LogInformation("PostgreSQL {Action} in {DataDirectory} on 127.0.0.1:{Port} in {Elapsed:F0} ms",
            _embedded.Initialized ? "created and started" : "started", _embedded.DataDirectory, _embedded.Port,
            TimeProvider.System.GetElapsedTime(started).TotalMilliseconds);
    }

    public async Task StoppedAsync(CancellationToken cancellation)
    {
        if (_embedded is null) return;
        await _embedded.StopAsync();
        logger.LogInformation("PostgreSQL in {DataDirectory} stopped", _embedded.DataDirectory);
    }

    public Task StartAsync(CancellationToken cancellation) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellation) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellation) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellation) => Task.CompletedTask;
}
