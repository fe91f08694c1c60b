using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.RegularExpressions;
using Alba;
using Coordination.Tests.Incidents;
using Coordination.Tests.Support;
using Marten;
using Marten.Events;
using Marten.Events.Daemon.Coordination;
using Microsoft.Extensions.DependencyInjection;

namespace Coordination.Tests.Operations;

[Collection(TelemetryCollection.Name)]
public class TelemetryTests(TelemetryFixture fixture) : IAsyncLifetime
{
    private readonly Api _api = new(fixture.Host);

    public Task InitializeAsync() => fixture.Host.ResetAllMartenDataAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task a_request_is_one_trace_from_http_through_the_notice_handler_to_marten_and_sql()
    {
        var incident = await _api.ReportedIncident();
        // Activity listeners are process-wide, so spans of other tests' hosts land here too: the request names its own trace.
        var traceId = ActivityTraceId.CreateRandom();
        var request = await fixture.Host.Tracked(() => _api.Post("/api/requests",
            new { incidentId = incident, district = "61.05", role = "counselor", count = 2, skills = new[] { "psychological-first-aid" }, priority = "high" },
            Tokens.Coordinator, new Dictionary<string, string> { ["traceparent"] = $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01" }));
        request.ShouldBe(201);

        var http = await Eventually(() => fixture.Spans.Find(s => s.Kind == ActivityKind.Server && s.TraceId == traceId && s.DisplayName == "POST /api/requests"));
        var trace = await Eventually(() =>
        {
            var spans = fixture.Spans.InTrace(http.TraceId);
            return spans.Any(IsNoticeHandler) && spans.Any(s => s.Source.Name == "Marten" && s.ParentSpanId != default) &&
                   spans.Any(s => s.Source.Name == "Npgsql") ? spans : null;
        }, because: () => $"spans of trace {http.TraceId}: " + string.Join(", ", fixture.Spans.InTrace(http.TraceId).Select(s => $"{s.Source.Name}:{s.DisplayName}")));

        var handler = trace.First(IsNoticeHandler);
        Assert.Contains(trace, s => s.Source.Name == "Npgsql" && Descends(s, handler, trace));
        Assert.Contains(trace, s => s.Source.Name == "Marten" && Descends(s, http, trace));
    }

    [Theory]
    [InlineData("accept", "{\"count\":1}")]
    [InlineData("decline", "{\"reason\":\"semua sedang bertugas\"}")]
    public async Task an_answer_locks_its_incident_and_request_and_reads_both_in_one_round_trip_before_it_writes(string answer, string body)
    {
        var incident = await _api.ReportedIncident();
        var request = await _api.IssuedRequest(incident, "61.05", count: 2);
        var traceId = ActivityTraceId.CreateRandom();
        var response = await fixture.Host.Tracked(() => _api.Post($"/api/requests/{request}/{answer}",
            body, Tokens.District("61.05"),
            new Dictionary<string, string> { ["traceparent"] = $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01" }));
        response.ShouldBe(200);

        var http = await Eventually(() => fixture.Spans.Find(s => s.Kind == ActivityKind.Server && s.TraceId == traceId));
        var trace = await Eventually(() => fixture.Spans.InTrace(traceId) is var spans && spans.Any(IsNoticeHandler) ? spans : null);
        var handler = trace.First(IsNoticeHandler);
        // the request's own SQL: the read under locks, then the write of the answer (the notice handler's SQL comes after;
        // a connection the pool opens first is no statement)
        var own = trace.Where(s => s.Source.Name == "Npgsql" && !s.DisplayName.StartsWith("CONNECT") && Descends(s, http, trace) &&
                                   !Descends(s, handler, trace)).ToList();
        Assert.True(own.Count == 2, $"{own.Count} round trips: " + string.Join(" | ", own.Select(s => s.DisplayName)));
    }

    [Fact]
    public async Task a_service_record_locks_its_deployment_and_reads_the_incident_and_the_record_id_in_one_round_trip_before_it_writes()
    {
        var incident = await _api.ReportedIncident();
        var onSite = await _api.TeamOnSite(incident, [await _api.RegisteredPerson()]);
        var traceId = ActivityTraceId.CreateRandom();
        var today = Coordination.Districts.KalimantanBarat.Today(TimeProvider.System).ToString("yyyy-MM-dd");
        (await _api.Post($"/api/deployments/{onSite}/services", new
        {
            id = Guid.CreateVersion7(), date = today, village = "Baning Kota", service = "home-visit",
            newlyReached = new { total = 3, children = 1, elderly = 1, disabled = 0, pregnant = 0 }, contacts = 3
        }, Tokens.District("61.05"), new Dictionary<string, string> { ["traceparent"] = $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01" })).ShouldBe(201);

        var http = await Eventually(() => fixture.Spans.Find(s => s.Kind == ActivityKind.Server && s.TraceId == traceId));
        var trace = fixture.Spans.InTrace(traceId);
        var own = trace.Where(s => s.Source.Name == "Npgsql" && !s.DisplayName.StartsWith("CONNECT") && Descends(s, http, trace)).ToList();
        Assert.True(own.Count == 2, $"{own.Count} round trips: " + string.Join(" | ", own.Select(s => s.GetTagItem("db.query.text") ?? s.DisplayName)));
    }

    [Fact]
    public async Task metrics_name_commands_events_views_notices_connections_and_the_runtime_for_admins_only()
    {
        await _api.ReportedIncident();
        (await _api.Get("/health/ready")).ShouldBe(200);

        Assert.Equal(401, (await _api.Get("/metrics")).Status);
        Assert.Equal(403, (await _api.Get("/metrics", Tokens.Coordinator)).Status);
        // ASP.NET Core records a request's duration once the request has ended, after its answer reached the client (and
        // after the answer's OnCompleted callbacks): on a loaded machine the 201 may not be counted yet at the first scrape.
        var created = new Regex("http_server_request_duration_seconds_bucket\\{[^}]*http_response_status_code=\"201\",http_route=\"/api/incidents\"");
        var metrics = await Eventually(async () => (await _api.Get("/metrics", Tokens.Admin)).ShouldBe(200).Text is var text && created.IsMatch(text) ? text : null,
            because: () => "no 201 of POST /api/incidents in /metrics");

        Assert.Matches("marten_event_append_events_total\\{[^}]*event_type=\"incident_reported\"", metrics);
        Assert.Matches("coordination_view_lag_events\\{[^}]*view=\"IncidentCoverage:All\"", metrics);
        Assert.Matches("coordination_view_lag_seconds\\{[^}]*view=\"DistrictReadiness:All\"", metrics);
        Assert.Matches("coordination_notices_waiting\\{[^}]*queue=\"outbox\"", metrics);
        Assert.Contains("db_client_connection_count", metrics);
        Assert.Matches("dotnet_gc_heap_total_allocated_bytes_total(\\{[^}]*\\})? [1-9]", metrics);
        Assert.Contains("dotnet_thread_pool_queue_length_total", metrics);
    }

    [Fact]
    public async Task metrics_count_refused_commands_by_the_code_of_their_problem_and_their_route()
    {
        // the collection's other tests are refused too on the same host: the counters are read before and after
        var conflicts = Refusals("id-names-another-resource", "/api/incidents", 409);
        var unknownHazards = Refusals("invalid-enum", "/api/incidents", 400);
        var (conflictsBefore, unknownHazardsBefore) = (await CountAsync(conflicts), await CountAsync(unknownHazards));
        var incident = await _api.ReportedIncident();
        var body = new
        {
            id = incident, district = "61.05", hazard = "landslide", title = "Longsor", occurredAt = "2026-11-01T00:00:00Z",
            villages = new[] { "Baning Kota" }, affected = new { total = 5, children = 1, elderly = 1, disabled = 0, pregnant = 0 }
        };
        (await _api.Post("/api/incidents", body, Tokens.Coordinator)).ShouldBe(409);
        var meteor = new { body.district, hazard = "meteor", body.title, body.occurredAt, body.villages, body.affected };
        (await _api.Post("/api/incidents", meteor, Tokens.Coordinator)).ShouldBe(400);
        (await _api.Post("/api/incidents", meteor, Tokens.Coordinator)).ShouldBe(400);

        // a request is counted once its answer reached the client: read until the counts move (other tests may add more)
        await Eventually(async () => await CountAsync(conflicts) >= conflictsBefore + 1 ? "" : null);
        await Eventually(async () => await CountAsync(unknownHazards) >= unknownHazardsBefore + 2 ? "" : null);
    }

    /// <summary>
    /// Every (code, status, method, route) of a refusal is a label set of its own; the generated-input tests alone bring more
    /// than OpenTelemetry's default limit of 2,000 per metric, past which a refusal first seen later went uncounted.
    /// </summary>
    [Fact]
    public async Task a_refusal_first_seen_after_more_than_two_thousand_other_kinds_is_still_counted()
    {
        var problems = fixture.Host.Services.GetRequiredService<IMeterFactory>()
            .Create(Coordination.Infrastructure.Telemetry.Telemetry.MeterName)
            .CreateCounter<long>("coordination.problems", "{problem}", "Problems answered, by their code, status and route");
        for (var kind = 0; kind < 2_100; kind++)
            problems.Add(1, new TagList
            {
                { "code", $"kind-{kind}" }, { "http.response.status_code", 400 }, { "http.request.method", "POST" }, { "http.route", "/api/kinds" }
            });

        var unknownStatus = Refusals("invalid-enum", "/api/requests", 400);
        Assert.Equal(0, await CountAsync(unknownStatus));
        (await _api.Get("/api/requests?status=sideways", Tokens.Coordinator)).ShouldBe(400);

        await Eventually(async () => await CountAsync(unknownStatus) >= 1 ? "" : null,
            because: () => "the refusal of GET /api/requests?status=sideways is not counted in /metrics");
    }

    private static Regex Refusals(string code, string route, int status) => new(
        $@"^coordination_problems_total\{{[^}}]*code=""{Regex.Escape(code)}""[^}}]*http_response_status_code=""{status}""[^}}]*http_route=""{Regex.Escape(route)}""[^}}]*\}} (\d+)$",
        RegexOptions.Multiline);

    private async Task<long> CountAsync(Regex refusals) =>
        refusals.Match((await _api.Get("/metrics", Tokens.Admin)).ShouldBe(200).Text) is { Success: true } found ? long.Parse(found.Groups[1].Value) : 0;

    [Fact]
    public async Task ready_is_degraded_while_the_views_are_paused_behind_and_healthy_once_they_catch_up()
    {
        var coordinator = fixture.Host.Services.GetRequiredService<IProjectionCoordinator>();
        (await _api.Get("/health/ready")).ShouldBe(200);
        await coordinator.PauseAsync();
        try
        {
            await _api.ReportedIncident();
            var degraded = await Eventually(async () => (await _api.Get("/health/ready")) is { Text: "Degraded" } r ? r : null);
            Assert.Equal(200, degraded.Status);
        }
        finally
        {
            await coordinator.ResumeAsync();
        }

        await fixture.Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));
        await Eventually(async () => (await _api.Get("/health/ready")) is { Text: "Healthy" } r ? r : null);
    }

    private static bool IsNoticeHandler(Activity span) =>
        span.Source.Name == "Wolverine" && span.Kind != ActivityKind.Producer &&
        span.TagObjects.Any(t => t.Value?.ToString()?.Contains("RequestNotice") == true);

    private static bool Descends(Activity span, Activity ancestor, IReadOnlyList<Activity> trace)
    {
        for (var current = span; current is not null; current = trace.FirstOrDefault(s => s.SpanId == current.ParentSpanId))
            if (current.SpanId == ancestor.SpanId) return true;
        return false;
    }

    private static Task<T> Eventually<T>(Func<T?> probe, Func<string>? because = null) where T : class =>
        Eventually(() => Task.FromResult(probe()), because);

    /// <summary>
    /// Spans end and views move on other threads: probe until the condition holds, for at most 30 s. (Two full runs once missed a
    /// request's metrics after 15 s and a later one after 45 s: another host's disposal had ended the shared metric streams,
    /// see <see cref="TelemetryCollection"/>, not a slow machine.)
    /// </summary>
    private static async Task<T> Eventually<T>(Func<Task<T?>> probe, Func<string>? because = null) where T : class
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (await probe() is { } found) return found;
            if (clock.Elapsed > TimeSpan.FromSeconds(30)) throw new Xunit.Sdk.XunitException($"Not reached within 30 s. {because?.Invoke()}");
            await Task.Delay(50);
        }
    }
}
