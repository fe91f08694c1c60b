namespace Coordination.Infrastructure.EventSourcing;

/// <summary>What a pure decision returns: the events to append, or the reason the current state refuses the command.</summary>
public sealed record Decision(IReadOnlyList<object> Events, string? Rejection)
{
    public static readonly Decision Nothing = new([], null);

    public bool Rejected => Rejection is not null;

    public static Decision Accept(params object[] events) => new(events, null);

    public static Decision Reject(string reason) => new([], reason);
}

public static class DecisionExtensions
{
    /// <summary>The events to append and the stream version they lead to.</summary>
    public static (Http.Versioned, Wolverine.Marten.Events) Append(this Decision decision, long currentVersion)
    {
        var events = new Wolverine.Marten.Events();
        events.AddRange(decision.Events);
        return (new Http.Versioned(currentVersion + events.Count), events);
    }
}
