namespace Coordination.Infrastructure.Http;

/// <summary>
/// Every log line written while a request runs carries its correlation id and the caller's sub (the trace id comes from
/// the logger's activity tracking); nothing else of the request: no header, token or body.
/// </summary>
public sealed class LogScope(RequestDelegate next, ILogger<LogScope> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var correlationId = context.Request.Headers[CorrelationMiddleware.Header].ToString();
        var sub = context.User.Identity?.IsAuthenticated == true ? context.User.Subject() : null;
        using (logger.BeginScope("Correlation {CorrelationId}, user {UserSub}", correlationId, sub)) await next(context);
    }
}
