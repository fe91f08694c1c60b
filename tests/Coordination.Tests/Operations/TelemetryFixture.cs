using System.Diagnostics;
using Alba;
using Coordination.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using Wolverine;

namespace Coordination.Tests.Operations;

/// <summary>A host whose spans go to memory and whose views count as behind after one second.</summary>
public sealed class TelemetryFixture : IAsyncLifetime
{
    public IAlbaHost Host { get; private set; } = null!;
    public Spans Spans { get; } = new();

    public async Task InitializeAsync()
    {
        var connectionString = await TestDatabase.CreateDatabaseAsync();
        Host = await AlbaHost.For<Program>(builder =>
        {
            builder.UseSetting("ConnectionStrings:Marten", connectionString);
            builder.UseSetting("Projections:DaemonMode", "Solo");
            builder.UseSetting("Telemetry:Traces", "true");
            builder.UseSetting("Operations:MaxViewLagSeconds", "1");
            builder.ConfigureServices(services =>
            {
                services.RunWolverineInSoloMode();
                services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(Spans));
            });
        });
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>
/// Runs alone, after the collections that run in parallel have disposed their hosts. A meter provider listens to every meter of
/// the process with a name it subscribes to, and every host's meters have the same names ("Microsoft.AspNetCore.Hosting",
/// "Coordination"): an instrument of another host and this host's own feed one metric stream, and when the other host is
/// disposed OpenTelemetry ends that stream after its next collection (open-telemetry/opentelemetry-dotnet#6412). Beside the
/// other collections, a host disposed while these tests ran took the 201s of POST /api/incidents and the refusals' counts out of
/// /metrics for the rest of the run. One service per process, as it runs, never has a second meter of the same name.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection : ICollectionFixture<TelemetryFixture>
{
    public const string Name = "telemetry";
}

/// <summary>Finished spans; the exporter adds from whichever thread ends one.</summary>
public sealed class Spans : ICollection<Activity>
{
    private readonly List<Activity> _spans = [];
    private readonly Lock _lock = new();

    public IReadOnlyList<Activity> InTrace(ActivityTraceId trace)
    {
        lock (_lock) return _spans.Where(s => s.TraceId == trace).ToList();
    }

    public Activity? Find(Func<Activity, bool> predicate)
    {
        lock (_lock) return _spans.FirstOrDefault(predicate);
    }

    public void Add(Activity item)
    {
        lock (_lock) _spans.Add(item);
    }

    public void Clear()
    {
        lock (_lock) _spans.Clear();
    }

    public int Count
    {
        get { lock (_lock) return _spans.Count; }
    }

    public bool IsReadOnly => false;
    public bool Contains(Activity item) => throw new NotSupportedException();
    public void CopyTo(Activity[] array, int arrayIndex) => throw new NotSupportedException();
    public bool Remove(Activity item) => throw new NotSupportedException();
    public IEnumerator<Activity> GetEnumerator() => throw new NotSupportedException();
    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
