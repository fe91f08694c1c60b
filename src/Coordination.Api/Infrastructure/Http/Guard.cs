
namespace Coordination.Infrastructure.Http;

/// <summary>The sad path every command on an existing stream walks, in order: scope (403), shape (400), If-Match (412), state (409).</summary>
public static class Guard
{
    public static ProblemDetails Command(Message? forbidden, Validation shape, HttpContext http, long version,
        Func<Decision> decide)
    {
        if (forbidden is not null) return Problems.Forbidden(forbidden);
        if (!shape.IsValid) return shape.ToProblem();

        var precondition = IfMatch.Check(http, version);
        if (!ReferenceEquals(precondition, Problems.None)) return precondition;

        var decision = decide();
        return decision.Why is { } why ? Problems.Conflict(why) : Problems.None;
    }
}
