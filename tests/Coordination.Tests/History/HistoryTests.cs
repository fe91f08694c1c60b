using System.Text.Json.Nodes;
using Coordination.Incidents;
using Coordination.Tests.Accounts;
using Coordination.Tests.Incidents;
using Coordination.Tests.Support;
using Marten.Events.Daemon.Coordination;

namespace Coordination.Tests.History;

public class HistoryTests(AppFixture fixture) : ApiTest(fixture)
{
    private static object Services(string village, int total, int contacts) => new
    {
        date = DateTime.UtcNow.ToString("yyyy-MM-dd"), village, service = "psychological-first-aid",
        newlyReached = new { total, children = total / 2, elderly = 0, disabled = 0, pregnant = 0 }, contacts
    };

    [Fact]
    public async Task the_timeline_names_an_account_that_acted_and_keeps_its_id_as_the_actor()
    {
        var account = await Api.AccountInUse("coordinator");
        var tokens = await Api.SignedIn(account);
        var incident = (await Api.Post("/api/incidents", IncidentScenarios.Flood(), tokens.AccessToken)).ShouldBe(201).Id;

        var reported = (await Api.Get($"/api/incidents/{incident}/timeline", Tokens.Analyst)).ShouldBe(200).Body!.AsArray()[0]!;
        Assert.Equal(account.Id.ToString(), reported["actor"]!.GetValue<string>());
        Assert.Equal("Petugas coordinator", reported["actorName"]!.GetValue<string>());
        var byDevelopmentToken = (await Api.Get($"/api/incidents/{await Api.ReportedIncident()}/timeline", Tokens.Analyst)).Body!.AsArray()[0]!;
        Assert.Null(byDevelopmentToken["actorName"]);
    }

    [Fact]
    public async Task a_request_its_incident_s_close_cancelled_is_on_the_timeline_by_whoever_closed_it_in_their_role()
    {
        var incident = await Api.ReportedIncident();
        await Api.IssuedRequest(incident, "61.10");
        (await Host.Tracked(() => Api.Post($"/api/incidents/{incident}/close", new { summary = "Air surut" }, Tokens.Admin))).ShouldBe(200);

        var timeline = (await Api.Get($"/api/incidents/{incident}/timeline", Tokens.Analyst)).ShouldBe(200).Body!.AsArray();
        var closed = timeline.Single(e => e!["type"]!.GetValue<string>() == "incident-closed")!;
        var cancelled = timeline.Single(e => e!["type"]!.GetValue<string>() == "request-cancelled")!;
        Assert.Equal(("root-admin", "admin"), (closed["actor"]!.GetValue<string>(), closed["role"]!.GetValue<string>()));
        Assert.Equal(("root-admin", "admin"), (cancelled["actor"]!.GetValue<string>(), cancelled["role"]?.GetValue<string>()));
    }

    [Fact]
    public async Task the_timeline_holds_every_event_of_the_incident_its_requests_and_deployments_in_order()
    {
        var incident = await Api.ReportedIncident();
        var request = await Api.IssuedRequest(incident, "61.05", count: 1);
        (await Api.Post($"/api/requests/{request}/accept", new { count = 1 }, Tokens.District("61.05", "budi"),
            new Dictionary<string, string> { ["X-Correlation-Id"] = "accept-1" })).ShouldBe(200);
        var person = await Api.RegisteredPerson("61.05");
        var team = await Api.TeamOnSite(incident, [person], "61.05", request);
        var otherIncident = await Api.ReportedIncident("61.10");

        var timeline = (await Api.Get($"/api/incidents/{incident}/timeline", Tokens.Analyst)).ShouldBe(200).Body!.AsArray();
        Assert.Equal(
        [
            "incident:incident-reported", "request:personnel-requested", "request:request-accepted", "incident:incident-team-deployed",
            "request:request-staffed", "request:request-fulfilled", "deployment:team-deployed", "deployment:team-arrived"
        ], timeline.Select(e => $"{e!["stream"]}:{e["type"]}").Where(t => !t.StartsWith("other")).ToList());
        var sequences = timeline.Select(e => e!["sequence"]!.GetValue<long>()).ToList();
        Assert.Equal(sequences.Order(), sequences);
        Assert.DoesNotContain(timeline, e => e!["streamId"]!.GetValue<string>() == otherIncident.ToString());
        Assert.DoesNotContain(timeline, e => e!["streamId"]!.GetValue<string>() == person.ToString());

        var accepted = timeline.Single(e => e!["type"]!.GetValue<string>() == "request-accepted")!;
        Assert.Equal("budi", accepted["actor"]!.GetValue<string>());
        Assert.Equal("district", accepted["role"]!.GetValue<string>());
        Assert.Equal("accept-1", accepted["correlationId"]!.GetValue<string>());
        Assert.Equal(1, accepted["data"]!["accepted"]!.GetValue<int>());
        Assert.Equal("flood", timeline[0]!["data"]!["hazard"]!.GetValue<string>());
        Assert.Equal(team.ToString(), timeline.Last()!["streamId"]!.GetValue<string>());

        Assert.Equal(2, (await Api.Get($"/api/incidents/{incident}/timeline?limit=2&offset=1", Tokens.Analyst)).Body!.AsArray().Count);
        (await Api.Get($"/api/incidents/{Guid.NewGuid()}/timeline", Tokens.Analyst)).ShouldBeProblem(404);
    }

    [Fact]
    public async Task replay_at_a_version_shows_the_command_that_wrote_it_whole_and_nothing_of_the_next()
    {
        var incident = await Api.ReportedIncident();
        var request = await Api.IssuedRequest(incident, "61.05", count: 2);
        (await Api.Post($"/api/requests/{request}/accept", new { count = 2 }, Tokens.District("61.05"))).ShouldBe(200);
        var team = await Api.DeployedTeam(incident, await Api.RegisteredPeople(2, "61.05"), "61.05", request);

        // version 2 is the team's deployment on the incident; the same command sent the team and staffed the request
        var deployed = (await Api.Get($"/api/incidents/{incident}/replay?version=2", Tokens.Analyst)).ShouldBe(200).Body!;
        Assert.Equal(2, deployed["version"]!.GetValue<long>());
        Assert.Equal(team.ToString(), deployed["incident"]!["activeDeployments"]!.AsArray().Single()!["id"]!.GetValue<string>());
        Assert.Equal(team.ToString(), deployed["deployments"]!.AsArray().Single()!["id"]!.GetValue<string>());
        var staffed = deployed["requests"]!.AsArray().Single()!;
        Assert.Equal(2, staffed["deployed"]!.GetValue<int>());
        Assert.Equal("fulfilled", staffed["status"]!.GetValue<string>());
        Assert.Equal("deployed", deployed["deployments"]![0]!["status"]!.GetValue<string>());
        Assert.Equal(1, (await Api.Get($"/api/incidents/{incident}/replay?version=1", Tokens.Analyst)).ShouldBe(200).Body!["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task replay_at_a_version_of_a_history_stamped_a_step_at_once_is_that_version_not_the_next()
    {
        await new Coordination.Demo.DemoHistory(Host.Services).LoadAsync();
        var flood = Coordination.Demo.DemoHistory.SintangFlood;
        // Sekadau's and Pontianak's teams were deployed at the same minute, 12:25 UTC on 2 November 2021: two versions, one moment
        var pontianak = Coordination.Demo.DemoHistory.IdOf("deployment:2021:5");
        await using var query = Store.QuerySession();
        var stream = await query.Events.FetchStreamAsync(flood);
        var sent = stream.Single(e => e.Data is IncidentTeamDeployed deployed && deployed.DeploymentId == pontianak);
        var before = stream.Single(e => e.Version == sent.Version - 1);
        Assert.Equal(sent.Timestamp, before.Timestamp);
        var (v8, v9) = (before.Version, sent.Version);
        var eighth = (await Api.Get($"/api/incidents/{flood}/replay?version={v8}", Tokens.Analyst)).ShouldBe(200).Body!;
        var ninth = (await Api.Get($"/api/incidents/{flood}/replay?version={v9}", Tokens.Analyst)).ShouldBe(200).Body!;
        Assert.Equal(v8, eighth["version"]!.GetValue<long>());
        Assert.Equal(v8, eighth["incident"]!["version"]!.GetValue<long>());
        Assert.Equal(v9, ninth["version"]!.GetValue<long>());
        Assert.DoesNotContain(pontianak.ToString(), eighth["incident"]!["activeDeployments"]!.AsArray().Select(d => d!["id"]!.GetValue<string>()));
        Assert.DoesNotContain(pontianak.ToString(), eighth["deployments"]!.AsArray().Select(d => d!["id"]!.GetValue<string>()));
        Assert.Contains(pontianak.ToString(), ninth["incident"]!["activeDeployments"]!.AsArray().Select(d => d!["id"]!.GetValue<string>()));
        Assert.Contains(pontianak.ToString(), ninth["deployments"]!.AsArray().Select(d => d!["id"]!.GetValue<string>()));
        Assert.Equal(eighth["deployments"]!.AsArray().Count + 1, ninth["deployments"]!.AsArray().Count);
    }

    [Fact]
    public async Task replay_at_any_recorded_moment_equals_what_the_views_showed_then()
    {
        var moments = new List<(DateTimeOffset At, string Views)>();
        async Task Record(Guid id)
        {
            await ViewsCaughtUp();
            moments.Add((DateTimeOffset.UtcNow, await Views(id)));
        }

        var incident = await Api.ReportedIncident(villages: ["Baning Kota", "Tanjung Puri"]);
        await Record(incident);
        var request = await Api.IssuedRequest(incident, "61.05", count: 3);
        (await Api.Post($"/api/requests/{request}/accept", new { count = 2 }, Tokens.District("61.05"))).ShouldBe(200);
        await Record(incident);
        var team = await Api.TeamOnSite(incident, await Api.RegisteredPeople(2, "61.05"), "61.05", request);
        (await Api.Post($"/api/deployments/{team}/services", Services("Baning Kota", 40, 40), Tokens.District("61.05"))).ShouldBe(201);
        await Record(incident);
        // a second team's records are totalled per team by replay: several records, the same village again
        var second = await Api.TeamOnSite(incident, await Api.RegisteredPeople(1, "61.05"));
        (await Api.Post($"/api/deployments/{second}/services", Services("Baning Kota", 10, 12), Tokens.District("61.05"))).ShouldBe(201);
        (await Api.Post($"/api/deployments/{second}/services", Services("Baning Kota", 5, 9), Tokens.District("61.05"))).ShouldBe(201);
        await Record(incident);
        (await Api.Post($"/api/incidents/{incident}/assessments",
            new { villages = new[] { "Baning Kota", "Tanjung Puri", "Kapuas Kiri" }, affected = new { total = 3000, children = 900, elderly = 200, disabled = 30, pregnant = 20 } },
            Tokens.Coordinator)).ShouldBe(200);
        (await Api.Post($"/api/deployments/{team}/services", Services("Tanjung Puri", 25, 60), Tokens.District("61.05"))).ShouldBe(201);
        await Record(incident);
        (await Api.Post($"/api/deployments/{team}/stand-down", null, Tokens.District("61.05"))).ShouldBe(200);
        (await Api.Post($"/api/deployments/{second}/stand-down", null, Tokens.District("61.05"))).ShouldBe(200);
        await Host.Tracked(() => Api.Post($"/api/incidents/{incident}/close", new { summary = "selesai" }, Tokens.Coordinator));
        await Record(incident);

        foreach (var (at, views) in moments)
        {
            var replay = (await Api.Get($"/api/incidents/{incident}/replay?at={Uri.EscapeDataString(at.ToString("O"))}", Tokens.Analyst)).ShouldBe(200).Body!;
            Assert.Equal(views, Parts(replay));
        }

        var first = (await Api.Get($"/api/incidents/{incident}/replay?version=1", Tokens.Analyst)).ShouldBe(200).Body!;
        Assert.Equal(1, first["version"]!.GetValue<long>());
        Assert.Equal(moments[0].Views, Parts(first));
        var before = moments[0].At.AddMinutes(-30).ToString("O");
        (await Api.Get($"/api/incidents/{incident}/replay?at={Uri.EscapeDataString(before)}", Tokens.Analyst)).ShouldBeProblem(404);
        (await Api.Get($"/api/incidents/{incident}/replay?version=99", Tokens.Analyst)).ShouldBeProblem(404);
        (await Api.Get($"/api/incidents/{incident}/replay", Tokens.Analyst)).ShouldBeProblem(400);
        (await Api.Get($"/api/incidents/{incident}/replay?version=0", Tokens.Analyst)).ShouldBeProblem(400);
    }

    private async Task<string> Views(Guid incident) => new JsonObject
    {
        ["incident"] = (await Api.Get($"/api/incidents/{incident}", Tokens.Analyst)).Body!.DeepClone(),
        ["requests"] = (await Api.Get($"/api/requests?incidentId={incident}", Tokens.Analyst)).Body!.DeepClone(),
        ["deployments"] = (await Api.Get($"/api/deployments?incidentId={incident}", Tokens.Analyst)).Body!.DeepClone(),
        ["coverage"] = (await Api.Get($"/api/incidents/{incident}/coverage", Tokens.Analyst)).Body!.DeepClone()
    }.ToJsonString();

    private static string Parts(JsonNode replay) => new JsonObject
    {
        ["incident"] = replay["incident"]!.DeepClone(),
        ["requests"] = replay["requests"]!.DeepClone(),
        ["deployments"] = replay["deployments"]!.DeepClone(),
        ["coverage"] = replay["coverage"]!.DeepClone()
    }.ToJsonString();

    [Fact]
    public async Task a_full_rebuild_leaves_every_view_identical()
    {
        var flood = await Api.ReportedIncident("61.05");
        var landslide = await Api.ReportedIncident("61.10", hazard: "landslide", villages: ["Nanga Pinoh"]);
        var sintang = await Api.RegisteredPeople(3, "61.05");
        var melawi = await Api.RegisteredPeople(2, "61.10");
        (await Api.Post($"/api/personnel/{sintang[0]}/trainings", new { course = "PFA", completedOn = "2026-01-10", validUntil = "2027-01-10" },
            Tokens.District("61.05"))).ShouldBe(200);
        (await Api.Post($"/api/personnel/{melawi[1]}/availability", new { available = false, reason = "cuti" }, Tokens.District("61.10"))).ShouldBe(200);
        (await Api.Post("/api/districts/61.05/drills", new { heldOn = "2026-08-01", scenario = "Simulasi", participants = sintang }, Tokens.District("61.05"))).ShouldBe(201);
        var request = await Api.IssuedRequest(flood, "61.05", count: 3);
        (await Api.Post($"/api/requests/{request}/accept", new { count = 2 }, Tokens.District("61.05"))).ShouldBe(200);
        await Api.IssuedRequest(landslide, "61.10", count: 1);
        var team = await Api.TeamOnSite(flood, sintang[..2], "61.05", request);
        (await Api.Post($"/api/deployments/{team}/services", Services("Baning Kota", 30, 45), Tokens.District("61.05"))).ShouldBe(201);
        var melawiTeam = await Api.TeamOnSite(landslide, melawi[..1], "61.10", village: "Nanga Pinoh");
        (await Api.Post($"/api/deployments/{melawiTeam}/stand-down", null, Tokens.District("61.10"))).ShouldBe(200);
        await Host.Tracked(() => Api.Post($"/api/incidents/{landslide}/close", new { summary = "selesai" }, Tokens.Coordinator));
        await ViewsCaughtUp();

        var before = await EveryView(flood, landslide);
        var daemon = ((IProjectionCoordinator)Host.Services.GetService(typeof(IProjectionCoordinator))!).DaemonForMainDatabase();
        Type[] projections =
        [
            typeof(Coordination.Incidents.Incident), typeof(Coordination.Personnel.Person), typeof(Coordination.Drills.Drill),
            typeof(Coordination.Requests.Request), typeof(Coordination.Deployments.Deployment),
            typeof(Coordination.Readiness.DistrictReadinessProjection), typeof(Coordination.Coverage.IncidentCoverageProjection)
        ];
        foreach (var projection in projections) await daemon.RebuildProjectionAsync(projection, TimeSpan.FromMinutes(1), CancellationToken.None);
        await ViewsCaughtUp();

        Assert.Equal(before, await EveryView(flood, landslide));
    }

    private async Task<string> EveryView(params Guid[] incidents)
    {
        var all = new JsonObject
        {
            ["readiness"] = (await Api.Get("/api/readiness", Tokens.Analyst)).Body!.DeepClone(),
            ["coverage"] = (await Api.Get("/api/coverage", Tokens.Analyst)).Body!.DeepClone(),
            ["requests"] = (await Api.Get("/api/requests", Tokens.Analyst)).Body!.DeepClone(),
            ["deployments"] = (await Api.Get("/api/deployments", Tokens.Analyst)).Body!.DeepClone(),
            ["incidents"] = (await Api.Get("/api/incidents", Tokens.Analyst)).Body!.DeepClone(),
            ["roster-61.05"] = (await Api.Get("/api/districts/61.05/personnel", Tokens.Analyst)).Body!.DeepClone(),
            ["roster-61.10"] = (await Api.Get("/api/districts/61.10/personnel", Tokens.Analyst)).Body!.DeepClone(),
            ["drills"] = (await Api.Get("/api/districts/61.05/drills", Tokens.Analyst)).Body!.DeepClone()
        };
        foreach (var incident in incidents)
            all[$"coverage-{incident}"] = (await Api.Get($"/api/incidents/{incident}/coverage", Tokens.Analyst)).Body!.DeepClone();
        return all.ToJsonString();
    }
}
