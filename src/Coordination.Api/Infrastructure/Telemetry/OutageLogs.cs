using System.Globalization;
using Coordination.Infrastructure.Http;
using Microsoft.Extensions.Options;

namespace Coordination.Infrastructure.Telemetry;

/// <summary>
/// Keeps an outage's log readable. While PostgreSQL cannot be reached (or every pooled connection is in use), the views'
/// daemon, Wolverine's durability agent, its control queue and every request each log their failure with its stack
/// trace, again and again: 20 s of outage wrote 135 entries and 3,600 stack frame lines. Log filters and levels per
/// category cannot tell these from other failures (they see no exception), so every logger passes through here: the first
/// failure of each source in an outage is written as it came, with its stack trace; the others are counted, and one line
/// per interval (<see cref="OperationsOptions.OutageLogSeconds"/>) says how many there were and where from; an interval
/// without such a failure ends the outage with one line. Everything else is written as it comes.
/// </summary>
public sealed class OutageLogs : IDisposable
{
    public const string Category = "Coordination.Outage";

    private readonly ILogger _logger;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _interval;
    private readonly Lock _lock = new();
    private readonly HashSet<(string Kind, string Source)> _shown = [];
    private readonly Dictionary<(string Kind, string Source), int> _counted = [];
    private ITimer? _timer;
    private DateTimeOffset _began, _last;
    private int _total;

    public OutageLogs(ILoggerFactory inner, TimeProvider clock, IOptions<OperationsOptions> options)
    {
        _logger = inner.CreateLogger(Category);
        _clock = clock;
        _interval = TimeSpan.FromSeconds(Math.Max(0.1, options.Value.OutageLogSeconds));
    }

    /// <summary>
    /// What the database's failure is, when an entry's exception is one: the code its answer to a client would carry
    /// (<c>database-unavailable</c>, <c>database-busy</c>); null for every other entry.
    /// </summary>
    public static string? KindOf(Exception? exception) =>
        exception is not null && ExceptionProblems.Map(exception) is { } problem &&
        problem.Extensions.TryGetValue(Problems.CodeMember, out var code) && code is ExceptionProblems.Unavailable or ExceptionProblems.Busy
            ? (string)code
            : null;

    /// <summary>True when the entry is to be written now; false when it is counted in the next interval's line.</summary>
    public bool Write(string kind, string source)
    {
        lock (_lock)
        {
            var now = _clock.GetUtcNow();
            if (_timer is null)
            {
                _began = now;
                _total = 0;
                _shown.Clear();
                _counted.Clear();
                _timer = _clock.CreateTimer(_ => Tick(), null, _interval, _interval);
                _logger.LogWarning("{What} since {Began:HH:mm:ss} UTC: the first failure of each source is logged with its stack trace, the others " +
                                   "are counted every {Seconds} s", What(kind), now, Seconds);
            }

            _last = now;
            _total++;
            if (_shown.Add((kind, source))) return true;
            _counted[(kind, source)] = _counted.GetValueOrDefault((kind, source)) + 1;
            return false;
        }
    }

    private void Tick()
    {
        lock (_lock)
        {
            if (_timer is null) return;
            if (_counted.Count == 0 && _clock.GetUtcNow() - _last >= _interval)
            {
                _timer.Dispose();
                _timer = null;
                _logger.LogInformation("The database answers again: no failure for {Seconds} s; {Total} failures from {Began:HH:mm:ss} to {Last:HH:mm:ss} UTC",
                    Seconds, _total, _began, _last);
                return;
            }

            foreach (var kind in _counted.Keys.Select(k => k.Kind).Distinct().ToList())
            {
                var sources = _counted.Where(c => c.Key.Kind == kind).OrderByDescending(c => c.Value).ToList();
                _logger.LogWarning("{What}: {Count} more failures in the last {Seconds} s ({Sources})", What(kind), sources.Sum(s => s.Value), Seconds,
                    string.Join(", ", sources.Select(s => $"{s.Key.Source} {s.Value}")));
            }

            _counted.Clear();
        }
    }

    private string Seconds => _interval.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);

    private static string What(string kind) => kind == ExceptionProblems.Busy ? "Database busy (every pooled connection in use)" : "Database unreachable";

    public void Dispose()
    {
        lock (_lock)
        {
            _timer?.Dispose();
            _timer = null;
        }
    }
}

/// <summary>Every logger of the service, each passing the database's failures through <see cref="OutageLogs"/>.</summary>
public sealed class OutageLoggerFactory(ILoggerFactory inner, OutageLogs outage) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) =>
        categoryName == OutageLogs.Category ? inner.CreateLogger(categoryName) : new Logger(inner.CreateLogger(categoryName), categoryName, outage);

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose()
    {
        outage.Dispose();
        inner.Dispose();
    }

    private sealed class Logger(ILogger inner, string category, OutageLogs outage) : ILogger
    {
        public void Log<TState>(LogLevel level, EventId id, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (exception is not null && level >= LogLevel.Warning && inner.IsEnabled(level) && OutageLogs.KindOf(exception) is { } kind &&
                !outage.Write(kind, category)) return;
            inner.Log(level, id, state, exception, formatter);
        }

        public bool IsEnabled(LogLevel level) => inner.IsEnabled(level);
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);
    }
}
