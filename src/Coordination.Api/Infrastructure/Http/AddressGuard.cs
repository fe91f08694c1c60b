namespace Coordination.Infrastructure.Http;

/// <summary>
/// A path and query longer than <see cref="MaxLength"/> is a 414 problem; Kestrel lets request lines up to
/// <see cref="KestrelLineLimit"/> through so that this answer, not its own empty one, is given.
/// </summary>
public sealed class AddressGuard(RequestDelegate next, IProblemDetailsService problems)
{
    public const int MaxLength = 4096;
    public const int KestrelLineLimit = 64 * 1024;

    public async Task InvokeAsync(HttpContext http)
    {
        if (http.Request.Path.Value?.Length + http.Request.QueryString.Value?.Length > MaxLength)
        {
            await problems.WriteProblemAsync(http, Problems.Of(StatusCodes.Status414UriTooLong, new Message("uri-too-long", MaxLength)));
            return;
        }

        await next(http);
    }
}

/// <summary>An id of all zeros in a path names nothing, and the event store refuses it as a stream id: a 404 problem.</summary>
public sealed class EmptyIdGuard(RequestDelegate next, IProblemDetailsService problems)
{
    public async Task InvokeAsync(HttpContext http)
    {
        foreach (var (name, value) in http.Request.RouteValues)
            if (value is string text && Guid.TryParse(text, out var id) && id == Guid.Empty)
            {
                await problems.WriteProblemAsync(http, Problems.NotFound(new Message("empty-id", name)));
                return;
            }

        await next(http);
    }
}

/// <summary>
/// A query parameter sent twice (?from=2026-01-01&amp;from=2026-02-01) is a 400 field-repeated naming it, as a property
/// sent twice in a body is: every parameter holds one value, and the two read joined by a comma were refused as a value
/// of the wrong shape ('61.05,61.10' is no district) or, for a number, as out of range.
/// </summary>
public sealed class QueryGuard(RequestDelegate next, IProblemDetailsService problems)
{
    public async Task InvokeAsync(HttpContext http)
    {
        if (http.Request.Path.StartsWithSegments("/api"))
            foreach (var (name, values) in http.Request.Query)
                if (values.Count > 1)
                {
                    await problems.WriteProblemAsync(http, Problems.Invalid(name, "field-repeated", name));
                    return;
                }

        await next(http);
    }
}
