using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace Coordination.Benchmark;

/// <summary>
/// Why this process's garbage collections ran: the runtime's GCStart events, counted by generation and reason, so that a
/// rebuild's line can tell whether its full collections come from the small-object budget or from large objects.
/// </summary>
public sealed class GcReasons : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;

    // The runtime's GC reasons (gcinterface.h, gc_reason), by their number in the event
    private static readonly string[] Names =
    [
        "small objects", "induced", "low memory", "empty", "large objects", "no space (small)", "no space (large)",
        "induced, not forced", "internal", "induced, low memory", "induced, compacting", "host low memory", "provisional",
        "host low memory, blocking", "BGC tuning (small)", "BGC tuning (large)", "BGC stepping", "induced, aggressive"
    ];

    private readonly ConcurrentDictionary<(int Generation, int Reason), int> _counts = new();

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime") EnableEvents(source, EventLevel.Informational, GcKeyword);
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (e.EventName?.StartsWith("GCStart", StringComparison.Ordinal) != true || e.PayloadNames is not { } names || e.Payload is not { } values) return;
        var generation = Convert.ToInt32(values[names.IndexOf("Depth")]);
        var reason = Convert.ToInt32(values[names.IndexOf("Reason")]);
        _counts.AddOrUpdate((generation, reason), 1, (_, n) => n + 1);
    }

    public IReadOnlyDictionary<(int Generation, int Reason), int> Snapshot() => new Dictionary<(int, int), int>(_counts);

    /// <summary>The collections since <paramref name="before"/>, e.g. "gen0 small objects 12, gen2 large objects 5".</summary>
    public string Since(IReadOnlyDictionary<(int Generation, int Reason), int> before) =>
        string.Join(", ", _counts
            .Select(c => (c.Key, Count: c.Value - before.GetValueOrDefault(c.Key)))
            .Where(c => c.Count > 0)
            .OrderBy(c => c.Key.Generation).ThenByDescending(c => c.Count)
            .Select(c => $"gen{c.Key.Generation} {(c.Key.Reason < Names.Length ? Names[c.Key.Reason] : $"reason {c.Key.Reason}")} {c.Count}"));
}
