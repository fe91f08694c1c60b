
namespace Coordination.Infrastructure.Http;

/// <summary>RFC 9457 problem details for the answers our endpoints give.</summary>
public static class Problems
{
    public static ProblemDetails None => WolverineContinue.NoProblems;

    public static ProblemDetails Conflict(string detail) =>
        new() { Status = StatusCodes.Status409Conflict, Title = "The current state does not allow this", Detail = detail };

    public static ProblemDetails Forbidden(string detail) =>
        new() { Status = StatusCodes.Status403Forbidden, Title = "Outside your scope", Detail = detail };

    public static ProblemDetails NotFound(string detail) =>
        new() { Status = StatusCodes.Status404NotFound, Title = "Not found", Detail = detail };

    public static ProblemDetails UnknownDistrict(string code) =>
        NotFound($"There is no district with code '{code}' in Kalimantan Barat.");

    public static ProblemDetails PreconditionFailed(long current, string given) =>
        new()
        {
            Status = StatusCodes.Status412PreconditionFailed,
            Title = "The resource has changed",
            Detail = $"If-Match named version {given}, but the current version is {current}. Read it again and retry.",
            Extensions = { ["currentVersion"] = current }
        };

    public static ProblemDetails Invalid(IDictionary<string, string[]> errors) =>
        new HttpValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The request is not valid",
            Detail = string.Join(" ", errors.SelectMany(e => e.Value))
        };

    public static ProblemDetails Invalid(string field, string message) =>
        Invalid(new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>Writes a problem as the response, with its status, for middleware that answers before any endpoint runs.</summary>
    public static ValueTask WriteProblemAsync(this IProblemDetailsService service, HttpContext http, ProblemDetails problem,
        Exception? exception = null)
    {
        http.Response.StatusCode = problem.Status!.Value;
        return service.WriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }
}
