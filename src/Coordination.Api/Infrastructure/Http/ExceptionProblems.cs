using System.Text.Json;
using JasperFx;
using JasperFx.Events;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Localization;
using Npgsql;

namespace Coordination.Infrastructure.Http;

/// <summary>Turns the exceptions that carry meaning for a client into problem details instead of a 500.</summary>
public sealed class ExceptionProblems(IProblemDetailsService problems, ILogger<ExceptionProblems> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellation)
    {
        var problem = Map(exception);
        if (problem is null)
        {
            logger.LogError(exception, "Answered 500 to {Method} {Path}", http.Request.Method, http.Request.Path);
            problem = Problems.Of(StatusCodes.Status500InternalServerError, new Message("server-error"));
        }
        else if (problem.Status >= 500) logger.LogWarning(exception, "Answered {Status}: {Detail}", problem.Status, problem.Detail);
        else logger.LogInformation("Answered {Status} ({Code}) to {Method} {Path}", problem.Status, problem.Extensions[Problems.CodeMember],
            http.Request.Method, http.Request.Path);

        // the exception handler cleared the response: the headers every answer carries, its language's included, are set again
        SecurityHeaders.Apply(http);
        CorrelationMiddleware.Echo(http);
        if (http.Features.Get<IRequestCultureFeature>() is { } culture) http.Response.Headers.ContentLanguage = culture.RequestCulture.UICulture.Name;
        http.Response.StatusCode = problem.Status!.Value;
        if (RetryAfterSeconds(problem) is { } seconds) http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
        }
        catch (Exception e) when (e is OperationCanceledException or IOException && http.RequestAborted.IsCancellationRequested)
        {
            // the client closed the connection before its answer could be written (a phone that dropped mid-send): what was
            // answered is logged above; the failed write is nobody's error, and the exception is handled
            logger.LogDebug("The client went away before the {Status} answer to {Method} {Path} was written", problem.Status,
                http.Request.Method, http.Request.Path);
            return true;
        }
    }

    public static ProblemDetails? Map(Exception exception) => exception switch
    {
        ClientIdConflictException e => Problems.Conflict(new Message("id-names-another-resource", e.Id)),
        Marten.Exceptions.ExistingStreamIdCollisionException e => Problems.Conflict(new Message("id-created-concurrently", e.Id)),
        ConcurrencyException or EventStreamUnexpectedMaxEventIdException => Problems.Conflict(new Message("changed-concurrently")),
        PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure } =>
            Problems.Conflict(new Message("ran-concurrently")),
        PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } => Problems.Conflict(new Message("id-stored-concurrently")),
        // a NUL (or an unpaired surrogate) that no field check caught: PostgreSQL refuses to store or compare it — the input's fault
        PostgresException { SqlState: PostgresErrorCodes.CharacterNotInRepertoire or PostgresErrorCodes.UntranslatableCharacter } =>
            Problems.Invalid("body", "field-control-character", "body", Validation.CodePoint('\0')),
        // a minimal API's body it could not read (the Development sign-in): told per field, as the commands' bodies are
        BadHttpRequestException { StatusCode: StatusCodes.Status400BadRequest, InnerException: JsonException json } => JsonProblems.Explain(json.Message, json.Path),
        BadHttpRequestException e => Problems.Of(e.StatusCode, new Message(ProblemWriter.CodeFor(e.StatusCode))),
        JsonException e => JsonProblems.Explain(e.Message, e.Path),
        // every connection of the pool stayed in use past the pool's timeout: the database is there, the service is busy
        NpgsqlException e when IsPoolExhausted(e) => Problems.Of(StatusCodes.Status503ServiceUnavailable, new Message(Busy)),
        NpgsqlException or TimeoutException when IsUnavailable(exception) =>
            Problems.Of(StatusCodes.Status503ServiceUnavailable, new Message(Unavailable)),
        _ when exception.InnerException is { } inner => Map(inner),
        _ => null
    };

    public const string Busy = "database-busy", Unavailable = "database-unavailable";

    /// <summary>
    /// When a client may try again, in seconds: a busy pool frees a connection within moments; a database that cannot be
    /// reached is back after a restart or a failover at the earliest.
    /// </summary>
    public static int? RetryAfterSeconds(ProblemDetails problem) =>
        problem.Extensions.TryGetValue(Problems.CodeMember, out var code) ? (code as string) switch
        {
            Busy => 2,
            Unavailable => 5,
            _ => null
        } : null;

    /// <summary>
    /// Npgsql says so only in its words: a pool that found no free connection within its <c>Timeout</c> throws an
    /// NpgsqlException with this message around a bare TimeoutException (a connection attempt that timed out says
    /// "Exception while connecting" or names the host instead).
    /// </summary>
    private static bool IsPoolExhausted(NpgsqlException exception) =>
        exception is { InnerException: TimeoutException } &&
        exception.Message.StartsWith("The connection pool has been exhausted", StringComparison.Ordinal);

    private static bool IsUnavailable(Exception exception) =>
        exception is TimeoutException || exception is NpgsqlException { IsTransient: true } ||
        exception is NpgsqlException { InnerException: System.Net.Sockets.SocketException or TimeoutException or IOException };
}
