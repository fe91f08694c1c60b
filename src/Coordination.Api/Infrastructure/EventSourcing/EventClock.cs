namespace Coordination.Infrastructure.EventSourcing;

/// <summary>
/// Stamps events at PostgreSQL's microsecond precision, so a document built inline, rebuilt later, or replayed from the
/// stored events carries the very same timestamps. A loader of history may pretend to be at an earlier moment.
/// </summary>
public sealed class EventClock(TimeProvider system) : TimeProvider
{
    private static readonly AsyncLocal<DateTimeOffset?> Pretended = new();

    public override DateTimeOffset GetUtcNow() => Truncate(Pretended.Value ?? system.GetUtcNow());

    public static DateTimeOffset Truncate(DateTimeOffset time) => time.AddTicks(-(time.Ticks % 10));

    /// <summary>Until disposed, events appended on this async flow are stamped with <paramref name="at"/>.</summary>
    public static IDisposable PretendNow(DateTimeOffset at)
    {
        var previous = Pretended.Value;
        Pretended.Value = at;
        return new Restore(previous);
    }

    private sealed class Restore(DateTimeOffset? previous) : IDisposable
    {
        public void Dispose() => Pretended.Value = previous;
    }
}
