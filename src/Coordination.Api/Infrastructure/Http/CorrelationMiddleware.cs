namespace Coordination.Infrastructure.Http;

/// <summary>
/// Every request carries a correlation id: the client's X-Correlation-Id, else a new one, echoed back. A client's id that is
/// too long, or holds a character an answer's header cannot carry (a control character, or beyond ASCII), is replaced.
/// </summary>
public sealed class CorrelationMiddleware(RequestDelegate next)
{
    public const string Header = "X-Correlation-Id";

    public Task InvokeAsync(HttpContext context)
    {
        var given = context.Request.Headers[Header].ToString();
        var id = string.IsNullOrWhiteSpace(given) || given.Length > 128 || !given.All(c => c is >= ' ' and <= '~')
            ? Guid.CreateVersion7().ToString()
            : given;
        context.Request.Headers[Header] = id;
        context.Response.Headers[Header] = id;
        return next(context);
    }

    /// <summary>The request's id on its answer again, after the exception handler has cleared the response.</summary>
    public static void Echo(HttpContext context)
    {
        if (context.Request.Headers[Header].ToString() is { Length: > 0 } id) context.Response.Headers[Header] = id;
    }
}
