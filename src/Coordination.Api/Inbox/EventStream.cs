using Coordination.Districts;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;

namespace Coordination.Inbox;

/// <summary>
/// GET /api/events/stream: the caller's inbox notices as server-sent events, as they are stored. A district officer
/// hears only their district; the province's roles hear the districts' answers. Read from the database, so every node
/// serves every notice.
/// </summary>
public static class EventStream
{
    public static readonly TimeSpan PollEvery = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan HeartbeatEvery = TimeSpan.FromSeconds(15);

    public static IEndpointRouteBuilder MapEventStream(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/events/stream", (HttpContext http, ClaimsPrincipal user, IDocumentStore store, ISignedIn signedIn, TimeProvider clock,
                    CancellationToken cancellation) =>
                Audience(user) is { } audience
                    // HEAD: the headers of the stream, which then ends rather than running for a client that reads none of it
                    ? HeadRequests.IsHead(http) ? TypedResults.ServerSentEvents(AsyncEnumerable.Empty<SseItem<RequestNotice?>>())
                    : TypedResults.ServerSentEvents(Stream(store, audience, () => signedIn.StillAsync(user, cancellation), clock, cancellation))
                    : Results.Problem(Problems.Forbidden(new Message("stream-no-district"))))
            .RequireAuthorization().WithTags("Inbox").WithName("GetEventStream");
        return app;
    }

    public static string? Audience(ClaimsPrincipal user) =>
        user.IsInRole(Roles.District) ? user.District() : Inbox.Notices.Province;

    /// <summary>Ends once the caller is no longer signed in (checked every poll; an account's state is cached per node for 30 s).</summary>
    private static async IAsyncEnumerable<SseItem<RequestNotice?>> Stream(IDocumentStore store, string audience, Func<Task<bool>> stillSignedIn,
        TimeProvider clock, [EnumeratorCancellation] CancellationToken cancellation)
    {
        // Notices are stored shortly after their event, so a window behind "now" with the ids already sent catches late ones.
        var seen = new HashSet<Guid>();
        var since = clock.GetUtcNow().AddMinutes(-5);
        foreach (var id in await Ids(store, audience, since, cancellation)) seen.Add(id);
        yield return new SseItem<RequestNotice?>(null, "ready");

        var lastBeat = clock.GetUtcNow();
        while (!cancellation.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(PollEvery, clock, cancellation);
            }
            catch (OperationCanceledException)
            {
                yield break;
            }

            if (!await stillSignedIn()) yield break;

            var fresh = new List<RequestNotice>();
            await foreach (var notice in Existing(store, audience, clock.GetUtcNow().AddMinutes(-5), cancellation))
                if (seen.Add(notice.Id)) fresh.Add(notice);
            foreach (var notice in fresh) yield return new SseItem<RequestNotice?>(notice.ForReader(), "notice") { EventId = notice.Id.ToString() };

            if (fresh.Count == 0 && clock.GetUtcNow() - lastBeat >= HeartbeatEvery)
                yield return new SseItem<RequestNotice?>(null, "heartbeat");
            if (fresh.Count > 0 || clock.GetUtcNow() - lastBeat >= HeartbeatEvery) lastBeat = clock.GetUtcNow();
        }
    }

    private static async IAsyncEnumerable<RequestNotice> Existing(IDocumentStore store, string audience, DateTimeOffset since,
        [EnumeratorCancellation] CancellationToken cancellation)
    {
        await using var session = store.QuerySession();
        var notices = await session.Query<RequestNotice>().Where(n => n.Audience == audience && n.At > since)
            .OrderBy(n => n.At).Take(200).ToListAsync(cancellation);
        foreach (var notice in notices) yield return notice;
    }

    private static async Task<IReadOnlyList<Guid>> Ids(IDocumentStore store, string audience, DateTimeOffset since, CancellationToken cancellation)
    {
        var ids = new List<Guid>();
        await foreach (var notice in Existing(store, audience, since, cancellation)) ids.Add(notice.Id);
        return ids;
    }
}
