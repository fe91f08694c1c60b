using System.Text;

namespace Coordination.Infrastructure.Http;

/// <summary>A JSON body of literally <c>null</c> would reach a command as a null reference; it is a 400 instead.</summary>
public sealed class NullBodyGuard(RequestDelegate next, IProblemDetailsService problems)
{
    private const int Peek = 64;

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (HttpMethods.IsPost(request.Method) && request.HasJsonContentType() && request.ContentLength is null or <= Peek)
        {
            request.EnableBuffering();
            var buffer = new byte[Peek];
            var read = await request.Body.ReadAtLeastAsync(buffer, Peek, throwOnEndOfStream: false, context.RequestAborted);
            request.Body.Position = 0;
            if (Encoding.UTF8.GetString(buffer, 0, read).Trim() == "null")
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                await problems.WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails = Problems.Invalid("body", "A JSON object is required, not null.")
                });
                return;
            }
        }

        await next(context);
    }
}
