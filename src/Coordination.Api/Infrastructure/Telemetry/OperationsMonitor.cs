using Coordination.Infrastructure.Hosting;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using Npgsql;
using Wolverine.Runtime;

namespace Coordination.Infrastructure.Telemetry;

/// <summary>How far one async view is behind the newest stored event: in events, and the age of the oldest event it lacks.</summary>
public sealed record ViewLag(string View, long Events, double Seconds);

public sealed record OperationsSnapshot(DateTimeOffset At, IReadOnlyList<ViewLag> Views, long NoticesIncoming, long NoticesOutgoing)
{
    public static readonly OperationsSnapshot None = new(DateTimeOffset.MinValue, [], 0, 0);
}

/// <summary>
/// Reads the views' lag and Wolverine's waiting messages from the database every few seconds, for the gauges and the
/// readiness check: a scrape or a health probe then costs no query of its own.
/// </summary>
public sealed class OperationsMonitor : BackgroundService
{
    private readonly IDocumentStore _store;
    private readonly IWolverineRuntime _wolverine;
    private readonly TimeProvider _clock;
    private readonly OperationsOptions _options;
    private readonly ILogger<OperationsMonitor> _logger;
    private readonly SemaphoreSlim _reading = new(1, 1);
    private volatile OperationsSnapshot _last = OperationsSnapshot.None;

    public OperationsMonitor(IDocumentStore store, IWolverineRuntime wolverine, IMeterFactory meters, TimeProvider clock,
        IOptions<OperationsOptions> options, ILogger<OperationsMonitor> logger)
    {
        (_store, _wolverine, _clock, _options, _logger) = (store, wolverine, clock, options.Value, logger);
        var meter = meters.Create(Telemetry.MeterName);
        meter.CreateObservableGauge("coordination.view.lag.events",
            () => _last.Views.Select(v => new Measurement<long>(v.Events, new KeyValuePair<string, object?>("view", v.View))),
            "{event}", "Events stored but not yet applied to the async view");
        meter.CreateObservableGauge("coordination.view.lag",
            () => _last.Views.Select(v => new Measurement<double>(v.Seconds, new KeyValuePair<string, object?>("view", v.View))),
            "s", "Age of the oldest event the async view has not applied yet");
        meter.CreateObservableGauge("coordination.notices.waiting", () => new Measurement<long>[]
        {
            new(_last.NoticesIncoming, new KeyValuePair<string, object?>("queue", "inbox")),
            new(_last.NoticesOutgoing, new KeyValuePair<string, object?>("queue", "outbox"))
        }, "{message}", "Durable messages (request notices) stored but not yet handled or sent");
    }

    /// <summary>The last reading when it is at most <paramref name="maxAge"/> old, else a new one.</summary>
    public async Task<OperationsSnapshot> CurrentAsync(TimeSpan maxAge, CancellationToken cancellation)
    {
        var last = _last;
        return _clock.GetUtcNow() - last.At <= maxAge ? last : await ReadAsync(cancellation);
    }

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(_options.RefreshSeconds), _clock);
        do
        {
            try
            {
                await ReadAsync(stopping);
            }
            catch (Exception e) when (!stopping.IsCancellationRequested)
            {
                // The database may be down for a while (readiness says so); the gauges keep their last reading meanwhile.
                _logger.LogDebug(e, "Reading the views' lag failed; trying again in {Seconds} s", _options.RefreshSeconds);
            }
        } while (await timer.WaitForNextTickAsync(stopping));
    }

    private async Task<OperationsSnapshot> ReadAsync(CancellationToken cancellation)
    {
        await _reading.WaitAsync(cancellation);
        try
        {
            var progress = await _store.ViewProgressAsync(cancellation);
            var now = _clock.GetUtcNow();
            await using var connection = _store.Storage.Database.CreateConnection();
            await connection.OpenAsync(cancellation);
            var schema = _store.Options.Events.DatabaseSchemaName;
            var newest = await ScalarAsync<long>(connection, $"select coalesce(max(seq_id), 0) from {schema}.mt_events", null, cancellation);
            var views = new List<ViewLag>();
            foreach (var (shard, applied) in progress)
            {
                var oldest = applied >= newest ? null : await ScalarAsync<DateTimeOffset?>(connection,
                    $"select timestamp from {schema}.mt_events where seq_id > $1 order by seq_id limit 1", applied, cancellation);
                views.Add(new ViewLag(shard, Math.Max(0, newest - applied), oldest is { } at ? Math.Max(0, (now - at).TotalSeconds) : 0));
            }

            var counts = await _wolverine.Storage.Admin.FetchCountsAsync();
            return _last = new OperationsSnapshot(now, views, counts.Incoming, counts.Outgoing);
        }
        finally
        {
            _reading.Release();
        }
    }

    private static async Task<T?> ScalarAsync<T>(NpgsqlConnection connection, string sql, long? parameter, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        if (parameter is { } value) command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = value });
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        return await reader.ReadAsync(cancellation) && !reader.IsDBNull(0) ? reader.GetFieldValue<T>(0) : default;
    }
}
