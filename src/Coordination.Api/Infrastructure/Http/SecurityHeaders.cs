namespace Coordination.Infrastructure.Http;

/// <summary>Standard response headers for an API that serves JSON only (Swagger UI keeps its own needs).</summary>
public sealed class SecurityHeaders(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        Apply(context);
        return next(context);
    }

    /// <summary>Also after the exception handler has cleared a response (<see cref="ExceptionProblems"/>).</summary>
    public static void Apply(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Resource-Policy"] = "same-origin";
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            headers.ContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";
            headers.CacheControl = "no-store";
        }
    }
}
