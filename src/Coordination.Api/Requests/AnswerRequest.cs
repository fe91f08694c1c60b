using Coordination.Districts;
using Coordination.Incidents;
using JasperFx.Events;
using ConcurrencyStyle = Wolverine.Marten.ConcurrencyStyle;
using Wolverine;

namespace Coordination.Requests;

public sealed record AcceptRequest([property: Required, Range(1, IssueRequest.MaxCount)] int? Count)
{
    public Validation Check(Request request) => new Validation()
        .NotNull(Count, "count")
        .Require(Count is null or >= 1, "count", "accept-at-least-one")
        .Require(Count is null || Count <= request.Count, "count", "accept-above-requested", request.Count);
}

public sealed record DeclineRequest([property: Required, MaxLength(1000)] string? Reason)
{
    public Validation Check() => new Validation().Text(Reason, "reason", 1000);
}

/// <summary>
/// The request an answer writes and its incident, locked in the order every writer takes them (incident, then request): an
/// answer sent while the incident is being closed waits for the close and is refused, where it slipped between the close and
/// the cancelling of the incident's open requests and stayed accepted on a closed incident.
/// </summary>
public sealed record AnswerStreams(Incident? Incident, IEventStream<Request>? Request)
{
    /// <summary>
    /// One round trip: the first statement finds the request's incident (a column of the request's row; a request's incident
    /// never changes) and locks the incident's stream, the next locks and reads the request, the last reads the incident,
    /// each in its own snapshot, so it sees a close that committed while this answer waited for the lock.
    /// </summary>
    public static async Task<AnswerStreams> LoadAsync(Guid id, IDocumentSession session, CancellationToken cancellation)
    {
        if (id == Guid.Empty) return new AnswerStreams(null, null);
        // the locks hold until the answer commits: the transaction begins before the batch is sent
        await session.BeginTransactionAsync(cancellation);
        var batch = session.CreateBatchQuery();
        _ = batch.LockIncidentOf<Request>(session, id);
        var request = batch.Events.FetchForExclusiveWriting<Request>(id);
        var incident = batch.IncidentOf<Request>(session, id);
        await batch.Execute(cancellation);
        var stream = await request;
        return stream.Aggregate is null ? new AnswerStreams(null, null) : new AnswerStreams((await incident).SingleOrDefault(), stream);
    }

    /// <summary>404 for an unknown request, then <see cref="Answering"/> on the locked request and incident.</summary>
    public Decision Decide(Guid id, string answer, Func<Request, Incident?, Decision> decide) =>
        Request?.Aggregate is { } request
            ? decide(request, Incident)
            : Decision.NotFound(new Message("not-found", $"/api/requests/{id}/{answer}"));

    /// <summary>Who asks (403), what was sent (400), then the request's state and its incident's (409), on the request's version.</summary>
    public static Decision Answering(Request request, Incident? incident, ClaimsPrincipal user, Validation shape, Func<object> answered) =>
        Decision.Checked(RequestRules.NotAddressedTo(user, request), shape, () =>
            RequestRules.AlreadyAnswered(request) is { } already ? Decision.Reject(already)
            : incident is not null && IncidentRules.ClosedRejection(incident) is { } closed ? Decision.Reject(closed)
            : Decision.Accept(answered())
        ).On(request.Version);

    /// <summary>An answer appends its event to the request and tells the coordinators through the outbox.</summary>
    public (Versioned, OutgoingMessages) Append(Decision decision, TimeProvider clock)
    {
        var request = Request!.Aggregate!;
        Request.AppendMany(decision.Events);
        return (new Versioned(request.Version + decision.Events.Count), [RequestNews.Answered(request, decision.Events[0], clock.GetUtcNow())]);
    }
}

public static class AcceptRequestEndpoint
{
    public static Task<AnswerStreams> LoadAsync(Guid id, IDocumentSession session, CancellationToken cancellation) =>
        AnswerStreams.LoadAsync(id, session, cancellation);

    [WolverineBefore]
    public static Decision Decide(Guid id, AcceptRequest command, AnswerStreams streams, ClaimsPrincipal user) =>
        streams.Decide(id, "accept", (request, incident) => Answer(command, request, incident, user));

    public static Decision Answer(AcceptRequest command, Request request, Incident? incident, ClaimsPrincipal user) =>
        AnswerStreams.Answering(request, incident, user, command.Check(request),
            () => new RequestAccepted(request.Id, request.District, request.Count, command.Count!.Value));

    [Authorize(Roles = $"{Roles.District},{Roles.Admin}")]
    [WolverinePost("/api/requests/{id}/accept", OperationId = "AcceptRequest"), Tags("Requests")]
    public static (Versioned, OutgoingMessages) Post(Guid id, AcceptRequest command, AnswerStreams streams, Decision decision, TimeProvider clock) =>
        streams.Append(decision, clock);
}

public static class DeclineRequestEndpoint
{
    public static Task<AnswerStreams> LoadAsync(Guid id, IDocumentSession session, CancellationToken cancellation) =>
        AnswerStreams.LoadAsync(id, session, cancellation);

    [WolverineBefore]
    public static Decision Decide(Guid id, DeclineRequest command, AnswerStreams streams, ClaimsPrincipal user) =>
        streams.Decide(id, "decline", (request, incident) => Answer(command, request, incident, user));

    public static Decision Answer(DeclineRequest command, Request request, Incident? incident, ClaimsPrincipal user) =>
        AnswerStreams.Answering(request, incident, user, command.Check(),
            () => new RequestDeclined(request.Id, request.District, command.Reason!.Trim()));

    [Authorize(Roles = $"{Roles.District},{Roles.Admin}")]
    [WolverinePost("/api/requests/{id}/decline", OperationId = "DeclineRequest"), Tags("Requests")]
    public static (Versioned, OutgoingMessages) Post(Guid id, DeclineRequest command, AnswerStreams streams, Decision decision, TimeProvider clock) =>
        streams.Append(decision, clock);
}

public sealed record CancelRequest([property: Required, MaxLength(1000)] string? Reason)
{
    public Validation Check() => new Validation().Text(Reason, "reason", 1000);
}

public static class CancelRequestEndpoint
{
    [WolverineBefore]
    public static Decision Decide(CancelRequest command, Request request) =>
        Decision.Checked(null, command.Check(), () =>
            request.Cancellable
                ? Decision.Accept(new RequestCancelled(request.Id, request.District, command.Reason!.Trim()))
                : Decision.Reject("request-not-cancellable", request.Named(), KalimantanBarat.Named(request.District), request.Status.Named())
        ).On(request.Version);

    [Authorize(Roles = $"{Roles.Coordinator},{Roles.Admin}")]
    [WolverinePost("/api/requests/{id}/cancel", OperationId = "CancelRequest"), Tags("Requests")]
    public static (Versioned, Events, OutgoingMessages) Post(CancelRequest command,
        [WriteAggregate("id", LoadStyle = ConcurrencyStyle.Exclusive)] Request request, Decision decision, TimeProvider clock)
    {
        var (versioned, events) = decision.Append();
        return (versioned, events, [RequestNews.Cancelled(request, (RequestCancelled)decision.Events[0], clock.GetUtcNow())]);
    }
}
