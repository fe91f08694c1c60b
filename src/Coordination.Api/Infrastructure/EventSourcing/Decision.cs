namespace Coordination.Infrastructure.EventSourcing;

/// <summary>How a decision answers: accepted, or refused because what it names does not exist (404), because of who asks (403),
/// what was sent (400) or the state (409).</summary>
public enum Verdict
{
    Accepted,
    NotFound,
    Forbidden,
    Invalid,
    Conflict
}

/// <summary>
/// What a command's pure <c>Decide</c> returns: the events to append, or why it is refused. It is made once per command;
/// <see cref="Verdicts"/> turns a refusal into the answer (403, 400, 412, 409) and the endpoint's <c>Post</c> hands the
/// events over.
/// </summary>
public sealed record Decision
{
    private Decision(Verdict verdict, IReadOnlyList<object> events, Message? why = null, Validation? shape = null)
    {
        Verdict = verdict;
        Events = events;
        Why = why;
        Shape = shape;
    }

    public static readonly Decision Nothing = new(Verdict.Accepted, []);

    public Verdict Verdict { get; }

    public IReadOnlyList<object> Events { get; }

    /// <summary>The reason of a 404, 403 or 409.</summary>
    public Message? Why { get; }

    /// <summary>The fields at fault in a 400.</summary>
    public Validation? Shape { get; }

    /// <summary>What a client's code reads beside the reason (the ids its words leave out), as members of the problem.</summary>
    public IReadOnlyDictionary<string, object> Extensions { get; private init; } = NoExtensions;

    // shared by every decision that carries none, which is nearly all of them: a command makes no dictionary of its own
    private static readonly IReadOnlyDictionary<string, object> NoExtensions = new Dictionary<string, object>();

    /// <summary>The version of the stream the decision read; a client's If-Match is checked against it. Null for a new stream.</summary>
    public long? Version { get; private init; }

    public bool Rejected => Verdict != Verdict.Accepted;

    /// <summary>Accepted with nothing to append: the state already is what the command asks for.</summary>
    public bool ChangesNothing => Verdict == Verdict.Accepted && Events.Count == 0;

    /// <summary>The reason in the current language.</summary>
    public string? Rejection => Why?.ToString() ?? (Shape is { IsValid: false } shape ? string.Join(" ", shape.Messages()) : null);

    public static Decision Accept(params object[] events) => new(Verdict.Accepted, events);

    public static Decision Reject(Message why) => new(Verdict.Conflict, [], why);

    public static Decision Reject(string key, params object?[] args) => Reject(new Message(key, args));

    public static Decision Forbid(Message why) => new(Verdict.Forbidden, [], why);

    public static Decision NotFound(Message why) => new(Verdict.NotFound, [], why);

    public static Decision Invalid(Validation shape) => new(Verdict.Invalid, [], shape: shape);

    /// <summary>The sad path every command walks, in order: who asks (403), what was sent (400), then the state (409).</summary>
    public static Decision Checked(Message? forbidden, Validation shape, Func<Decision> decide) =>
        forbidden is not null ? Forbid(forbidden)
        : !shape.IsValid ? Invalid(shape)
        : decide();

    /// <summary>This refusal, with <paramref name="value"/> as the problem's member <paramref name="name"/>.</summary>
    public Decision With(string name, object value) =>
        this with { Extensions = new Dictionary<string, object>(Extensions) { [name] = value } };

    /// <summary>This decision, made on the stream at <paramref name="version"/> (checked against If-Match before a 409).</summary>
    public Decision On(long version) => this with { Version = version };

    /// <summary>The event that starts a new stream.</summary>
    public object Started => Events[0];

    /// <summary>The events to append to the decided stream and the version they lead to.</summary>
    public (Http.Versioned, Wolverine.Marten.Events) Append()
    {
        var events = new Wolverine.Marten.Events();
        events.AddRange(Events);
        return (new Http.Versioned((Version ?? 0) + events.Count), events);
    }
}

/// <summary>The one place a refused decision becomes an answer.</summary>
public static class Verdicts
{
    /// <summary>404, 403 and 400 first; then a stale If-Match is a 412 before a state refusal is a 409.</summary>
    public static ProblemDetails Problem(Decision decision, HttpContext http)
    {
        switch (decision.Verdict)
        {
            case Verdict.NotFound:
                return Problems.NotFound(decision.Why!);
            case Verdict.Forbidden:
                return Problems.Forbidden(decision.Why!);
            case Verdict.Invalid:
                return decision.Shape!.ToProblem();
        }

        if (decision.Version is { } version && IfMatch.Check(http, version) is var stale && !ReferenceEquals(stale, Problems.None))
            return stale;
        if (decision.Verdict != Verdict.Conflict) return Problems.None;
        var conflict = Problems.Conflict(decision.Why!);
        foreach (var (name, value) in decision.Extensions) conflict.Extensions[name] = value;
        return conflict;
    }
}
