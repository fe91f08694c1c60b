using System.Text.Json;

namespace Coordination.Infrastructure.EventSourcing;

/// <summary>Client-chosen ids make creates safe to retry: the same id and body is the same resource, another body a 409.</summary>
public static class StreamStarts
{
    /// <summary>Starts the stream, or answers the existing one; a server-made id is new by construction and costs no lookup.</summary>
    public static async Task<Created> StartOrMatchAsync<TAggregate>(this IDocumentSession session, Guid id, bool clientChosen, object started,
        string location, CancellationToken cancellation) where TAggregate : class
    {
        if (clientChosen && await session.MatchExistingAsync(id, started, location, cancellation) is { } existing) return existing;
        session.Events.StartStream<TAggregate>(id, started);
        return Created.At(location, id, 1);
    }

    /// <summary>Null when no stream has this id yet; the existing resource when it was started with the same facts; else a 409.</summary>
    public static async Task<Created?> MatchExistingAsync(this IQuerySession session, Guid id, object started, string location,
        CancellationToken cancellation)
    {
        var state = await session.Events.FetchStreamStateAsync(id, cancellation);
        if (state is null) return null;

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
