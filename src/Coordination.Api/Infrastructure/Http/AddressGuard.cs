namespace Coordination.Infrastructure.Http;

/// <summary>
/// Guards the address before any endpoint reads it: a path or query longer than <see cref="MaxLength"/> is a 414 problem
/// (Kestrel lets lines up to <see cref="KestrelLineLimit"/> through so that this answer, not an empty one, is given), and
/// an id of all zeros — which names nothing and which the event store refuses as a stream id — is a 404 problem.
/// </summary>
public sealed class AddressGuard(RequestDelegate next, IProblemDetailsService problems)
{
    public const int MaxLength = 4096;
    public const int KestrelLineLimit = 64 * 1024;

    public async Task InvokeAsync(HttpContext http)
    {
        var request = http.Request;
        if (request.Path.Value?.Length + request.QueryString.Value?.Length > MaxLength)
        {
            await problems.WriteProblemAsync(http, Problems.Of(StatusCodes.Status414UriTooLong, new Message("uri-too-long", MaxLength)));
            return;
        }

        foreach (var (name, value) in http.Request.RouteValues)
            if (value is string text && Guid.TryParse(text, out var id) && id == Guid.Empty)
            {
                await problems.WriteProblemAsync(http, Problems.NotFound(new Message("empty-id", name)));
                return;
            }

        await next(http);
    }
}
