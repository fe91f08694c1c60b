using System.Diagnostics;
using System.Diagnostics.Metrics;
using Coordination.Infrastructure.Telemetry;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;
using Microsoft.Extensions.Options;

namespace Coordination.Infrastructure.Http;

/// <summary>
/// Writes every problem as application/problem+json, whatever the Accept header asks for, with a stable <c>code</c> and
/// its texts in the request's language. Problems made elsewhere — an empty 404 or 415 from the framework, a body or query
/// value Wolverine could not read — get their code and words here, without the .NET type names their messages carry.
/// </summary>
public sealed class ProblemWriter(IOptions<JsonOptions> json, ILogger<ProblemWriter> logger, IMeterFactory meters) : IProblemDetailsWriter
{
    /// <summary>Every problem answered, by its code, status and route: why commands fail, not only that they do.</summary>
    private readonly Counter<long> _problems = meters.Create(Telemetry.Telemetry.MeterName)
        .CreateCounter<long>("coordination.problems", "{problem}", "Problems answered, by their code, status and route");

    /// <summary>The titles Wolverine gives the problems it writes by itself.</summary>
    private const string WolverineBadJson = "Invalid JSON format", WolverineBadQueryValue = "Invalid query string value";

    public bool CanWrite(ProblemDetailsContext context) => true;

    public async ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        var problem = Explained(context.ProblemDetails, http);
        problem.Status ??= http.Response.StatusCode;
        problem.Type ??= TypeOf(problem.Status.Value);
        problem.Extensions.TryAdd("traceId", Activity.Current?.Id ?? http.TraceIdentifier);
        if (!http.Response.HasStarted) http.Response.StatusCode = problem.Status.Value;
        _problems.Add(1, new TagList
        {
            { "code", problem.Extensions.TryGetValue(Problems.CodeMember, out var code) ? code?.ToString() : CodeFor(problem.Status.Value) },
            { "http.response.status_code", problem.Status.Value },
            { "http.request.method", http.Request.Method },
            // an exception's problem is written after the exception handler cleared the endpoint; it keeps the one that threw
            { "http.route", (http.GetEndpoint() ?? http.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>()?.Endpoint)
                is RouteEndpoint endpoint ? endpoint.RoutePattern.RawText : "" }
        });
        await http.Response.WriteAsJsonAsync(problem, problem.GetType(), json.Value.SerializerOptions, "application/problem+json",
            http.RequestAborted);
    }

    private ProblemDetails Explained(ProblemDetails problem, HttpContext http)
    {
        if (problem.Extensions.ContainsKey(Problems.CodeMember)) return problem;
        var status = problem.Status ?? http.Response.StatusCode;

        if (status == StatusCodes.Status400BadRequest && problem.Title == WolverineBadJson)
        {
            var explained = (http.Features.Get<RequestBody>() is { } body ? JsonProblems.Malformed(body.Bytes.Span) : null) ??
                            JsonProblems.Explain(problem.Detail, PathOf(http, problem));
            logger.LogInformation("Refused a body that is not the JSON {Path} expects ({Code})", http.Request.Path,
                explained.Extensions[Problems.CodeMember]);
            return explained;
        }

        if (status == StatusCodes.Status400BadRequest && problem.Title == WolverineBadQueryValue &&
            problem.Extensions.TryGetValue("parameter", out var parameter) && parameter is string name)
            return Problems.Invalid(name, JsonProblems.Expected(name, JsonProblems.TypeNamed(problem.Detail?.Split(' ')[^1] ?? "")));

        return Problems.Of(status, status switch
        {
            StatusCodes.Status404NotFound => new Message("not-found", Target(http)),
            StatusCodes.Status405MethodNotAllowed => new Message("method-not-allowed", HeadRequests.MethodOf(http), Target(http)),
            _ => new Message(CodeFor(status))
        });
    }

    /// <summary>
    /// The address the request named: its path, or, for a request that names no path (<c>OPTIONS *</c>, <c>CONNECT host:443</c>),
    /// the target as it was sent, where the text read "not allowed on ."
    /// </summary>
    private static string Target(HttpContext http) =>
        http.Request.Path.HasValue ? http.Request.Path.ToString()
            : http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()?.RawTarget is { Length: > 0 } raw ? raw : "/";

    /// <summary>Where in the body Wolverine's reader stopped: it tells the line and byte, not the path.</summary>
    private static string? PathOf(HttpContext http, ProblemDetails problem) =>
        http.Features.Get<RequestBody>() is { } body && problem.Extensions.TryGetValue("lineNumber", out var line) &&
        problem.Extensions.TryGetValue("bytePositionInLine", out var position) && line is not null && position is not null
            ? JsonProblems.PathAt(body.Bytes.Span, Convert.ToInt64(line), Convert.ToInt64(position))
            : null;

    /// <summary>The code of a problem that says no more than its status.</summary>
    public static string CodeFor(int status) => status switch
    {
        400 => "bad-request",
        401 => "token-invalid",
        403 => "forbidden",
        404 => "not-found",
        405 => "method-not-allowed",
        406 => "not-acceptable",
        408 => "request-timeout",
        409 => "conflict",
        411 => "length-required",
        413 => "body-too-large-unknown",
        414 => "uri-too-long",
        415 => "unsupported-media-type",
        431 => "headers-too-large",
        503 => "service-unavailable",
        >= 500 => "server-error",
        _ => "bad-request"
    };

    private static string TypeOf(int status) => status switch
    {
        400 => "https://tools.ietf.org/html/rfc9110#section-15.5.1",
        401 => "https://tools.ietf.org/html/rfc9110#section-15.5.2",
        403 => "https://tools.ietf.org/html/rfc9110#section-15.5.4",
        404 => "https://tools.ietf.org/html/rfc9110#section-15.5.5",
        405 => "https://tools.ietf.org/html/rfc9110#section-15.5.6",
        406 => "https://tools.ietf.org/html/rfc9110#section-15.5.7",
        408 => "https://tools.ietf.org/html/rfc9110#section-15.5.9",
        409 => "https://tools.ietf.org/html/rfc9110#section-15.5.10",
        411 => "https://tools.ietf.org/html/rfc9110#section-15.5.12",
        412 => "https://tools.ietf.org/html/rfc9110#section-15.5.13",
        413 => "https://tools.ietf.org/html/rfc9110#section-15.5.14",
        414 => "https://tools.ietf.org/html/rfc9110#section-15.5.15",
        415 => "https://tools.ietf.org/html/rfc9110#section-15.5.16",
        422 => "https://tools.ietf.org/html/rfc9110#section-15.5.21",
        431 => "https://tools.ietf.org/html/rfc6585#section-5",
        500 => "https://tools.ietf.org/html/rfc9110#section-15.6.1",
        503 => "https://tools.ietf.org/html/rfc9110#section-15.6.4",
        _ => "about:blank"
    };
}
