using System.Diagnostics;

namespace Coordination.Benchmark;

public sealed record LoadResult(string Name, int Concurrency, int Count, int Errors, double Seconds, double[] LatenciesMs)
{
    public double PerSecond => Count / Seconds;
    public double P(double q) => Percentile(LatenciesMs, q);

    public static double Percentile(double[] sorted, double q) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
}

/// <summary>Closed-loop load: each worker runs one operation after another for the duration; optionally paced to a total rate.</summary>
public static class Load
{
    public static async Task<LoadResult> Run(string name, int concurrency, TimeSpan duration, Func<int, long, Task<bool>> operation,
        double? ratePerSecond = null)
    {
        var latencies = new List<double>[concurrency];
        var errors = 0;
        var clock = Stopwatch.StartNew();
        var interval = ratePerSecond is { } rate ? TimeSpan.FromSeconds(concurrency / rate) : TimeSpan.Zero;
        var workers = Enumerable.Range(0, concurrency).Select(async worker =>
        {
            latencies[worker] = [];
            long n = 0;
            var next = clock.Elapsed + TimeSpan.FromTicks(interval.Ticks * worker / Math.Max(1, concurrency));
            while (clock.Elapsed < duration)
            {
                if (interval > TimeSpan.Zero)
                {
                    var wait = next - clock.Elapsed;
                    if (wait > TimeSpan.Zero) await Task.Delay(wait);
                    next += interval;
                }

                var started = clock.Elapsed;
                var ok = await operation(worker, n++);
                if (ok) latencies[worker].Add((clock.Elapsed - started).TotalMilliseconds);
                else Interlocked.Increment(ref errors);
            }
        }).ToArray();
        await Task.WhenAll(workers);
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new LoadResult(name, concurrency, all.Length, errors, clock.Elapsed.TotalSeconds, all);
    }
}
