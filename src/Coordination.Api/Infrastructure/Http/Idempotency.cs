using Microsoft.Extensions.Options;

namespace Coordination.Infrastructure.Http;

/// <summary>
/// The answer carries a secret (a one-time password, tokens): it is never stored for an Idempotency-Key, so such a key is
/// not honoured there; a retry makes a new answer instead.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SecretAnswerAttribute : Attribute;

/// <summary>A command answered under an Idempotency-Key: what was asked (hash) and what was answered.</summary>
public sealed class IdempotencyRecord
{
    public string Id { get; set; } = "";
    public string RequestHash { get; set; } = "";
    public bool Completed { get; set; }
    public int Status { get; set; }
    public string? ContentType { get; set; }
    public string Body { get; set; } = "";
    public string? Location { get; set; }
    public string? ETag { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public sealed class IdempotencyOptions
{
    public const string Section = "Idempotency";
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";

    /// <summary>How long an answer is kept for retries.</summary>
    public TimeSpan KeepFor { get; set; } = TimeSpan.FromHours(24);

    /// <summary>After this, a request that never finished (the process died) no longer blocks its key.</summary>
    public TimeSpan PendingFor { get; set; } = TimeSpan.FromMinutes(2);
}

/// <summary>
/// A keyed command running for the first time. Its answer is stored in the command's own transaction: the answer type
/// (<see cref="Versioned"/>, <see cref="Created"/>, …) records itself while the endpoint builds its response, on the
/// Marten session <see cref="EventMetadata"/> binds here, so the events and the answer commit together or not at all.
/// </summary>
public sealed class IdempotentCommand(string id, string hash, DateTimeOffset at)
{
    public string Id { get; } = id;
    public string Hash { get; } = hash;
    public DateTimeOffset At { get; } = at;
    public IDocumentSession? Session { get; set; }
    public bool Recorded { get; private set; }

    public static void Record(HttpContext http, object answer)
    {
        if (http.Features.Get<IdempotentCommand>() is not { Session: { } session, Recorded: false } command) return;
        var json = http.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        session.Insert(new IdempotencyRecord
        {
            Id = command.Id, RequestHash = command.Hash, Completed = true, Status = http.Response.StatusCode, ContentType = "application/json; charset=utf-8",
            Body = System.Text.Json.JsonSerializer.Serialize(answer, answer.GetType(), json), Location = http.Response.Headers.Location.ToString(),
            ETag = http.Response.Headers.ETag.ToString(), CreatedAt = command.At
        });
        command.Recorded = true;
    }
}

/// <summary>Endpoint metadata: the answer records itself in the command's transaction (see <see cref="IdempotentCommand"/>).</summary>
public sealed class AnswerRecordedInTransaction
{
    public static readonly AnswerRecordedInTransaction Instance = new();
}

/// <summary>
/// Idempotency-Key on every command: the same key (per user) with the same request replays the first answer and runs
/// nothing; with another request it is a 422. Only successful answers are kept; a failed command changed nothing. Routes
/// open without a token (signing in: their answers are tokens) and unknown routes ignore the key, as the OpenAPI document says.
/// </summary>
public sealed class IdempotencyMiddleware(RequestDelegate next, IDocumentStore store, IOptions<IdempotencyOptions> options,
    IProblemDetailsService problems, TimeProvider clock)
{
    public const int MaxKeyLength = 200;

    private static ProblemDetails InProgress => Problems.Conflict(new Message("idempotency-in-progress", IdempotencyOptions.Header));

    public async Task InvokeAsync(HttpContext http)
    {
        var key = http.Request.Headers[IdempotencyOptions.Header].ToString();
        var endpoint = http.GetEndpoint();
        if (!HttpMethods.IsPost(http.Request.Method) || string.IsNullOrEmpty(key) || http.User.Identity?.IsAuthenticated != true ||
            endpoint?.Metadata is not { } metadata || metadata.GetMetadata<SecretAnswerAttribute>() is not null ||
            metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAllowAnonymous>() is not null)
        {
            await next(http);
            return;
        }

        if (key.Length > MaxKeyLength)
        {
            await problems.WriteProblemAsync(http, Problems.Invalid(IdempotencyOptions.Header, "field-too-long", IdempotencyOptions.Header, MaxKeyLength));
            return;
        }

        var id = $"{http.User.Subject()}\n{key}";
        var hash = RequestBody.Hash(http.Request);
        var now = clock.GetUtcNow();

        IdempotencyRecord? earlier;
        await using (var query = store.QuerySession()) earlier = await query.LoadAsync<IdempotencyRecord>(id, http.RequestAborted);
        if (earlier is not null && Live(earlier, now))
        {
            await Answer(http, earlier, hash);
            return;
        }

        if (metadata.GetMetadata<AnswerRecordedInTransaction>() is not null)
            await RunRecordingInTransaction(http, new IdempotentCommand(id, hash, now), earlier);
        else
            await RunThenRecord(http, id, hash, now, earlier);
    }

    /// <summary>
    /// The answer is written with the command's events. A twin that ran at the same moment loses the record's insert, so its
    /// whole transaction (events included) rolls back, and it answers what the first one answered.
    /// </summary>
    private async Task RunRecordingInTransaction(HttpContext http, IdempotentCommand command, IdempotencyRecord? expired)
    {
        if (expired is not null)
        {
            await using var session = store.LightweightSession();
            session.Delete(expired);
            await session.SaveChangesAsync(http.RequestAborted);
        }

        http.Features.Set(command);
        try
        {
            await next(http);
        }
        catch (Exception e) when (IsDuplicate(e) && !http.Response.HasStarted)
        {
            await using var query = store.QuerySession();
            if (await query.LoadAsync<IdempotencyRecord>(command.Id, http.RequestAborted) is { Completed: true } first)
                await Answer(http, first, command.Hash);
            else await problems.WriteProblemAsync(http, InProgress);
        }
    }

    /// <summary>Commands outside a Marten transaction (accounts): the key is claimed first, the answer stored after.</summary>
    private async Task RunThenRecord(HttpContext http, string id, string hash, DateTimeOffset now, IdempotencyRecord? expired)
    {
        await using (var session = store.LightweightSession())
        {
            // Claim the key; a concurrent twin loses the insert and is told to retry.
            if (expired is not null) session.Delete(expired);
            session.Insert(new IdempotencyRecord { Id = id, RequestHash = hash, CreatedAt = now });
            try
            {
                await session.SaveChangesAsync(http.RequestAborted);
            }
            catch (JasperFx.DocumentAlreadyExistsException)
            {
                await problems.WriteProblemAsync(http, InProgress);
                return;
            }
        }

        var original = http.Response.Body;
        await using var captured = new MemoryStream();
        http.Response.Body = captured;
        try
        {
            await next(http);
        }
        finally
        {
            http.Response.Body = original;
        }

        await using (var session = store.LightweightSession())
        {
            if (http.Response.StatusCode is >= 200 and < 300)
                session.Store(new IdempotencyRecord
                {
                    Id = id, RequestHash = hash, Completed = true, Status = http.Response.StatusCode, ContentType = http.Response.ContentType,
                    Body = System.Text.Encoding.UTF8.GetString(captured.ToArray()), Location = http.Response.Headers.Location.ToString(),
                    ETag = http.Response.Headers.ETag.ToString(), CreatedAt = now
                });
            else session.Delete<IdempotencyRecord>(id);
            await session.SaveChangesAsync(CancellationToken.None);
        }

        captured.Position = 0;
        await captured.CopyToAsync(original, http.RequestAborted);
    }

    private static bool IsDuplicate(Exception e) => e switch
    {
        JasperFx.DocumentAlreadyExistsException => true,
        Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation } p => p.TableName?.Contains("idempotencyrecord") == true,
        _ => e.InnerException is { } inner && IsDuplicate(inner)
    };

    private bool Live(IdempotencyRecord record, DateTimeOffset now) =>
        now - record.CreatedAt < (record.Completed ? options.Value.KeepFor : options.Value.PendingFor);

    private async Task Answer(HttpContext http, IdempotencyRecord earlier, string hash)
    {
        if (earlier.RequestHash != hash)
        {
            await problems.WriteProblemAsync(http,
                Problems.Of(StatusCodes.Status422UnprocessableEntity, new Message("idempotency-key-reused", IdempotencyOptions.Header)));
            return;
        }

        if (!earlier.Completed)
        {
            await problems.WriteProblemAsync(http, InProgress);
            return;
        }

        http.Response.StatusCode = earlier.Status;
        if (!string.IsNullOrEmpty(earlier.Location)) http.Response.Headers.Location = earlier.Location;
        if (!string.IsNullOrEmpty(earlier.ETag)) http.Response.Headers.ETag = earlier.ETag;
        http.Response.Headers[IdempotencyOptions.ReplayedHeader] = "true";
        if (earlier.ContentType is not null) http.Response.ContentType = earlier.ContentType;
        await http.Response.WriteAsync(earlier.Body, http.RequestAborted);
    }
}

/// <summary>Removes answers older than the retention, once an hour.</summary>
public sealed class IdempotencyPurge(IDocumentStore store, IOptions<IdempotencyOptions> options, TimeProvider clock, ILogger<IdempotencyPurge> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var session = store.LightweightSession();
                var before = clock.GetUtcNow() - options.Value.KeepFor;
                session.DeleteWhere<IdempotencyRecord>(r => r.CreatedAt < before);
                await session.SaveChangesAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Purging expired idempotency records failed; retrying in an hour");
            }
        }
    }
}
