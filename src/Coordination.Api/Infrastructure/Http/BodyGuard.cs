using System.Text;
using Microsoft.Extensions.Options;

namespace Coordination.Infrastructure.Http;

public sealed class BodyLimits
{
    public const string Section = "Api";

    /// <summary>The largest request body accepted (default 256 KiB); longer texts are limited per field by validation.</summary>
    public int MaxBodyBytes { get; set; } = 256 * 1024;
}

/// <summary>
/// Guards request bodies before they reach a command: too large is a 413, and a JSON body of literally
/// <c>null</c> (which would reach a command as a null reference) is a 400.
/// </summary>
public sealed class BodyGuard(RequestDelegate next, IProblemDetailsService problems, IOptions<BodyLimits> limits)
{
    private const int Peek = 64;

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!HttpMethods.IsPost(request.Method))
        {
            await next(context);
            return;
        }

        var max = limits.Value.MaxBodyBytes;
        if (request.ContentLength > max || (request.ContentLength is null && await LongerThanAsync(request, max, context.RequestAborted)))
        {
            await problems.WriteProblemAsync(context, Problems.Of(StatusCodes.Status413PayloadTooLarge, new Message("body-too-large", max)));
            return;
        }

        if (request.HasJsonContentType() && request.ContentLength is <= Peek)
        {
            request.EnableBuffering();
            var buffer = new byte[Peek];
            var read = await request.Body.ReadAtLeastAsync(buffer, Peek, throwOnEndOfStream: false, context.RequestAborted);
            request.Body.Position = 0;
            if (Encoding.UTF8.GetString(buffer, 0, read).Trim() == "null")
            {
                await problems.WriteProblemAsync(context, Problems.Invalid("body", "body-null"));
                return;
            }
        }

        await next(context);
    }

    /// <summary>A body sent without Content-Length is buffered up to the limit to learn its size.</summary>
    private static async Task<bool> LongerThanAsync(HttpRequest request, int max, CancellationToken cancellation)
    {
        request.EnableBuffering(bufferThreshold: 64 * 1024, bufferLimit: max + 1L);
        var buffer = new byte[16 * 1024];
        long total = 0;
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(buffer, cancellation)) > 0)
                if ((total += read) > max) return true;
        }
        catch (IOException)
        {
            return true;
        }

        request.Body.Position = 0;
        request.ContentLength = total;
        return false;
    }

}
