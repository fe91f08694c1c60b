using System.Text.Json;
using JasperFx.Events;

namespace Coordination.Infrastructure.EventSourcing;

/// <summary>Client-chosen ids make creates safe to retry: the same id and body is the same resource, another body a 409.</summary>
public static class StreamStarts
{
    /// <summary>
    /// Starts the stream. No lookup comes first: when a client's id already names a stream the commit fails, and
    /// <see cref="StreamStartRetries"/> answers the existing resource (the same facts) or a 409 (other facts).
    /// </summary>
    public static Created Start<TAggregate>(this IDocumentSession session, Guid id, object started, string location) where TAggregate : class
    {
        session.Events.StartStream<TAggregate>(id, started);
        return Created.At(location, id, 1) with { Started = started };
    }

    /// <summary>Null when no stream has this id yet; the existing resource when it was started with the same facts; else a 409.</summary>
    public static async Task<Created?> MatchExistingAsync(this IQuerySession session, Guid id, object started, string location,
        CancellationToken cancellation)
    {
        var state = await session.Events.FetchStreamStateAsync(id, cancellation);
        return state is null ? null : await MatchExistingAsync(session, state, started, location, cancellation);
    }

    /// <summary>The existing stream answered as the resource when it was started with the same facts; else a 409.</summary>
    public static async Task<Created> MatchExistingAsync(this IQuerySession session, StreamState state, object started, string location,
        CancellationToken cancellation)
    {
        var id = state.Id;
        var first = (await session.Events.FetchStreamAsync(id, version: 1, token: cancellation)).FirstOrDefault();
        if (first is not null && first.Data.GetType() == started.GetType() && SameFacts(first.Data, started))
            return Created.At(location, id, state.Version, alreadyExisted: true);

        throw new ClientIdConflictException(id);
    }

    private static bool SameFacts(object stored, object candidate) =>
        JsonSerializer.Serialize(stored, stored.GetType()) == JsonSerializer.Serialize(candidate, candidate.GetType());
}

public sealed class ClientIdConflictException(Guid id)
    : Exception($"The id {id} already names a different resource; choose a new id, or repeat the original request unchanged.")
{
    public Guid Id { get; } = id;
}

/// <summary>A create whose id already names a stream: the retry of the same create is answered as the existing resource.</summary>
public sealed class StreamStartRetries(RequestDelegate next, IDocumentStore store, Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
{
    public async Task InvokeAsync(HttpContext http)
    {
        try
        {
            await next(http);
        }
        catch (Exception e) when (Collision(e) && !http.Response.HasStarted && http.Features.Get<Created>() is { Started: { } started } created)
        {
            // A keyed retry replays what its first run answered (201, Idempotent-Replayed), as every keyed command does
            if (await Http.IdempotentCommand.AnsweredEarlierAsync(http)) return;
            await using var query = store.QuerySession();
            // Other facts under the id throw ClientIdConflictException, answered as a 409
            var existing = await query.MatchExistingAsync(created.Id, started, created.Location, http.RequestAborted);
            if (existing is null) throw;
            existing.Apply(http);
            await http.Response.WriteAsJsonAsync(existing, json.Value.SerializerOptions, http.RequestAborted);
        }
    }

    private static bool Collision(Exception e) =>
        e is Marten.Exceptions.ExistingStreamIdCollisionException || (e.InnerException is { } inner && Collision(inner));
}
