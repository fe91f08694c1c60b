using Coordination.Infrastructure.EventSourcing;
using Coordination.Infrastructure.Http;
using Coordination.Infrastructure.Postgres;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Weasel.Core;
using Wolverine;
using Wolverine.Middleware;

namespace Coordination.Infrastructure.Hosting;

/// <summary>A feature's part of the event store: its projections, snapshots, indexes and event types.</summary>
public interface IStoreFeature
{
    void Configure(StoreOptions options);
}

public static class EventStore
{
    public const string Schema = "coordination";

    /// <summary>Every feature's part of the store, found in this assembly (each feature folder holds its own).</summary>
    private static readonly IReadOnlyList<IStoreFeature> Features = typeof(EventStore).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IStoreFeature).IsAssignableFrom(t))
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .Select(t => (IStoreFeature)Activator.CreateInstance(t)!)
        .ToList();

    /// <summary>How the async views are run: Solo for one node, HotCold for several.</summary>
    public static readonly Setting DaemonModeSetting = new("Projections:DaemonMode");

    /// <summary>
    /// How far each async view has taken in the event log: its shard's name and the last event it applied (0 before its first),
    /// in one small read of Marten's progression table. The inline views are written with their events.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, long>> ViewProgressAsync(this IDocumentStore store, CancellationToken cancellation)
    {
        var progress = (await store.Advanced.AllProjectionProgress(token: cancellation)).ToDictionary(s => s.ShardName, s => s.Sequence);
        return ((StoreOptions)store.Options).Projections.AllShards().Select(s => s.Name.Identity).Distinct()
            .ToDictionary(shard => shard, shard => progress.GetValueOrDefault(shard));
    }

    /// <summary>Marten on our database, integrated with Wolverine's outbox; each feature brings its part of the store.</summary>
    public static IServiceCollection AddEventStore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<Database>();
        services.AddHostedService(sp => sp.GetRequiredService<Database>());
        services.AddSingleton(TimeProvider.System);
        services.AddMarten(sp => Options(sp.GetRequiredService<Database>().ConnectionString, CommandLine.RunsProjections))
            .UseLightweightSessions()
            .ApplyAllDatabaseChangesOnStartup()
            .IntegrateWithWolverine()
            .AddAsyncDaemon(configuration.GetValue(DaemonModeSetting.Key, DaemonMode.HotCold));
        return services;
    }

    /// <summary>
    /// The store's whole configuration; the benchmark builds its seeding store from the same. A store that rebuilds views
    /// (<c>-- projections rebuild</c>) plans its statements per execution (<see cref="PlannedPerExecution"/>).
    /// </summary>
    public static StoreOptions Options(string connectionString, bool rebuild = false)
    {
        var options = new StoreOptions();
        // the store's pool is named in the metrics as "coordination", not by its connection string
        options.DataSourceFactory(new Weasel.Postgresql.Connections.DefaultNpgsqlDataSourceFactory(c => Database.Named(c, Database.StorePool)),
            rebuild ? PlannedPerExecution(connectionString) : connectionString);
        options.DatabaseSchemaName = Schema;
        options.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase);
        options.Events.MetadataConfig.CorrelationIdEnabled = true;
        options.Events.MetadataConfig.CausationIdEnabled = true;
        options.Events.MetadataConfig.HeadersEnabled = true;
        options.Events.MetadataConfig.UserNameEnabled = true;
        // An index on (type, seq_id): readiness as of a past moment and the views that read few event types (readiness)
        // find their events without scanning every service record.
        options.Events.EnableEventTypeIndex = true;
        options.Events.TimeProvider = new EventClock(TimeProvider.System);
        options.OpenTelemetry.TrackConnections = JasperFx.OpenTelemetry.TrackLevel.Normal;
        options.OpenTelemetry.TrackEventCounters();
        foreach (var feature in Features) feature.Configure(options);
        options.Schema.For<IdempotencyRecord>().Duplicate(x => x.CreatedAt);
        // The daemon finds new events by polling, not by a pg_notify from every append: a notify per command doubled the
        // database's work per command (each event woke a projection cycle and its commit of its own) and serializes
        // committing transactions. Polling every 50 ms while events arrive lets a cycle take all of them at once.
        options.Projections.FastPollingTime = TimeSpan.FromMilliseconds(50);
        options.Projections.SlowPollingTime = TimeSpan.FromMilliseconds(100);
        // An append that rolled back (a keyed retry that reached another node and met the first run's event) leaves event
        // sequence numbers that nothing fills. The daemon passes such a gap only once it has proved that no transaction
        // which could still fill it is alive (pg_locks, pg_stat_activity, the current snapshot), so how long it first waits
        // does not decide safety, only how long readiness and coverage stand still: half a second, not the default 3 s.
        options.Projections.StaleSequenceThreshold = TimeSpan.FromMilliseconds(500);
        return options;
    }

    /// <summary>
    /// Every execution of a statement planned for its own values, for a rebuild. Npgsql prepares the statements it sees
    /// repeatedly, and after five runs PostgreSQL keeps a generic plan for a prepared statement when it looks cheaper. For the
    /// daemon's page of events (a seq_id range, ORDER BY seq_id LIMIT the page's size) the generic plan guesses that the range holds
    /// 0.5 % of the table, so for every page it joins and sorts all events up to the high-water mark: a rebuild slowed
    /// quadratically (0.8 s a page instead of 0.03 s at 400,000 events). The serving process keeps generic plans: planning
    /// every command's statements again cost 100–250 µs of PostgreSQL CPU per command, and its pages are short (from the
    /// views' position to the newest event). A setting already named in the connection string is kept.
    /// </summary>
    public static string PlannedPerExecution(string connectionString)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (builder.Options?.Contains("plan_cache_mode", StringComparison.Ordinal) == true) return connectionString;
        builder.Options = $"{builder.Options} -c plan_cache_mode=force_custom_plan".Trim();
        return builder.ConnectionString;
    }

    /// <summary>
    /// For the views that see most events (the incident and deployment snapshots, coverage), when the daemon works through
    /// history (a rebuild, or catching up): pages of 5,000 events, and during a rebuild one write per document per flush of
    /// 2,000 documents instead of one per page. Pages of 20,000 were a page's 50–60 MB of events outliving the young
    /// generation, so the rebuild ran full collections (6–8 for the deployment snapshot over 400,000 service records, none
    /// with 5,000) and paused 4.6 s of its 20.6 s over 500,000 events, against 3.5 s of 17.5 s (ops/README, "Smaller pages
    /// for the rebuild"). The other views see few events and keep the defaults.
    /// </summary>
    public static void Paged(AsyncOptions options)
    {
        options.BatchSize = 5_000;
        options.RebuildFlushThreshold = 2_000;
    }

    public static void UseCoordinationMessaging(this WolverineOptions options)
    {
        options.Policies.AutoApplyTransactions();
        // An endpoint's Decide returns a Decision; a refusal ends the request with its problem details.
        options.CodeGeneration.AddContinuationStrategy<DecisionContinuation>();
        // Handlers are pre-generated (dotnet run -- codegen write; CI fails when they are stale): no Roslyn at run time,
        // which halves the service's memory and its start time.
        options.CodeGeneration.TypeLoadMode = JasperFx.CodeGeneration.TypeLoadMode.Static;
        options.Policies.UseDurableLocalQueues();
        options.Policies.UseDurableOutboxOnAllSendingEndpoints();
        options.EnableRelayOfUserName = true;
        ControlWorkInOutage.Apply(options);
    }
}
