using Coordination.Accounts;
using Coordination.Incidents;
using JasperFx.Events;

namespace Coordination.History;

public sealed record TimelineEntry(
    long Sequence,
    string Stream,
    Guid StreamId,
    long Version,
    string Type,
    DateTimeOffset At,
    string? Actor,
    string? Role,
    string? CorrelationId,
    object Data)
{
    /// <summary>The actor's name when the actor is an account (Actor is then its id).</summary>
    public string? ActorName { get; init; }
}

public static class GetTimelineEndpoint
{
    public static ProblemDetails Validate(int? limit, int? offset)
    {
        var v = new Validation();
        Paging.From(limit, offset, v);
        return v.ToProblem();
    }

    /// <summary>
    /// Every event of the incident, its requests and its deployments, in the order they happened: by their time, then the
    /// order they were stored. The two agree for events the service stamps as it stores them; a history written afterwards
    /// (the demo, an import) stores each stream's events together, and is still read day by day.
    /// </summary>
    [WolverineGet("/api/incidents/{id}/timeline", OperationId = "GetIncidentTimeline"), Tags("History")]
    public static async Task<IReadOnlyList<TimelineEntry>> Get([ReadAggregate("id")] Incident incident, int? limit, int? offset,
        IQuerySession session, AccountNames names, CancellationToken cancellation)
    {
        var paging = Paging.From(limit, offset, new Validation());
        var streams = await IncidentStreams.LoadAsync(session, incident.Id, cancellation);
        var ids = streams.All;
        var events = await session.Events.QueryAllRawEvents().Where(e => e.StreamId.IsOneOf(ids))
            .OrderBy(e => e.Timestamp).ThenBy(e => e.Sequence)
            .Skip(paging.Offset).Take(paging.Limit).ToListAsync(cancellation);
        var named = await names.OfAsync(events.Select(e => e.UserName), cancellation);
        return events.Select(e => Entry(e, streams) with { ActorName = e.UserName is { } actor ? named.GetValueOrDefault(actor) : null }).ToList();
    }

    public static TimelineEntry Entry(IEvent e, IncidentStreams streams) =>
        new(e.Sequence, streams.KindOf(e.StreamId), e.StreamId, e.Version, e.EventTypeName.Replace('_', '-'), e.Timestamp, e.UserName,
            e.GetHeader(EventMetadata.RoleHeader)?.ToString(), e.CorrelationId, e.Data);
}
