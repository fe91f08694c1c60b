namespace Coordination.Infrastructure.Http;

/// <summary>An answer held in memory before it is sent: stored for a retry (Idempotency), or tagged (ConditionalReads).</summary>
public static class CapturedAnswer
{
    /// <summary>Runs the rest of the pipeline with the answer's body written to memory; the connection's body is back in place after.</summary>
    public static async Task<MemoryStream> Of(HttpContext http, RequestDelegate next)
    {
        var original = http.Response.Body;
        var captured = new MemoryStream();
        http.Response.Body = captured;
        try
        {
            await next(http);
        }
        finally
        {
            http.Response.Body = original;
        }

        return captured;
    }
}
