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
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
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
        NpgsqlException or TimeoutException when IsUnavailable(exception) =>
            Problems.Of(StatusCodes.Status503ServiceUnavailable, new Message("database-unavailable")),
        _ when exception.InnerException is { } inner => Map(inner),
        _ => null
    };

    private static bool IsUnavailable(Exception exception) =>
        exception is TimeoutException || exception is NpgsqlException { IsTransient: true } ||
        exception is NpgsqlException { InnerException: System.Net.Sockets.SocketException or TimeoutException or IOException };
}
