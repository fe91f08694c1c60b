using Coordination.Tests.Incidents;
using Coordination.Tests.Support;

namespace Coordination.Tests.Deployments;

public class DeploymentEndpointTests(AppFixture fixture) : ApiTest(fixture)
{
    private static object Service(string village = "Baning Kota", int total = 12, int contacts = 20, Guid? id = null) => new
    {
        id, date = DateTime.UtcNow.ToString("yyyy-MM-dd"), village, service = "group-support",
        newlyReached = new { total, children = total / 2, elderly = 1, disabled = 0, pregnant = 0 }, contacts
    };

    [Fact]
    public async Task a_person_on_another_deployment_is_named_with_that_team_in_a_409_their_id_in_refusals_and_nothing_changes()
    {
        var incident = await Api.ReportedIncident();
        var people = await Api.RegisteredPeople(2, "61.05");
        var first = await Api.DeployedTeam(incident, [people[0]], teamName: "Tim LDP Kayan Hilir");

        var refused = (await Api.Post("/api/deployments", new { incidentId = incident, teamName = "Tim 2", members = people, village = "Baning Kota" },
            Tokens.District("61.05"), new Dictionary<string, string> { ["Accept-Language"] = "id" })).ShouldBeProblem(409);
        Assert.Equal("person-already-deployed", refused.Body!["code"]!.GetValue<string>());
        Assert.Contains("Petugas 61.05 1 sedang bertugas dengan Tim LDP Kayan Hilir", refused.Detail);
        Assert.DoesNotContain(people[0].ToString(), refused.Detail); // people read names, programs read ids
        Assert.DoesNotContain(first.ToString(), refused.Detail);
        var refusal = Assert.Single(refused.Body!["refusals"]!.AsArray())!;
        Assert.Equal(people[0], refusal["person"]!.GetValue<Guid>());
        Assert.Equal("person-already-deployed", refusal["code"]!.GetValue<string>());
        Assert.Equal("Petugas 61.05 1 sedang bertugas dengan Tim LDP Kayan Hilir", refusal["detail"]!.GetValue<string>());
        Assert.Equal("available", (await Api.Get($"/api/personnel/{people[1]}", Tokens.Analyst)).Body!["status"]!.GetValue<string>());
        Assert.Single((await Api.Get($"/api/deployments?incidentId={incident}", Tokens.Analyst)).Body!.AsArray());
    }

    [Fact]
    public async Task members_must_be_the_sending_districts_available_people_holding_the_requested_skills()
    {
        var incident = await Api.ReportedIncident();
        var request = await Api.IssuedRequest(incident, "61.05", count: 3, skills: ["trauma-counseling"]);
        (await Api.Post($"/api/requests/{request}/accept", new { count = 3 }, Tokens.District("61.05"))).ShouldBe(200);
        var lacking = await Api.RegisteredPerson("61.05", skills: ["referral"], name: "Rini");
        var ill = await Api.RegisteredPerson("61.05", skills: ["trauma-counseling"], name: "Agus");
        (await Api.Post($"/api/personnel/{ill}/availability", new { available = false, reason = "sakit" }, Tokens.District("61.05"))).ShouldBe(200);
        var melawi = await Api.RegisteredPerson("61.10", skills: ["trauma-counseling"], name: "Yohanes");

        var refused = (await Api.Post("/api/deployments",
            new { incidentId = incident, requestId = request, teamName = "Tim", members = new[] { lacking, ill, melawi }, village = "Baning Kota" },
            Tokens.District("61.05"))).ShouldBeProblem(409);
        Assert.Contains("Rini", refused.Detail);
        Assert.Contains("lacks trauma counseling", refused.Detail);
        Assert.Contains("Agus", refused.Detail);
        Assert.Contains("unavailable", refused.Detail);
        Assert.Contains("Yohanes", refused.Detail);
        Assert.Contains("61.10", refused.Detail);
        Assert.Equal("accepted", (await Api.Get($"/api/requests/{request}", Tokens.Analyst)).Body!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task unknown_references_and_villages_outside_the_incident_are_400()
    {
        var incident = await Api.ReportedIncident(villages: ["Baning Kota"]);
        var person = await Api.RegisteredPerson("61.05");
        var unknown = Guid.NewGuid();
        var response = (await Api.Post("/api/deployments", new { incidentId = incident, teamName = "Tim", members = new[] { person, unknown }, village = "Nanga Pinoh" },
            Tokens.District("61.05"))).ShouldBeProblem(400);
        Assert.Contains(unknown.ToString(), response.Detail);
        Assert.Contains("Nanga Pinoh", response.Detail);
        Assert.Contains("Baning Kota", response.Detail);
        (await Api.Post("/api/deployments", new { incidentId = Guid.NewGuid(), teamName = "Tim", members = new[] { person }, village = "Baning Kota" },
            Tokens.District("61.05"))).ShouldBeProblem(400);
        (await Api.Post("/api/deployments", new { incidentId = incident, teamName = "Tim", members = new[] { person, person }, village = "Baning Kota" },
            Tokens.District("61.05"))).ShouldBeProblem(400);
        (await Api.Post("/api/deployments", new { incidentId = incident, requestId = Guid.NewGuid(), teamName = "Tim", members = new[] { person }, village = "Baning Kota" },
            Tokens.District("61.05"))).ShouldBeProblem(400);
        // the all-zero id among real ones: Marten cannot lock a stream of that id, so it is refused before anything is read
        var zero = (await Api.Post("/api/deployments", new { incidentId = incident, teamName = "Tim", members = new[] { person, Guid.Empty }, village = "Baning Kota" },
            Tokens.District("61.05"), new Dictionary<string, string> { ["Accept-Language"] = "id" })).ShouldBeProblem(400);
        Assert.Equal("Anggota tim harus berupa ID yang sebenarnya, bukan 00000000-0000-0000-0000-000000000000.", zero.Errors!["members"]![0]!.GetValue<string>());
        Assert.Equal("available", (await Api.Get($"/api/personnel/{person}", Tokens.Analyst)).Body!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task a_district_deploys_only_its_own_teams()
    {
        var incident = await Api.ReportedIncident();
        var person = await Api.RegisteredPerson("61.05");
        var body = new { incidentId = incident, teamName = "Tim", members = new[] { person }, village = "Baning Kota" };
        (await Api.Post("/api/deployments", body, Tokens.District("61.10"))).ShouldBeProblem(409);
        (await Api.Post("/api/deployments", body, Tokens.Coordinator)).ShouldBeProblem(403);
        (await Api.Post("/api/deployments", new { district = "61.05", incidentId = incident, teamName = "Tim", members = new[] { person }, village = "Baning Kota" },
            Tokens.District("61.10"))).ShouldBeProblem(403);
        (await Api.Post("/api/deployments", body, Tokens.Analyst)).ShouldBeProblem(403);

        var deployment = await Api.DeployedTeam(incident, [person]);
        (await Api.Post($"/api/deployments/{deployment}/arrive", null, Tokens.District("61.10"))).ShouldBeProblem(403);
        (await Api.Post($"/api/deployments/{deployment}/stand-down", null, Tokens.Coordinator)).ShouldBeProblem(403);
        (await Api.Post($"/api/deployments/{Guid.NewGuid()}/arrive", null, Tokens.District("61.05"))).ShouldBeProblem(404);
    }

    [Fact]
    public async Task services_are_recorded_only_on_site_in_the_incidents_villages()
    {
        var incident = await Api.ReportedIncident(villages: ["Baning Kota", "Tanjung Puri"]);
        var person = await Api.RegisteredPerson("61.05");
        var deployment = await Api.DeployedTeam(incident, [person]);
        var notYet = (await Api.Post($"/api/deployments/{deployment}/services", Service(), Tokens.District("61.05"))).ShouldBeProblem(409);
        Assert.Contains("on site", notYet.Detail);

        (await Api.Post($"/api/deployments/{deployment}/arrive", null, Tokens.District("61.05"))).ShouldBe(200);
        (await Api.Post($"/api/deployments/{deployment}/arrive", null, Tokens.District("61.05"))).ShouldBe(200);
        var recorded = (await Api.Post($"/api/deployments/{deployment}/services", Service("Tanjung Puri"), Tokens.District("61.05"))).ShouldBe(201);
        Assert.NotEqual(deployment, recorded.Id);
        (await Api.Post($"/api/deployments/{deployment}/services", Service("Nanga Pinoh"), Tokens.District("61.05"))).ShouldBeProblem(400);
        (await Api.Post($"/api/deployments/{deployment}/services", Service(total: 30, contacts: 10), Tokens.District("61.05"))).ShouldBeProblem(400);
        (await Api.Post($"/api/deployments/{deployment}/services", Service(), Tokens.District("61.10"))).ShouldBeProblem(403);

        (await Api.Post($"/api/deployments/{deployment}/stand-down", null, Tokens.District("61.05"))).ShouldBe(200);
        (await Api.Post($"/api/deployments/{deployment}/stand-down", null, Tokens.District("61.05"))).ShouldBeProblem(409);
        (await Api.Post($"/api/deployments/{deployment}/arrive", null, Tokens.District("61.05"))).ShouldBeProblem(409);
        (await Api.Post($"/api/deployments/{deployment}/services", Service(), Tokens.District("61.05"))).ShouldBeProblem(409);

        var read = (await Api.Get($"/api/deployments/{deployment}", Tokens.Analyst)).ShouldBe(200).Body!;
        Assert.Equal("stood-down", read["status"]!.GetValue<string>());
        Assert.Equal(1, read["serviceRecords"]!.GetValue<int>());
        Assert.Equal("Tanjung Puri", Assert.Single((await Api.Get($"/api/deployments/{deployment}/services", Tokens.Analyst)).Body!.AsArray())!["village"]!.GetValue<string>());
    }

    [Fact]
    public async Task a_retried_service_record_is_stored_once_and_a_retried_deployment_is_the_same_deployment()
    {
        var incident = await Api.ReportedIncident();
        var people = await Api.RegisteredPeople(2, "61.05");
        var deploymentId = Guid.CreateVersion7();
        var body = new { id = deploymentId, incidentId = incident, teamName = "Tim", members = people, village = "Baning Kota" };
        (await Api.Post("/api/deployments", body, Tokens.District("61.05"))).ShouldBe(201);
        (await Api.Post("/api/deployments", body, Tokens.District("61.05"))).ShouldBe(200);
        (await Api.Post("/api/deployments", body with { teamName = "Tim lain" }, Tokens.District("61.05"))).ShouldBeProblem(409);
        (await Api.Post($"/api/deployments/{deploymentId}/arrive", null, Tokens.District("61.05"))).ShouldBe(200);

        var recordId = Guid.CreateVersion7();
        (await Api.Post($"/api/deployments/{deploymentId}/services", Service(id: recordId), Tokens.District("61.05"))).ShouldBe(201);
        (await Api.Post($"/api/deployments/{deploymentId}/services", Service(id: recordId), Tokens.District("61.05"))).ShouldBe(200);
        (await Api.Post($"/api/deployments/{deploymentId}/services", Service(id: recordId, contacts: 99), Tokens.District("61.05"))).ShouldBeProblem(409);
        Assert.Single((await Api.Get($"/api/deployments/{deploymentId}/services", Tokens.Analyst)).Body!.AsArray());
        Assert.Equal(1, (await Api.Get($"/api/deployments/{deploymentId}", Tokens.Analyst)).Body!["serviceRecords"]!.GetValue<int>());
        Assert.Single((await Api.Get($"/api/deployments?incidentId={incident}", Tokens.Analyst)).Body!.AsArray());
    }

    [Fact]
    public async Task service_records_are_listed_latest_first_and_a_record_id_names_one_record_only()
    {
        var incident = await Api.ReportedIncident();
        var people = await Api.RegisteredPeople(2, "61.05");
        var team = await Api.TeamOnSite(incident, [people[0]]);
        var other = await Api.TeamOnSite(incident, [people[1]]);
        var ids = new List<Guid>();
        foreach (var village in new[] { "Baning Kota", "Tanjung Puri", "Baning Kota" })
            ids.Add((await Api.Post($"/api/deployments/{team}/services", Service(village, id: Guid.NewGuid()), Tokens.District("61.05"))).ShouldBe(201).Id);

        var listed = (await Api.Get($"/api/deployments/{team}/services", Tokens.Analyst)).ShouldBe(200).Body!.AsArray();
        Assert.Equal(ids.AsEnumerable().Reverse(), listed.Select(r => Guid.Parse(r!["id"]!.GetValue<string>())));
        Assert.Equal(team, Guid.Parse(listed[0]!["deploymentId"]!.GetValue<string>()));
        var page = (await Api.Get($"/api/deployments/{team}/services?limit=1&offset=1", Tokens.Analyst)).ShouldBe(200).Body!.AsArray();
        Assert.Equal(ids[1], Guid.Parse(Assert.Single(page)!["id"]!.GetValue<string>()));

        // the same record id sent for another team, or an id some other event already has, is refused and stores nothing
        (await Api.Post($"/api/deployments/{other}/services", Service(id: ids[0]), Tokens.District("61.05"))).ShouldBeProblem(409);
        await using (var session = Store.QuerySession())
        {
            var reported = (await session.Events.FetchStreamAsync(incident))[0].Id;
            (await Api.Post($"/api/deployments/{other}/services", Service(id: reported), Tokens.District("61.05"))).ShouldBeProblem(409);
        }

        Assert.Empty((await Api.Get($"/api/deployments/{other}/services", Tokens.Analyst)).Body!.AsArray());
    }

    [Fact]
    public async Task a_retried_deployment_is_recognised_whatever_order_its_members_were_listed_in()
    {
        var incident = await Api.ReportedIncident();
        var people = (await Api.RegisteredPeople(3, "61.05")).OrderDescending().ToArray();
        var body = new { id = Guid.CreateVersion7(), incidentId = incident, teamName = "Tim", members = people, village = "Baning Kota" };
        (await Api.Post("/api/deployments", body, Tokens.District("61.05"))).ShouldBe(201);
        (await Api.Post("/api/deployments", body, Tokens.District("61.05"))).ShouldBe(200);
        var stored = (await Api.Get($"/api/deployments/{body.id}", Tokens.Analyst)).Body!["members"]!.AsArray().Select(m => Guid.Parse(m!.GetValue<string>()));
        Assert.Equal(people, stored);
    }

    [Fact]
    public async Task standing_down_frees_the_people_for_the_next_team()
    {
        var incident = await Api.ReportedIncident();
        var people = await Api.RegisteredPeople(2, "61.05");
        var first = await Api.TeamOnSite(incident, people);
        (await Api.Post($"/api/deployments/{first}/stand-down", null, Tokens.District("61.05"))).ShouldBe(200);
        await Api.DeployedTeam(incident, people);
        Assert.Equal("deployed", (await Api.Get($"/api/personnel/{people[1]}", Tokens.Analyst)).Body!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task every_stream_a_deployment_touches_keeps_an_exact_version()
    {
        var incident = await Api.ReportedIncident();
        var person = await Api.RegisteredPerson("61.05");
        var deployment = await Api.TeamOnSite(incident, [person]);
        (await Api.Post($"/api/deployments/{deployment}/stand-down", null, Tokens.District("61.05"))).ShouldBe(200);

        // reported, team deployed, team stood down; registered, assigned, released
        Assert.Equal("\"3\"", (await Api.Get($"/api/incidents/{incident}", Tokens.Analyst)).Headers["ETag"]);
        Assert.Equal(3, (await Api.Get($"/api/personnel/{person}", Tokens.Analyst)).Body!["version"]!.GetValue<long>());
        var closed = (await Host.Tracked(() => Api.Post($"/api/incidents/{incident}/close", new { summary = "done" }, Tokens.Coordinator,
            new Dictionary<string, string> { ["If-Match"] = "\"3\"" }))).ShouldBe(200);
        Assert.Equal(4, closed.Version);
    }

    [Fact]
    public async Task lists_filter_by_incident_district_and_status()
    {
        var incident = await Api.ReportedIncident();
        var other = await Api.ReportedIncident("61.10");
        var a = await Api.DeployedTeam(incident, await Api.RegisteredPeople(1, "61.05"));
        var b = await Api.TeamOnSite(incident, await Api.RegisteredPeople(1, "61.10"), "61.10");
        var c = await Api.DeployedTeam(other, await Api.RegisteredPeople(1, "61.10"), "61.10");

        async Task<Guid[]> Ids(string query) =>
            (await Api.Get($"/api/deployments{query}", Tokens.Analyst)).ShouldBe(200).Body!.AsArray().Select(x => Guid.Parse(x!["id"]!.GetValue<string>())).ToArray();

        Assert.Equal([c, b, a], await Ids(""));
        Assert.Equal([b, a], await Ids($"?incidentId={incident}"));
        Assert.Equal([c, b], await Ids("?district=61.10"));
        Assert.Equal([b], await Ids("?status=on-site"));
        (await Api.Get("/api/deployments?status=lost", Tokens.Analyst)).ShouldBeProblem(400);
    }
}
