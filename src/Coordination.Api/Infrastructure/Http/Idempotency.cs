using System.Collections.Concurrent;
using Microsoft.Extensions.Caching.Memory;
using System.Security.Cryptography;
using JasperFx.Events;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Coordination.Infrastructure.Http;

/// <summary>
/// The answer carries a secret (a one-time password, tokens): it is never stored for an Idempotency-Key, so such a key is
/// not honoured there; a retry makes a new answer instead.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SecretAnswerAttribute : Attribute;

/// <summary>
/// A command answered under an Idempotency-Key: what was asked (hash) and what was answered. A command that appends events
/// keeps it in the headers of its first event (see <see cref="IdempotentCommand"/>); the others keep it as a document.
/// </summary>
public sealed class IdempotencyRecord
{
    /// <summary>Records written since answers travel with events; older ones (no format) are looked up before a command until they expire.</summary>
    public const int CurrentFormat = 2;

    public string Id { get; set; } = "";
    public int Format { get; set; }
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

/// <summary>An event whose id is its own (it names a record clients refer to): it never carries a command's answer.</summary>
public interface IOwnEventId;

/// <summary>
/// A keyed command running for the first time. Nothing is looked up before it runs: its answer is stored in the command's
/// own transaction, by the answer type (<see cref="Versioned"/>, <see cref="Created"/>, …) while the endpoint builds its
/// response, on the Marten session <see cref="EventMetadata"/> binds here. The answer rides in the headers of the command's
/// first event, whose id is derived from the key: a retry's event takes the same id, its commit fails on the event id's
/// unique index, and the retry answers what the first run answered. A command without such an event stores the answer as
/// a document under the key, which collides the same way.
/// </summary>
public sealed class IdempotentCommand(string id, string hash, DateTimeOffset at)
{
    public const string AnswerHeader = "idempotency";

    public string Id { get; } = id;
    public string Hash { get; } = hash;
    public DateTimeOffset At { get; } = at;
    public IDocumentSession? Session { get; set; }
    public bool Recorded { get; private set; }

    /// <summary>The id of the event that carries the answer of the key (per user): the same on every retry.</summary>
    public Guid EventId { get; } = EventIdOf(id);

    public static Guid EventIdOf(string key) => NameBasedId.Of($"idempotency-key\n{key}");

    public static void Record(HttpContext http, object answer)
    {
        if (http.Features.Get<IdempotentCommand>() is not { Session: { } session, Recorded: false } command) return;
        var json = http.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        var record = new IdempotencyRecord
        {
            Id = command.Id, Format = IdempotencyRecord.CurrentFormat, RequestHash = command.Hash, Completed = true,
            Status = http.Response.StatusCode, ContentType = "application/json; charset=utf-8",
            Body = JsonSerializer.Serialize(answer, answer.GetType(), json), Location = http.Response.Headers.Location.ToString(),
            ETag = http.Response.Headers.ETag.ToString(), CreatedAt = command.At
        };
        var carrier = session.PendingChanges.Streams().SelectMany(s => s.Events).FirstOrDefault(e => e.Data is not IOwnEventId);
        if (carrier is null) session.Insert(record);
        else
        {
            carrier.Id = command.EventId;
            carrier.SetHeader(AnswerHeader, record);
        }

        command.Recorded = true;
    }

    /// <summary>The answer an earlier run of this key committed: in its event's headers, or as a document (one round trip).</summary>
    public async Task<IdempotencyRecord?> EarlierAnswerAsync(IDocumentStore store, CancellationToken cancellation)
    {
        await using var query = store.QuerySession();
        var batch = query.CreateBatchQuery();
        var carrier = batch.Events.Load(EventId);
        var document = batch.Load<IdempotencyRecord>(Id);
        await batch.Execute(cancellation);
        // Load answers null for an id no event has, whatever its signature says
        if ((IEvent?)await carrier is { Headers: { } headers } && headers.TryGetValue(AnswerHeader, out var stored) && stored is not null)
            return JsonSerializer.SerializeToElement(stored).Deserialize<IdempotencyRecord>(JsonSerializerOptions.Web);
        return await document is { Completed: true } record ? record : null;
    }

    /// <summary>
    /// A refused decision of a keyed command, or one with nothing left to change: when an earlier run of the key was accepted
    /// (its retry now meets the state that run made: a 409, a 412 or nothing to append), the retry answers what that run answered.
    /// </summary>
    public static async Task<bool> AnsweredEarlierAsync(HttpContext http)
    {
        if (http.Features.Get<IdempotentCommand>() is not { } command) return false;
        var services = http.RequestServices;
        if (await command.EarlierAnswerAsync(services.GetRequiredService<IDocumentStore>(), http.RequestAborted) is not { } earlier) return false;
        await IdempotencyMiddleware.Answer(http, earlier, command.Hash, services.GetRequiredService<IProblemDetailsService>());
        return true;
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
    private readonly KeysOnThisNode _keys = new();

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

        IdempotencyRecord? earlier = null;
        var inTransaction = metadata.GetMetadata<AnswerRecordedInTransaction>() is not null;
        if (!inTransaction || now < await LegacyAnswersUntil())
            await using (var query = store.QuerySession()) earlier = await query.LoadAsync<IdempotencyRecord>(id, http.RequestAborted);
        if (earlier is not null && Live(earlier, now))
        {
            await Answer(http, earlier, hash, problems);
            return;
        }

        if (inTransaction)
            await RunRecordingInTransaction(http, new IdempotentCommand(id, hash, now), earlier);
        else
            await RunThenRecord(http, id, hash, now, earlier);
    }

    /// <summary>
    /// Until the answers stored before they travelled with events have expired, a keyed command looks its key up first;
    /// after that, nothing is looked up before a command runs.
    /// </summary>
    private async Task<DateTimeOffset> LegacyAnswersUntil()
    {
        var newest = _legacyUntil ??= NewestLegacyAnswer();
        try
        {
            return await newest;
        }
        catch
        {
            _legacyUntil = null; // asked again by the next keyed command
            throw;
        }
    }

    private Task<DateTimeOffset>? _legacyUntil;

    private async Task<DateTimeOffset> NewestLegacyAnswer()
    {
        await store.Storage.Database.EnsureStorageExistsAsync(typeof(IdempotencyRecord));
        await using var query = store.QuerySession();
        var newest = (await query.QueryAsync<DateTimeOffset>(
            "select coalesce(max((data ->> 'createdAt')::timestamptz), 'epoch'::timestamptz) " +
            $"from {store.Options.DatabaseSchemaName}.mt_doc_idempotencyrecord where coalesce((data ->> 'format')::int, 0) < {IdempotencyRecord.CurrentFormat}")).Single();
        return newest + options.Value.KeepFor;
    }

    /// <summary>
    /// The answer is written with the command's events. A retry, or a twin that ran at the same moment, fails on the answer's
    /// event id (or document id), so its whole transaction (events included) rolls back, and it answers what the first one
    /// answered.
    /// </summary>
    private async Task RunRecordingInTransaction(HttpContext http, IdempotentCommand command, IdempotencyRecord? expired)
    {
        // A retry or a twin that reaches the node which ran its key takes its turn and is answered from the stored answer,
        // without running: one that ran into the first run's event would roll back with event sequence numbers drawn that
        // nothing fills, and the async views would wait for that gap (3 s) before going on
        using var turn = await _keys.TurnAsync(command.Id, http.RequestAborted);
        if (_keys.Answered(command.Id) && await command.EarlierAnswerAsync(store, http.RequestAborted) is { } answered)
        {
            await Answer(http, answered, command.Hash, problems);
            return;
        }

        await RunInTransaction(http, command, expired);
        if (http.Response.StatusCode is >= 200 and < 300) _keys.Answer(command.Id);
    }

    private async Task RunInTransaction(HttpContext http, IdempotentCommand command, IdempotencyRecord? expired)
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
            // what the rolled-back run said of its own result (the version it would have made, where it would be) is void
            http.Response.Headers.ETag = default;
            http.Response.Headers.Location = default;
            if (await command.EarlierAnswerAsync(store, http.RequestAborted) is { } first)
                await Answer(http, first, command.Hash, problems);
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
            session.Insert(new IdempotencyRecord { Id = id, Format = IdempotencyRecord.CurrentFormat, RequestHash = hash, CreatedAt = now });
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

        await using var captured = await CapturedAnswer.Of(http, next);

        await using (var session = store.LightweightSession())
        {
            if (http.Response.StatusCode is >= 200 and < 300)
                session.Store(new IdempotencyRecord
                {
                    Id = id, Format = IdempotencyRecord.CurrentFormat, RequestHash = hash, Completed = true, Status = http.Response.StatusCode,
                    ContentType = http.Response.ContentType,
                    Body = System.Text.Encoding.UTF8.GetString(captured.ToArray()), Location = http.Response.Headers.Location.ToString(),
                    ETag = http.Response.Headers.ETag.ToString(), CreatedAt = now
                });
            else session.Delete<IdempotencyRecord>(id);
            await session.SaveChangesAsync(CancellationToken.None);
        }

        captured.Position = 0;
        await captured.CopyToAsync(http.Response.Body, http.RequestAborted);
    }

    private static bool IsDuplicate(Exception e) => e switch
    {
        JasperFx.DocumentAlreadyExistsException => true,
        // the answer's document, or an event id taken: the answer's event, or a record's own id that a retry sends again
        Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation } p =>
            p.TableName?.Contains("idempotencyrecord") == true || (p.TableName == "mt_events" && p.ConstraintName?.Contains("stream_id") != true),
        _ => e.InnerException is { } inner && IsDuplicate(inner)
    };

    private bool Live(IdempotencyRecord record, DateTimeOffset now) =>
        now - record.CreatedAt < (record.Completed ? options.Value.KeepFor : options.Value.PendingFor);

    internal static async Task Answer(HttpContext http, IdempotencyRecord earlier, string hash, IProblemDetailsService problems)
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

/// <summary>
/// The keys this node is running or has answered lately. Twins of a key take turns; a key answered here within the hour is
/// looked up instead of run again. A retry that reaches another node still runs and collides with the first run's event,
/// as before: this saves the collision, it does not replace it.
/// </summary>
public sealed class KeysOnThisNode
{
    private const int Remembered = 20_000;
    private static readonly TimeSpan RememberFor = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<string, Turns> _running = new(StringComparer.Ordinal);
    // Past its size, the cache drops the least recently read entries, sorting all of them each time: dropping a quarter
    // instead of the default 5 % sorts five times less often under a sustained load of new keys (where the sort was 1 % of
    // the service's CPU in a profile); a key dropped early only costs a retry reaching this node the collision it saves.
    private readonly MemoryCache _answered = new(new MemoryCacheOptions
    {
        SizeLimit = Remembered,
        CompactionPercentage = 0.25
    });

    public bool Answered(string id) => _answered.TryGetValue(id, out _);

    public void Answer(string id) =>
        _answered.Set(id, true, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = RememberFor });

    /// <summary>Waits until no other request of the key runs on this node; the turn ends when it is disposed.</summary>
    public async Task<IDisposable> TurnAsync(string id, CancellationToken cancellation)
    {
        Turns turns;
        while (true)
        {
            turns = _running.GetOrAdd(id, _ => new Turns());
            lock (turns)
            {
                if (turns.Waiting >= 0)
                {
                    turns.Waiting++;
                    break;
                }
            }
        }

        try
        {
            await turns.One.WaitAsync(cancellation);
        }
        catch
        {
            Leave(id, turns, held: false);
            throw;
        }

        return new Turn(this, id, turns);
    }

    private void Leave(string id, Turns turns, bool held)
    {
        if (held) turns.One.Release();
        lock (turns)
        {
            if (--turns.Waiting > 0) return;
            turns.Waiting = -1; // retired: a request that finds it takes a new one
            _running.TryRemove(new KeyValuePair<string, Turns>(id, turns));
        }
    }

    private sealed class Turns
    {
        public readonly SemaphoreSlim One = new(1, 1);
        public int Waiting;
    }

    private sealed class Turn(KeysOnThisNode keys, string id, Turns turns) : IDisposable
    {
        private int _left;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _left, 1) == 0) keys.Leave(id, turns, held: true);
        }
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
