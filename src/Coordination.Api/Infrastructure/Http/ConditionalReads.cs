using System.Security.Cryptography;
using Microsoft.Net.Http.Headers;

namespace Coordination.Infrastructure.Http;

/// <summary>
/// Conditional reads, for a page on a slow line that reads the same lists again on every live update: a read under /api
/// (GET or HEAD, answered 200 with JSON) that carries no version of its own (lists, views, readiness, history) gets a weak
/// ETag of what it says, and a read whose If-None-Match names that tag is answered 304 without a body. The answer is
/// worked out whole every time, with the caller's rights and language, so a 304 says exactly "what you hold is what you
/// would get now". Nothing is kept on the device: API answers stay <c>no-store</c>, and the pages hold their last answers
/// in memory. A read of one stream keeps its version as ETag (what If-Match names); the live stream and the CSV exports are
/// written as they go and pass through untouched.
/// </summary>
public sealed class ConditionalReads(RequestDelegate next)
{
    private static readonly PathString Api = "/api";
    private static readonly PathString[] WrittenAsTheyGo = ["/api/events", "/api/exports"];

    public async Task InvokeAsync(HttpContext http)
    {
        if (!HttpMethods.IsGet(http.Request.Method) || !Tagged(http.Request.Path))
        {
            await next(http);
            return;
        }

        await using var captured = await CapturedAnswer.Of(http, next);
        var response = http.Response;
        if (response.StatusCode == StatusCodes.Status200OK && response.Headers.ETag.Count == 0 && captured.Length > 0 &&
            MediaTypeHeaderValue.TryParse(response.ContentType, out var type) && type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            var tag = Tag(captured);
            response.Headers.ETag = tag.ToString();
            if (Names(http.Request.Headers.IfNoneMatch, tag))
            {
                response.StatusCode = StatusCodes.Status304NotModified;
                response.ContentLength = null;
                return;
            }
        }

        captured.Position = 0;
        await captured.CopyToAsync(response.Body, http.RequestAborted);
    }

    /// <summary>Whether a read of this path is tagged: the API's, except what is written as it goes (also said in the OpenAPI document).</summary>
    public static bool Tagged(PathString path) =>
        path.StartsWithSegments(Api) && !WrittenAsTheyGo.Any(path.StartsWithSegments);

    /// <summary>Weak: the same words, however the answer is then compressed.</summary>
    private static EntityTagHeaderValue Tag(MemoryStream body) =>
        new($"\"{Convert.ToHexStringLower(SHA256.HashData(body.GetBuffer().AsSpan(0, (int)body.Length))[..16])}\"", isWeak: true);

    /// <summary>If-None-Match names the tag (weak comparison, as GET asks: RFC 9110, 13.1.2), or is "*".</summary>
    private static bool Names(Microsoft.Extensions.Primitives.StringValues ifNoneMatch, EntityTagHeaderValue tag) =>
        ifNoneMatch.Count > 0 && EntityTagHeaderValue.TryParseList(ifNoneMatch, out var named) &&
        named.Any(n => n.Equals(EntityTagHeaderValue.Any) || n.Compare(tag, useStrongComparison: false));
}
