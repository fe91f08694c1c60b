using Coordination.Incidents;
using Coordination.Infrastructure.Http;
using Coordination.Tests.Support;
using Marten;

namespace Coordination.Tests.Incidents;

public class IncidentEndpointTests(AppFixture fixture) : ApiTest(fixture)
{
    private static readonly Dictionary<string, string> NoHeaders = new();

    [Fact]
    public async Task reporting_answers_201_with_id_version_location_and_etag()
    {
        var response = (await Api.Post("/api/incidents", IncidentScenarios.Flood(), Tokens.Coordinator)).ShouldBe(201);
        Assert.Equal(1, response.Version);
        Assert.Equal($"/api/incidents/{response.Id}", response.Headers["Location"]);
        Assert.Equal("\"1\"", response.Headers["ETag"]);

        var incident = (await Api.Get($"/api/incidents/{response.Id}", Tokens.Analyst)).ShouldBe(200);
        Assert.Equal("61.05", incident.Body!["district"]!.GetValue<string>());
        Assert.Equal("flood", incident.Body["hazard"]!.GetValue<string>());
        Assert.Equal("response", incident.Body["phase"]!.GetValue<string>());
        Assert.Equal("open", incident.Body["status"]!.GetValue<string>());
        Assert.Equal(1200, incident.Body["affected"]!["total"]!.GetValue<int>());
        Assert.Equal("\"1\"", incident.Headers["ETag"]);
    }

    [Fact]
    public async Task repeating_a_create_with_the_same_id_and_body_returns_the_same_incident_without_a_second_stream()
    {
        var id = Guid.CreateVersion7();
        var body = IncidentScenarios.Flood(id: id);
        (await Api.Post("/api/incidents", body, Tokens.Coordinator)).ShouldBe(201);
        var again = (await Api.Post("/api/incidents", body, Tokens.Coordinator)).ShouldBe(200);
        Assert.Equal(id, again.Id);
        Assert.Equal(1, again.Version);

        await using var session = Store.LightweightSession();
        Assert.Single(await session.Events.FetchStreamAsync(id));
        Assert.Equal(1, await session.Query<Incident>().CountAsync());
    }

    [Fact]
    public async Task the_same_id_with_another_body_is_409_and_changes_nothing()
    {
        var id = Guid.CreateVersion7();
        (await Api.Post("/api/incidents", IncidentScenarios.Flood(id: id), Tokens.Coordinator)).ShouldBe(201);
        (await Api.Post("/api/incidents", IncidentScenarios.Flood(id: id, title: "Longsor"), Tokens.Coordinator)).ShouldBeProblem(409);

        var incident = (await Api.Get($"/api/incidents/{id}", Tokens.Coordinator)).ShouldBe(200);
        Assert.Equal("Banjir Sintang", incident.Body!["title"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("{\"district\":\"61.05\",", "JSON")]
    [InlineData("{\"district\":\"61.05\",\"hazard\":\"tsunami\"}", "hazard")]
    [InlineData("{\"district\":\"61.05\",\"hazard\":7}", "hazard")]
    [InlineData("[1,2,3]", "")]
    [InlineData("{\"district\":\"61.05\",\"affected\":{\"total\":\"many\"}}", "total")]
    [InlineData("{\"unknownField\":1}", "unknownField")]
    public async Task malformed_json_is_a_400_problem(string json, string mention)
    {
        var response = (await Api.Send(HttpMethod.Post, "/api/incidents", json, Tokens.Coordinator)).ShouldBeProblem(400);
        Assert.Contains(mention, response.Text);
        await AssertNoEvents();
    }

    [Fact]
    public async Task missing_and_invalid_fields_are_400_with_errors_per_field()
    {
        var response = (await Api.Post("/api/incidents", new
        {
            district = "61.99",
            title = "",
            villages = Array.Empty<string>(),
            affected = new { total = 10, children = 20, elderly = -1, disabled = 0, pregnant = 0 }
        }, Tokens.Coordinator)).ShouldBeProblem(400);

        foreach (var field in new[] { "district", "hazard", "title", "occurredAt", "villages", "affected.children", "affected.elderly" })
            Assert.True(response.Errors!.ContainsKey(field), $"no error for {field}: {response.Text}");
        await AssertNoEvents();
    }

    [Fact]
    public async Task an_empty_or_null_body_is_a_400_problem()
    {
        (await Api.Send(HttpMethod.Post, "/api/incidents", "null", Tokens.Coordinator)).ShouldBeProblem(400);
        (await Api.Send(HttpMethod.Post, "/api/incidents", "", Tokens.Coordinator)).ShouldBeProblem(400);
        await AssertNoEvents();
    }

    [Fact]
    public async Task assessments_replace_the_figures_and_answer_the_new_version()
    {
        var id = await Api.ReportedIncident();
        var response = (await Api.Post($"/api/incidents/{id}/assessments",
            new { villages = new[] { "Baning Kota", "Kapuas Kanan Hulu" }, affected = new { total = 5000, children = 1500, elderly = 400, disabled = 60, pregnant = 40 } },
            Tokens.District("61.05"))).ShouldBe(200);
        Assert.Equal(2, response.Version);

        var incident = (await Api.Get($"/api/incidents/{id}", Tokens.Coordinator)).Body!;
        Assert.Equal(5000, incident["affected"]!["total"]!.GetValue<int>());
        Assert.Equal(2, incident["villages"]!.AsArray().Count);
    }

    [Fact]
    public async Task a_stale_if_match_is_412_and_a_current_one_passes()
    {
        var id = await Api.ReportedIncident();
        var assessment = new { villages = new[] { "Baning Kota" }, affected = new { total = 10, children = 1, elderly = 1, disabled = 0, pregnant = 0 } };
        (await Api.Post($"/api/incidents/{id}/assessments", assessment, Tokens.Coordinator, new Dictionary<string, string> { ["If-Match"] = "\"1\"" }))
            .ShouldBe(200);
        var stale = (await Api.Post($"/api/incidents/{id}/assessments", assessment, Tokens.Coordinator,
            new Dictionary<string, string> { ["If-Match"] = "\"1\"" })).ShouldBeProblem(412);
        Assert.Equal(2, stale.Body!["currentVersion"]!.GetValue<long>());
        (await Api.Post($"/api/incidents/{id}/phase", new { phase = "recovery" }, Tokens.Coordinator,
            new Dictionary<string, string> { ["If-Match"] = "\"9\"" })).ShouldBeProblem(412);
        Assert.Equal(2, (await Api.Get($"/api/incidents/{id}", Tokens.Coordinator)).Body!["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task phases_move_forward_and_a_step_backwards_is_409()
    {
        var id = await Api.ReportedIncident(phase: "alert");
        (await Api.Post($"/api/incidents/{id}/phase", new { phase = "response" }, Tokens.Coordinator)).ShouldBe(200);
        (await Api.Post($"/api/incidents/{id}/phase", new { phase = "recovery" }, Tokens.District("61.05"))).ShouldBe(200);
        var back = (await Api.Post($"/api/incidents/{id}/phase", new { phase = "response" }, Tokens.Coordinator)).ShouldBeProblem(409);
        Assert.Contains("never go back", back.Detail);
        (await Api.Post($"/api/incidents/{id}/phase", new { phase = "closed" }, Tokens.Coordinator)).ShouldBeProblem(400);
        (await Api.Post($"/api/incidents/{id}/phase", new { phase = "sideways" }, Tokens.Coordinator)).ShouldBeProblem(400);
        Assert.Equal("recovery", (await Api.Get($"/api/incidents/{id}", Tokens.Coordinator)).Body!["phase"]!.GetValue<string>());
    }

    [Fact]
    public async Task emergency_status_is_declared_then_extended()
    {
        var id = await Api.ReportedIncident();
        var until = DateTime.UtcNow.Date.AddDays(14).ToString("yyyy-MM-dd");
        var later = DateTime.UtcNow.Date.AddDays(28).ToString("yyyy-MM-dd");
        (await Api.Post($"/api/incidents/{id}/emergency-status", new { decree = "360/123/BPBD-C/2026", validUntil = until }, Tokens.Coordinator)).ShouldBe(200);
        (await Api.Post($"/api/incidents/{id}/emergency-status", new { decree = "360/140/BPBD-C/2026", validUntil = until }, Tokens.Coordinator))
            .ShouldBeProblem(409);
        (await Api.Post($"/api/incidents/{id}/emergency-status", new { decree = "360/140/BPBD-C/2026", validUntil = later }, Tokens.District("61.05")))
            .ShouldBe(200);
        (await Api.Post($"/api/incidents/{id}/emergency-status", new { decree = "x", validUntil = "2026-13-45" }, Tokens.Coordinator))
            .ShouldBeProblem(400);

        var emergency = (await Api.Get($"/api/incidents/{id}", Tokens.Coordinator)).Body!["emergency"]!;
        Assert.Equal("360/140/BPBD-C/2026", emergency["decree"]!.GetValue<string>());
        Assert.Equal(later, emergency["validUntil"]!.GetValue<string>());
    }

    [Fact]
    public async Task closing_cancels_every_request_still_waiting_or_short_of_people_and_leaves_a_fulfilled_one()
    {
        var incident = await Api.ReportedIncident();
        var waiting = await Api.IssuedRequest(incident, "61.10", count: 2);
        var alsoWaiting = await Api.IssuedRequest(incident, "61.04", count: 1);
        var accepted = await Api.IssuedRequest(incident, "61.06", count: 2);
        (await Api.Post($"/api/requests/{accepted}/accept", new { count = 2 }, Tokens.District("61.06"))).ShouldBe(200);
        var fulfilled = await Api.IssuedRequest(incident, "61.05", count: 1);
        (await Api.Post($"/api/requests/{fulfilled}/accept", new { count = 1 }, Tokens.District("61.05"))).ShouldBe(200);
        var team = await Api.TeamOnSite(incident, await Api.RegisteredPeople(1, "61.05"), requestId: fulfilled);
        (await Api.Post($"/api/deployments/{team}/stand-down", null, Tokens.District("61.05"))).ShouldBe(200);

        // the close's messages handled: the requests it cancelled are cancelled
        (await Host.Tracked(() => Api.Post($"/api/incidents/{incident}/close", new { summary = "Air surut" }, Tokens.Coordinator))).ShouldBe(200);

        async Task<string> Status(Guid request) =>
            (await Api.Get($"/api/requests/{request}", Tokens.Analyst)).Body!["status"]!.GetValue<string>();
        Assert.Equal(["cancelled", "cancelled", "cancelled", "fulfilled"],
            [await Status(waiting), await Status(alsoWaiting), await Status(accepted), await Status(fulfilled)]);
    }

    [Fact]
    public async Task closing_records_the_summary_and_then_every_command_is_409()
    {
        var id = await Api.ReportedIncident();
        (await Api.Post($"/api/incidents/{id}/close", new { summary = "Air surut, layanan selesai" }, Tokens.Coordinator)).ShouldBe(200);
        var incident = (await Api.Get($"/api/incidents/{id}", Tokens.Coordinator)).Body!;
        Assert.Equal("closed", incident["status"]!.GetValue<string>());
        Assert.Equal("closed", incident["phase"]!.GetValue<string>());

        (await Api.Post($"/api/incidents/{id}/close", new { summary = "again" }, Tokens.Coordinator)).ShouldBeProblem(409);
        (await Api.Post($"/api/incidents/{id}/phase", new { phase = "recovery" }, Tokens.Coordinator)).ShouldBeProblem(409);
        (await Api.Post($"/api/incidents/{id}/assessments",
            new { villages = new[] { "Baning Kota" }, affected = new { total = 1, children = 0, elderly = 0, disabled = 0, pregnant = 0 } },
            Tokens.Coordinator)).ShouldBeProblem(409);
        (await Api.Post($"/api/incidents/{id}/close", new { summary = "" }, Tokens.Coordinator)).ShouldBeProblem(400);
    }

    [Fact]
    public async Task closing_with_a_team_out_is_409_naming_the_team_and_its_district_in_both_languages_its_id_only_among_the_deployments()
    {
        var id = await Api.ReportedIncident();
        var person = await Api.RegisteredPerson();
        var deployment = await Api.DeployedTeam(id, [person], teamName: "Tim LDP Baning");
        var headers = (string language) => new Dictionary<string, string> { ["Accept-Language"] = language };

        var indonesian = (await Api.Post($"/api/incidents/{id}/close", new { summary = "Air surut" }, Tokens.Coordinator, headers("id"))).ShouldBeProblem(409);
        Assert.Equal("Kejadian “Banjir Sintang” masih memiliki 1 tim yang bertugas: Tim LDP Baning dari Kabupaten Sintang (61.05). Tarik tim tersebut terlebih dahulu.",
            indonesian.Detail);
        var english = (await Api.Post($"/api/incidents/{id}/close", new { summary = "Air surut" }, Tokens.Coordinator, headers("en"))).ShouldBeProblem(409);
        Assert.DoesNotContain(deployment.ToString(), english.Detail);
        Assert.StartsWith("Incident “Banjir Sintang” still has 1 team(s) deployed: Tim LDP Baning from ", english.Detail);
        Assert.Equal("incident-teams-deployed", english.Body!["code"]!.GetValue<string>());
        Assert.Equal([deployment], english.Body!["deployments"]!.AsArray().Select(d => Guid.Parse(d!.GetValue<string>())));
        Assert.Equal("response", (await Api.Get($"/api/incidents/{id}", Tokens.Coordinator)).Body!["phase"]!.GetValue<string>());
    }

    [Fact]
    public async Task unknown_incidents_are_404_problems()
    {
        var id = Guid.CreateVersion7();
        (await Api.Get($"/api/incidents/{id}", Tokens.Coordinator)).ShouldBeProblem(404);
        (await Api.Post($"/api/incidents/{id}/phase", new { phase = "recovery" }, Tokens.Coordinator)).ShouldBeProblem(404);
        (await Api.Post($"/api/incidents/{id}/close", new { summary = "x" }, Tokens.Coordinator)).ShouldBeProblem(404);
        (await Api.Get("/api/incidents/not-a-guid", Tokens.Coordinator)).ShouldBeProblem(404);
    }

    [Fact]
    public async Task lists_filter_by_status_phase_district_and_hazard_newest_first_and_page()
    {
        var sintang = await Api.ReportedIncident("61.05");
        var melawi = await Api.ReportedIncident("61.10", hazard: "landslide");
        var ketapang = await Api.ReportedIncident("61.04", hazard: "haze", phase: "alert");
        (await Api.Post($"/api/incidents/{sintang}/close", new { summary = "done" }, Tokens.Coordinator)).ShouldBe(200);

        async Task<Guid[]> Ids(string query) =>
            (await Api.Get($"/api/incidents{query}", Tokens.Analyst)).ShouldBe(200).Body!.AsArray()
            .Select(x => Guid.Parse(x!["id"]!.GetValue<string>())).ToArray();

        Assert.Equal([ketapang, melawi, sintang], await Ids(""));
        Assert.Equal([ketapang, melawi], await Ids("?status=open"));
        Assert.Equal([sintang], await Ids("?status=closed"));
        Assert.Equal([melawi], await Ids("?district=61.10"));
        Assert.Equal([melawi], await Ids("?hazard=landslide"));
        Assert.Equal([ketapang], await Ids("?phase=alert"));
        Assert.Equal([melawi], await Ids("?limit=1&offset=1"));

        foreach (var bad in new[] { "?status=maybe", "?hazard=tsunami", "?district=99", "?limit=0", "?limit=1001", "?offset=-1", "?limit=abc" })
            (await Api.Get($"/api/incidents{bad}", Tokens.Analyst)).ShouldBeProblem(400);
    }

    [Fact]
    public async Task events_carry_the_actor_role_and_correlation_id()
    {
        var response = (await Api.Post("/api/incidents", IncidentScenarios.Flood(), Tokens.District("61.05", sub: "budi"),
            new Dictionary<string, string> { [CorrelationMiddleware.Header] = "flood-sintang-0001" })).ShouldBe(201);
        Assert.Equal("flood-sintang-0001", response.Headers[CorrelationMiddleware.Header]);

        await using var session = Store.LightweightSession();
        var reported = (await session.Events.FetchStreamAsync(response.Id)).Single();
        Assert.Equal("budi", reported.UserName);
        Assert.Equal("flood-sintang-0001", reported.CorrelationId);
        Assert.Equal("district", reported.GetHeader(EventMetadata.RoleHeader)?.ToString());

        var generated = await Api.Get("/api/districts", Tokens.Analyst);
        Assert.True(Guid.TryParse(generated.Headers[CorrelationMiddleware.Header], out _));
    }

    [Fact]
    public async Task a_correlation_id_that_no_answer_header_can_carry_is_replaced_by_a_new_one()
    {
        // Kestrel refuses to write a control character or a non-ASCII one in a response header: echoing it was a 500
        foreach (var given in new[] { "a\u0001b", "flood\u007f", "caf\u00e9", "a\u001bb" })
        {
            var response = (await Api.Post("/api/incidents", IncidentScenarios.Flood(), Tokens.Coordinator,
                new Dictionary<string, string> { [CorrelationMiddleware.Header] = given })).ShouldBe(201);
            var echoed = response.Headers[CorrelationMiddleware.Header];
            Assert.True(Guid.TryParse(echoed, out _), echoed);

            await using var session = Store.LightweightSession();
            Assert.Equal(echoed, (await session.Events.FetchStreamAsync(response.Id)).Single().CorrelationId);
        }
    }

    private async Task AssertNoEvents()
    {
        await using var session = Store.QuerySession();
        Assert.Equal(0, await session.Events.QueryAllRawEvents().CountAsync());
    }
}
