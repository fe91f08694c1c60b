namespace Coordination.Infrastructure.EventSourcing;

/// <summary>What a pure decision returns: the events to append, or the reason the current state refuses the command.</summary>
public sealed record Decision(IReadOnlyList<object> Events, Message? Why)
{
    public static readonly Decision Nothing = new([], null);

    public bool Rejected => Why is not null;

    /// <summary>The reason in the current language.</summary>
    public string? Rejection => Why?.ToString();

    public static Decision Accept(params object[] events) => new(events, null);

    public static Decision Reject(Message why) => new([], why);

    public static Decision Reject(string key, params object?[] args) => new([], new Message(key, args));
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
