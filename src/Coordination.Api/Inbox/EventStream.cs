using Coordination.Coverage;
using Coordination.Deployments;
using Coordination.Districts;
using Coordination.Drills;
using Coordination.Incidents;
using Coordination.Infrastructure.Hosting;
using Coordination.Personnel;
using Coordination.Readiness;
using Coordination.Requests;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;

namespace Coordination.Inbox;

/// <summary>
/// GET /api/events/stream: the caller's inbox notices as server-sent events, as they are stored. A district officer
/// hears only their district; the province's roles hear the districts' answers, the requests cancelled and the incidents closed,
/// and a "changed" event (no data) once the async views have taken in events stored since the last: what no notice announces
/// (a team out, a service record, a roster's change) then shows on the province's pages within seconds. A district officer's
/// "changed" says that something of their own district changed (its roster, drills, teams and their service records, the
/// requests addressed to it, its readiness), whoever changed it: a colleague's phone in the field, or the views catching up;
/// another district's work sends nothing down their often slow line. Read from the database, so every node serves every notice.
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
        // Notices are stored shortly after their event, so each poll reads the newest of a window behind "now" and sends those
        // not sent before: a late one is caught, and the newest always are, however many came within the window.
        var seen = (await Newest(store, audience, clock.GetUtcNow().AddMinutes(-5), cancellation)).Select(n => n.Id).ToHashSet();
        // The province's pages show the whole province; a district officer's line is often slow and carries its own district only.
        var province = audience == Inbox.Notices.Province;
        var views = province ? await ViewsReached(store, cancellation) : (long?)null;
        var districtState = province ? "" : DistrictStateSql(store);
        var district = province ? (long?)null : await DistrictState(store, districtState, audience, cancellation);
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

            var newest = await Newest(store, audience, clock.GetUtcNow().AddMinutes(-5), cancellation);
            var fresh = newest.Where(n => !seen.Contains(n.Id)).ToList();
            // what the next poll can read again is what this one read: the set stays as small as one read
            seen = newest.Select(n => n.Id).ToHashSet();
            foreach (var notice in fresh) yield return new SseItem<RequestNotice?>(notice.ForReader(), "notice") { EventId = notice.Id.ToString() };

            var sent = fresh.Count > 0;
            var changed = false;
            if (views is { } before && await ViewsReached(store, cancellation) is var reached && reached > before) (views, changed) = (reached, true);
            if (district is { } was && await DistrictState(store, districtState, audience, cancellation) is var now && now != was) (district, changed) = (now, true);
            if (changed)
            {
                sent = true;
                yield return new SseItem<RequestNotice?>(null, "changed");
            }

            if (!sent && clock.GetUtcNow() - lastBeat >= HeartbeatEvery)
                yield return new SseItem<RequestNotice?>(null, "heartbeat");
            if (sent || clock.GetUtcNow() - lastBeat >= HeartbeatEvery) lastBeat = clock.GetUtcNow();
        }
    }

    /// <summary>How far every async view has taken in the event log; the inline views are written with their events, so by then every view shows them.</summary>
    private static async Task<long> ViewsReached(IDocumentStore store, CancellationToken cancellation) =>
        (await store.ViewProgressAsync(cancellation)).Values.DefaultIfEmpty(0).Min();

    /// <summary>
    /// The district's documents as one number that moves with any change to them: the sum of their rows' xmin, the transaction
    /// that wrote each row's current version. A new row adds to it, a written row changes its term, whatever order the
    /// transactions commit in (a latest-modified time would miss a change whose transaction began before one seen already).
    /// Besides its own rows, the incidents its teams still serve: their figures and villages, their coverage, and every
    /// team's records there, which the service record form's running total counts against the affected. Each table is read
    /// through an indexed column: a district's few hundred rows, once a second per listener (0.4 ms on the demo's history, its
    /// text made once a stream).
    /// </summary>
    private static string DistrictStateSql(IDocumentStore store)
    {
        string Table<T>() => store.Options.FindOrResolveDocumentType(typeof(T)).TableName.QualifiedName;
        return $"""
            with served as (select incident_id from {Table<Deployment>()} where district = ? and data ->> 'stoodDownAt' is null)
            select coalesce(sum(xmin::text::bigint), 0)::bigint from (
                select xmin from {Table<Person>()} where district = ?
                union all select xmin from {Table<Deployment>()} where district = ? or incident_id in (select incident_id from served)
                union all select xmin from {Table<Request>()} where district = ?
                union all select xmin from {Table<Drill>()} where district = ?
                union all select xmin from {Table<DistrictReadiness>()} where id = ?
                union all select xmin from {Table<Incident>()} where id in (select incident_id from served)
                union all select xmin from {Table<IncidentCoverage>()} where id in (select incident_id from served)) as written
            """;
    }

    /// <summary>Every placeholder of the text above is the district.</summary>
    private static async Task<long> DistrictState(IDocumentStore store, string sql, string district, CancellationToken cancellation)
    {
        await using var session = store.QuerySession();
        var state = await session.AdvancedSql.QueryAsync<long>(sql, cancellation, Enumerable.Repeat<object>(district, sql.Count(c => c == '?')).ToArray());
        return state.Single();
    }

    /// <summary>
    /// The newest notices of the window, oldest first. Reading the oldest of the window instead stopped a stream once more
    /// than a read's worth came within it (a busy hour): every later notice lay past the read until the first ones aged out.
    /// </summary>
    private static async Task<IReadOnlyList<RequestNotice>> Newest(IDocumentStore store, string audience, DateTimeOffset since,
        CancellationToken cancellation)
    {
        await using var session = store.QuerySession();
        var notices = await session.Query<RequestNotice>().Where(n => n.Audience == audience && n.At > since)
            .OrderByDescending(n => n.At).Take(200).ToListAsync(cancellation);
        return notices.Reverse().ToList();
    }
}
