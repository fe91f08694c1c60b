using Microsoft.AspNetCore.Http.Features;

namespace Coordination.Infrastructure.Http;

/// <summary>
/// HEAD on any route that answers GET (the API's, health, the desk's pages and files) answers as GET would — status and headers (ETag, Content-Type, Content-Language,
/// a problem's status) — without the body, as HTTP asks of every server (RFC 9110, 9.3.2). A route without GET answers
/// 405 naming HEAD. Runs before routing: the request is routed as GET and its body written nowhere.
/// </summary>
public sealed class HeadRequests(RequestDelegate next)
{
    private static readonly object Marker = new();

    public async Task InvokeAsync(HttpContext context)
    {
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await next(context);
            return;
        }

        context.Items[Marker] = true;
        context.Request.Method = HttpMethods.Get;
        // every way a body is written (a stream, a pipe, a file sent whole) ends nowhere
        var body = context.Features.Get<IHttpResponseBodyFeature>()!;
        context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(Stream.Null, body));
        try
        {
            await next(context);
        }
        finally
        {
            context.Features.Set(body);
            context.Request.Method = HttpMethods.Head;
        }
    }

    /// <summary>Whether the client asked with HEAD: it reads the headers only (a stream of events ends at once).</summary>
    public static bool IsHead(HttpContext context) => context.Items.ContainsKey(Marker);

    /// <summary>The method the client sent, for words that name it (405).</summary>
    public static string MethodOf(HttpContext context) => IsHead(context) ? HttpMethods.Head : context.Request.Method;
}
