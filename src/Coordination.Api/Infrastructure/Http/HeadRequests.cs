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
        var nowhere = new Nowhere();
        context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(nowhere, body));
        try
        {
            await next(context);
            // an endpoint that writes its answer itself (a CSV export) leaves the response unstarted here, and Wolverine takes
            // an unstarted 200 for an empty answer and makes it a 204: GET would have answered 200 with that body
            if (nowhere.Written && context.Response is { HasStarted: false, StatusCode: StatusCodes.Status204NoContent })
                context.Response.StatusCode = StatusCodes.Status200OK;
        }
        finally
        {
            context.Features.Set(body);
            context.Request.Method = HttpMethods.Head;
        }
    }

    /// <summary>Where a HEAD answer's body goes: nowhere, remembering that one was written.</summary>
    private sealed class Nowhere : Stream
    {
        public bool Written { get; private set; }
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => 0;
        public override long Position { get => 0; set { } }
        public override void Flush() { }
        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => Written |= count > 0;
        public override void Write(ReadOnlySpan<byte> buffer) => Written |= buffer.Length > 0;

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Written |= count > 0;
            return Task.CompletedTask;
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Written |= buffer.Length > 0;
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>Whether the client asked with HEAD: it reads the headers only (a stream of events ends at once).</summary>
    public static bool IsHead(HttpContext context) => context.Items.ContainsKey(Marker);

    /// <summary>The method the client sent, for words that name it (405).</summary>
    public static string MethodOf(HttpContext context) => IsHead(context) ? HttpMethods.Head : context.Request.Method;
}
