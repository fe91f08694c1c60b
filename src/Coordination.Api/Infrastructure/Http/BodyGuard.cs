using System.Buffers;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Coordination.Infrastructure.Http;

public sealed class BodyLimits
{
    public const string Section = "Api";

    /// <summary>The largest request body accepted (default 256 KiB); longer texts are limited per field by validation.</summary>
    public int MaxBodyBytes { get; set; } = 256 * 1024;
}

/// <summary>A command's body, read from the connection once: the limit, the idempotency hash and the JSON all use these bytes.</summary>
public sealed class RequestBody(byte[] bytes)
{
    public ReadOnlyMemory<byte> Bytes { get; } = bytes;

    /// <summary>What an Idempotency-Key's request is: method, path, query and body.</summary>
    public static string Hash(HttpRequest request)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(System.Text.Encoding.UTF8.GetBytes($"{request.Method} {request.Path}{request.QueryString}\n"));
        if (request.HttpContext.Features.Get<RequestBody>() is { } body) sha.AppendData(body.Bytes.Span);
        return Convert.ToHexString(sha.GetHashAndReset());
    }
}

/// <summary>
/// Reads every POST and PUT body once, before anything uses it: too large is a 413, a body that breaks HTTP/1.1's framing (a
/// malformed chunk) a 400 <c>body-malformed</c>, and a JSON body of literally <c>null</c> (which would reach a command as a null
/// reference) is a 400. The command then reads the same bytes from memory. A body
/// declared in another charset than UTF-8 (application/json; charset=iso-8859-1 or utf-16) is a 415 on a route that takes
/// one: JSON travels in UTF-8 (RFC 8259) and the bytes are read as UTF-8 whatever is declared, so a name in Latin-1 was
/// refused as no text and a body in UTF-16 as no JSON.
/// </summary>
public sealed class BodyGuard(RequestDelegate next, IProblemDetailsService problems, IOptions<BodyLimits> limits, ILogger<BodyGuard> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!HttpMethods.IsPost(request.Method) && !HttpMethods.IsPut(request.Method))
        {
            await next(context);
            return;
        }

        if (ForeignCharset(request) && context.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata>() is not null)
        {
            await problems.WriteProblemAsync(context, Problems.Of(StatusCodes.Status415UnsupportedMediaType, new Message("unsupported-media-type")));
            return;
        }

        // what is left is UTF-8, perhaps named as a quoted string (charset="utf-8", as RFC 9110 allows): ASP.NET's own JSON
        // reading took the quotes for part of an encoding's name and failed with a 500, so every reader is given the plain name
        if (Utf8Quoted(request) is { } plain) request.ContentType = plain;

        var max = limits.Value.MaxBodyBytes;
        byte[]? bytes;
        try
        {
            bytes = request.ContentLength > max ? null : await ReadAsync(request, max, context.RequestAborted);
        }
        catch (Exception e) when (ClientWentAway(e, context))
        {
            // a phone that lost its connection mid-send: nothing was read, nothing runs, and nobody is left to answer (499 is
            // what the request's metrics and log line record); its retry under the same key or id runs as the first. The dead
            // connection is closed here, so Kestrel does not try to read the rest of the body (after a reset its reader is in
            // no state to, and it said so as an error)
            logger.LogDebug("The client went away while sending the body of {Method} {Path}", request.Method, request.Path);
            context.Response.StatusCode = StatusCodes.Status499ClientClosedRequest;
            context.Abort();
            return;
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status400BadRequest && request.ContentLength is null)
        {
            // the body arrived in chunks, but not as HTTP/1.1 frames them (a chunk size that is no number, a chunk longer than
            // its size, a trailer line without a colon): Kestrel stops reading it, nothing was read, nothing runs. (A body with
            // a Content-Length fails only when its client stops sending: the exception handler answers that 400.)
            logger.LogInformation("Refused a body that breaks HTTP/1.1 for {Method} {Path}: {Reason}", request.Method, request.Path, e.Message);
            await problems.WriteProblemAsync(context, Problems.Invalid("body", "body-malformed"));
            return;
        }

        if (bytes is null)
        {
            await problems.WriteProblemAsync(context, Problems.Of(StatusCodes.Status413PayloadTooLarge, new Message("body-too-large", max)));
            return;
        }

        if (request.HasJsonContentType() && IsJsonNull(bytes))
        {
            await problems.WriteProblemAsync(context, Problems.Invalid("body", "body-null"));
            return;
        }

        context.Features.Set(new RequestBody(bytes));
        request.Body = new MemoryStream(bytes, writable: false);
        request.ContentLength = bytes.Length;
        // A command that arrived whole runs to its end whether or not its client is still there to hear the answer: a phone
        // that lost its connection finds, when it retries, what its command did, instead of whatever a cancellation half way
        // through left (nothing, or, cancelled inside the append, event sequence numbers drawn that held every async view
        // back for seconds). Each statement is still bounded by the database's command timeout.
        context.RequestAborted = CancellationToken.None;
        await next(context);
    }

    /// <summary>
    /// The whole body, or null when it is longer than the limit. A body without Content-Length (chunked) is read from the
    /// connection's own pooled buffers and copied once, at its final length.
    /// </summary>
    private static async Task<byte[]?> ReadAsync(HttpRequest request, int max, CancellationToken cancellation)
    {
        if (request.ContentLength is { } length)
        {
            var exact = new byte[length];
            await request.Body.ReadExactlyAsync(exact, cancellation);
            return exact;
        }

        var reader = request.BodyReader;
        try
        {
            while (true)
            {
                var read = await reader.ReadAsync(cancellation);
                var buffer = read.Buffer;
                if (buffer.Length > max)
                {
                    reader.AdvanceTo(buffer.Start, buffer.End);
                    return null;
                }

                if (read.IsCompleted)
                {
                    var bytes = buffer.ToArray();
                    reader.AdvanceTo(buffer.End);
                    return bytes;
                }

                // nothing consumed yet, all of it examined: the next read returns once more has arrived
                reader.AdvanceTo(buffer.Start, buffer.End);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // Kestrel's own limit, when Api:MaxBodyBytes is set above it
            return null;
        }
    }

    /// <summary>
    /// The connection dropped while the body arrived: the peer reset it (Kestrel says so before it marks the request aborted),
    /// or the request was aborted. Not the service's failure, and not a malformed request.
    /// </summary>
    private static bool ClientWentAway(Exception e, HttpContext context) =>
        e is Microsoft.AspNetCore.Connections.ConnectionResetException or Microsoft.AspNetCore.Connections.ConnectionAbortedException ||
        (e is IOException or OperationCanceledException && context.RequestAborted.IsCancellationRequested);

    private static bool ForeignCharset(HttpRequest request)
    {
        if (!Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || !type.Charset.HasValue) return false;
        var charset = Microsoft.Net.Http.Headers.HeaderUtilities.RemoveQuotes(type.Charset);
        return !charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) && !charset.Equals("utf8", StringComparison.OrdinalIgnoreCase);
    }

    private static string? Utf8Quoted(HttpRequest request)
    {
        if (!Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || !type.Charset.HasValue ||
            !type.Charset.StartsWith("\"", StringComparison.Ordinal)) return null;
        type.Charset = "utf-8";
        return type.ToString();
    }

    private static bool IsJsonNull(byte[] bytes) =>
        bytes.Length <= 64 && System.Text.Encoding.UTF8.GetString(bytes).Trim() == "null";
}
