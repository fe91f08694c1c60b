namespace Coordination.Infrastructure.Http;

/// <summary>
/// A path and query longer than <see cref="MaxLength"/> is a 414 problem, headers larger than <see cref="MaxHeaderBytes"/>
/// or more than <see cref="MaxHeaderCount"/> of them a 431 problem; Kestrel lets request lines up to
/// <see cref="KestrelLineLimit"/> and headers up to <see cref="KestrelHeaderLimit"/> (<see cref="KestrelHeaderCount"/> of
/// them) through so that these answers, not its own empty ones, are given.
/// </summary>
public sealed class AddressGuard(RequestDelegate next, IProblemDetailsService problems)
{
    public const int MaxLength = 4096;
    public const int KestrelLineLimit = 64 * 1024;
    public const int MaxHeaderBytes = 32 * 1024;
    public const int KestrelHeaderLimit = 128 * 1024;
    public const int MaxHeaderCount = 100;
    public const int KestrelHeaderCount = 400;

    public async Task InvokeAsync(HttpContext http)
    {
        if (http.Request.Path.Value?.Length + http.Request.QueryString.Value?.Length > MaxLength)
        {
            await problems.WriteProblemAsync(http, Problems.Of(StatusCodes.Status414UriTooLong, new Message("uri-too-long", MaxLength)));
            return;
        }

        if (HeadersTooLarge(http.Request.Headers))
        {
            await problems.WriteProblemAsync(http, Problems.Of(StatusCodes.Status431RequestHeaderFieldsTooLarge,
                new Message("headers-too-large")));
            return;
        }

        await next(http);
    }

    /// <summary>Kestrel's own measure: each header's name and values, in characters.</summary>
    private static bool HeadersTooLarge(IHeaderDictionary headers)
    {
        if (headers.Count > MaxHeaderCount) return true;
        var size = 0L;
        foreach (var (name, values) in headers)
        {
            size += name.Length;
            foreach (var value in values) size += value?.Length ?? 0;
        }
        return size > MaxHeaderBytes;
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
/// A query parameter the route reads, sent twice (?from=2026-01-01&amp;from=2026-02-01), is a 400 field-repeated naming it, as
/// a property sent twice in a body is: every parameter holds one value, and the two were read joined by a comma and refused
/// as a value of the wrong shape ('61.05,61.10' is no district). One that holds a time without its offset
/// (?at=2026-11-28T10:00:00), or a bare date where the route reads a time (?at=2026-11-28), is a 400 invalid-time, as such a
/// time in a body is (<see cref="Json.OffsetRequired"/>): it names no moment, and was read in the server's own zone. Parameters a route does not read are left alone, as before.
/// </summary>
public sealed partial class QueryGuard(RequestDelegate next, IProblemDetailsService problems,
    Microsoft.AspNetCore.Mvc.ApiExplorer.IApiDescriptionGroupCollectionProvider descriptions)
{
    /// <summary>Per route, the query parameters it reads, each with whether it is a time (a moment, not a day).</summary>
    private Dictionary<string, Dictionary<string, bool>>? _read;

    [System.Text.RegularExpressions.GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt]\d")]
    private static partial System.Text.RegularExpressions.Regex ClockTime();

    [System.Text.RegularExpressions.GeneratedRegex(@"^\d{4}-\d{2}-\d{2}$")]
    private static partial System.Text.RegularExpressions.Regex BareDate();

    public async Task InvokeAsync(HttpContext http)
    {
        if (http.Request.QueryString.HasValue && http.GetEndpoint() is RouteEndpoint endpoint &&
            Read().TryGetValue(Key(http.Request.Method, endpoint.RoutePattern.RawText), out var parameters))
            foreach (var (name, values) in http.Request.Query)
            {
                if (!parameters.TryGetValue(name, out var isTime)) continue;
                if (values.Count > 1)
                {
                    await problems.WriteProblemAsync(http, Problems.Invalid(name, "field-repeated", name));
                    return;
                }

                if (values[0] is { } value && (ClockTime().IsMatch(value) && !Json.OffsetRequired.HasOffset(value) || isTime && BareDate().IsMatch(value)))
                {
                    await problems.WriteProblemAsync(http, Problems.Invalid(name, "invalid-time", name));
                    return;
                }
            }

        await next(http);
    }

    /// <summary>The query parameters each route reads, as the OpenAPI document lists them.</summary>
    private Dictionary<string, Dictionary<string, bool>> Read() => _read ??= descriptions.ApiDescriptionGroups.Items
        .SelectMany(g => g.Items)
        .GroupBy(d => Key(d.HttpMethod ?? "GET", d.RelativePath))
        .ToDictionary(g => g.Key, g => g.SelectMany(d => d.ParameterDescriptions)
            .Where(p => p.Source == Microsoft.AspNetCore.Mvc.ModelBinding.BindingSource.Query)
            .DistinctBy(p => p.Name, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(p => p.Name, p => (Nullable.GetUnderlyingType(p.Type) ?? p.Type) == typeof(DateTimeOffset), StringComparer.OrdinalIgnoreCase));

    private static string Key(string method, string? route) => $"{method.ToUpperInvariant()} {route?.Trim('/').Split('?')[0]}";
}
