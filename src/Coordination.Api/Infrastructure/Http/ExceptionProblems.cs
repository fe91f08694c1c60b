using System.Text.Json;
using JasperFx;
using JasperFx.Events;
using Microsoft.AspNetCore.Diagnostics;
using Npgsql;

namespace Coordination.Infrastructure.Http;

/// <summary>Turns the exceptions that carry meaning for a client into problem details instead of a 500.</summary>
public sealed class ExceptionProblems(IProblemDetailsService problems, ILogger<ExceptionProblems> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellation)
    {
        var problem = Map(exception);
        if (problem is null) return false;
        if (problem.Status >= 500) logger.LogWarning(exception, "Answered {Status}: {Detail}", problem.Status, problem.Detail);

        http.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }

    public static ProblemDetails? Map(Exception exception) => exception switch
    {
        ClientIdConflictException e => Problems.Conflict(e.Message),
        ExistingStreamIdCollisionException e => Problems.Conflict(
            $"The id {e.Id} was created by another request at the same moment; read it, or retry unchanged."),
        ConcurrencyException or EventStreamUnexpectedMaxEventIdException => Problems.Conflict(
            "Someone else changed this at the same moment; read it again and retry."),
        PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure } => Problems.Conflict(
            "Another command on the same records ran at the same moment; nothing was stored. Retry."),
        PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } => Problems.Conflict(
            "Another request stored the same id at the same moment; nothing was stored. Read it, or retry with a new id."),
        BadHttpRequestException e => new ProblemDetails { Status = e.StatusCode, Title = "Bad request", Detail = e.Message },
        JsonException e => Problems.Invalid("body", e.Message),
        NpgsqlException or TimeoutException when IsUnavailable(exception) => new ProblemDetails
        {
            Status = StatusCodes.Status503ServiceUnavailable,
            Title = "The database is not available",
            Detail = "The event store cannot be reached right now; nothing was stored. Retry shortly."
        },
        _ when exception.InnerException is { } inner => Map(inner),
        _ => null
    };

    private static bool IsUnavailable(Exception exception) =>
        exception is TimeoutException || exception is NpgsqlException { IsTransient: true } ||
        exception is NpgsqlException { InnerException: System.Net.Sockets.SocketException or TimeoutException or IOException };
}
