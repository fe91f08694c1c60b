using Microsoft.Net.Http.Headers;

namespace Coordination.Infrastructure.Http;

/// <summary>Optimistic concurrency for clients: ETag is the stream version; a stale If-Match is a 412.</summary>
public static class IfMatch
{
    public static ProblemDetails Check(HttpContext context, long currentVersion)
    {
        var header = context.Request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(header) || header.Trim() == "*") return Problems.None;

        foreach (var candidate in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var tag = candidate.StartsWith("W/", StringComparison.Ordinal) ? candidate[2..] : candidate;
            if (long.TryParse(tag.Trim('"'), out var version) && version == currentVersion) return Problems.None;
        }

        return Problems.PreconditionFailed(currentVersion, header);
    }

    public static void WriteETag(HttpContext context, long version) =>
        context.Response.Headers[HeaderNames.ETag] = $"\"{version}\"";

    /// <summary>Answers a read of one stream's state with its version as ETag.</summary>
    public static T Tagged<T>(this HttpContext context, T state, long version)
    {
        WriteETag(context, version);
        return state;
    }
}
