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
/// Reads every POST and PUT body once, before anything uses it: too large is a 413, and a JSON body of literally <c>null</c>
/// (which would reach a command as a null reference) is a 400. The command then reads the same bytes from memory.
/// </summary>
public sealed class BodyGuard(RequestDelegate next, IProblemDetailsService problems, IOptions<BodyLimits> limits)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!HttpMethods.IsPost(request.Method) && !HttpMethods.IsPut(request.Method))
        {
            await next(context);
            return;
        }

        var max = limits.Value.MaxBodyBytes;
        var bytes = request.ContentLength > max ? null : await ReadAsync(request, max, context.RequestAborted);
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
        catch (IOException)
        {
            return null;
        }
    }

    private static bool IsJsonNull(byte[] bytes) =>
        bytes.Length <= 64 && System.Text.Encoding.UTF8.GetString(bytes).Trim() == "null";
}
