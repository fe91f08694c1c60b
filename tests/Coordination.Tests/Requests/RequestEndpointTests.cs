using Coordination.Tests.Incidents;
using Coordination.Tests.Support;

namespace Coordination.Tests.Requests;

public class RequestEndpointTests(AppFixture fixture) : ApiTest(fixture)
{
    private async Task<string> Status(Guid request) =>
        (await Api.Get($"/api/requests/{request}", Tokens.Analyst)).ShouldBe(200).Body!["status"]!.GetValue<string>();

    [Fact]
    public async Task the_coordinator_issues_and_the_addressed_district_accepts_part()
    {
        var incident = await Api.ReportedIncident();
        var request = await Api.IssuedRequest(incident, "61.10", count: 5);
        var read = (await Api.Get($"/api/requests/{request}", Tokens.District("61.10"))).ShouldBe(200).Body!;
        Assert.Equal("open", read["status"]!.GetValue<string>());
        Assert.Equal("high", read["priority"]!.GetValue<string>());
        Assert.Equal(5, read["count"]!.GetValue<int>());

        (await Api.Post($"/api/requests/{request}/accept", new { count = 3 }, Tokens.District("61.10"))).ShouldBe(200);
        Assert.Equal("partially-accepted", await Status(request));
        Assert.Equal(3, (await Api.Get($"/api/requests/{request}", Tokens.Analyst)).Body!["accepted"]!.GetValue<int>());
    }

    [Fact]
    public async Task a_request_sent_again_under_its_id_after_its_incident_closed_is_answered_as_the_request_it_made()
    {
        var incident = await Api.ReportedIncident();
        var id = Guid.CreateVersion7();
        var body = new { id, incidentId = incident, district = "61.10", role = "counselor", count = 2, skills = new[] { "Referral" } };
        Assert.Equal(id, (await Api.Post("/api/requests", body, Tokens.Coordinator)).ShouldBe(201).Id);
        await Api.Host.Tracked(() => Api.Post($"/api/incidents/{incident}/close", new { summary = "selesai" }, Tokens.Coordinator));
        Assert.Equal("cancelled", await Status(id));

        // the first answer was lost on the way: the retry is told the request exists, not that the incident is closed
        var again = (await Api.Post("/api/requests", body, Tokens.Coordinator)).ShouldBe(200);
        Assert.Equal(id, again.Id);
        var other = (await Api.Post("/api/requests", body with { count = 3 }, Tokens.Coordinator)).ShouldBeProblem(409);
        Assert.Equal("id-names-another-resource", other.Body!["code"]!.GetValue<string>());
        // a new request on the closed incident is still refused
        var fresh = (await Api.Post("/api/requests", body with { id = Guid.CreateVersion7() }, Tokens.Coordinator)).ShouldBeProblem(409);
        Assert.Equal("incident-closed", fresh.Body!["code"]!.GetValue<string>());
        Assert.Equal("cancelled", await Status(id));
    }


    [Fact]
    public async Task closing_an_incident_cancels_the_requests_accepted_and_never_staffed_in_full_and_leaves_the_fulfilled()
    {
        var incident = await Api.ReportedIncident("61.05");
        var people = await Api.RegisteredPeople(2, "61.05");
        var accepted = await Api.IssuedRequest(incident, "61.05", count: 2);
        var partly = await Api.IssuedRequest(incident, "61.10", count: 3);
        var fulfilled = await Api.IssuedRequest(incident, "61.05", count: 1);
        (await Api.Post($"/api/requests/{accepted}/accept", new { count = 2 }, Tokens.District("61.05"))).ShouldBe(200);
        (await Api.Post($"/api/requests/{partly}/accept", new { count = 1 }, Tokens.District("61.10"))).ShouldBe(200);
        (await Api.Post($"/api/requests/{fulfilled}/accept", new { count = 1 }, Tokens.District("61.05"))).ShouldBe(200);
        // one of the two accepted people went and came back; the request never had its second
        var team = await Api.DeployedTeam(incident, [people[0]], "61.05", accepted);
        var other = await Api.DeployedTeam(incident, [people[1]], "61.05", fulfilled, teamName: "Tim LDP 2");
        (await Api.Post($"/api/deployments/{team}/stand-down", null, Tokens.District("61.05"))).ShouldBe(200);
        (await Api.Post($"/api/deployments/{other}/stand-down", null, Tokens.District("61.05"))).ShouldBe(200);
        Assert.Equal("accepted", await Status(accepted));
        Assert.Equal("partially-accepted", await Status(partly));
        Assert.Equal("fulfilled", await Status(fulfilled));

        await Api.Host.Tracked(() => Api.Post($"/api/incidents/{incident}/close", new { summary = "Air surut" }, Tokens.Coordinator));

        // no team can be sent to a closed incident: a request still waiting for its people would wait for ever in the
        // district's inbox and in its deploy form
        foreach (var waiting in new[] { accepted, partly })
        {
            var read = (await Api.Get($"/api/requests/{waiting}", Tokens.Analyst)).ShouldBe(200).Body!;
            Assert.Equal("cancelled", read["status"]!.GetValue<string>());
            Assert.True(read["closedWithIncident"]!.GetValue<bool>());
            Assert.False(read["staffable"]!.GetValue<bool>());
        }
        Assert.Equal("fulfilled", await Status(fulfilled));
        var melawi = (await Api.Get("/api/districts/61.10/inbox", Tokens.District("61.10"))).ShouldBe(200).Body!.AsArray();
        Assert.Equal("request-cancelled", melawi[0]!["kind"]!.GetValue<string>());
    }
    [Fact]
    public async Task only_the_coordinator_issues_and_only_the_addressed_district_answers()
    {
        var incident = await Api.ReportedIncident();
        var body = new { incidentId = incident, district = "61.10", role = "counselor", count = 2 };
        (await Api.Post("/api/requests", body, Tokens.District("61.05"))).ShouldBeProblem(403);
        (await Api.Post("/api/requests", body, Tokens.Analyst)).ShouldBeProblem(403);
        (await Api.Post("/api/requests", body)).ShouldBeProblem(401);

        var request = await Api.IssuedRequest(incident, "61.10", count: 2);
        (await Api.Post($"/api/requests/{request}/accept", new { count = 2 }, Tokens.District("61.05"))).ShouldBeProblem(403);
        (await Api.Post($"/api/requests/{request}/accept", new { count = 2 }, Tokens.Coordinator)).ShouldBeProblem(403);
        (await Api.Post($"/api/requests/{request}/decline", new { reason = "x" }, Tokens.District("61.05"))).ShouldBeProblem(403);
        (await Api.Post($"/api/requests/{request}/cancel", new { reason = "x" }, Tokens.District("61.10"))).ShouldBeProblem(403);
        Assert.Equal("open", await Status(request));
    }

    [Fact]
    public async Task bad_requests_are_400_and_a_closed_incident_is_409()
    {
        var incident = await Api.ReportedIncident();
        (await Api.Post("/api/requests", new { incidentId = incident, district = "61.99", role = "counselor", count = 2 }, Tokens.Coordinator)).ShouldBeProblem(400);
        (await Api.Post("/api/requests", new { incidentId = incident, district = "61.10", role = "counselor", count = 0 }, Tokens.Coordinator)).ShouldBeProblem(400);
        (await Api.Post("/api/requests", new { incidentId = Guid.NewGuid(), district = "61.10", role = "counselor", count = 1 }, Tokens.Coordinator)).ShouldBeProblem(400);
        (await Api.Send(HttpMethod.Post, "/api/requests", $"{{\"incidentId\":\"{incident}\",\"district\":\"61.10\",\"role\":\"counselor\",\"count\":1,\"priority\":\"urgent\"}}",
            Tokens.Coordinator)).ShouldBeProblem(400);

        var request = await Api.IssuedRequest(incident, "61.10", count: 2);
        (await Api.Post($"/api/requests/{request}/accept", new { count = 3 }, Tokens.District("61.10"))).ShouldBeProblem(400);
        (await Api.Post($"/api/requests/{request}/accept", new { count = 0 }, Tokens.District("61.10"))).ShouldBeProblem(400);
        (await Api.Post($"/api/requests/{request}/decline", new { reason = "" }, Tokens.District("61.10"))).ShouldBeProblem(400);
        Assert.Equal("open", await Status(request));

        await Host.Tracked(() => Api.Post($"/api/incidents/{incident}/close", new { summary = "done" }, Tokens.Coordinator));
        (await Api.Post("/api/requests", new { incidentId = incident, district = "61.10", role = "counselor", count = 1 }, Tokens.Coordinator)).ShouldBeProblem(409);
    }

    [Fact]
    public async Task every_illegal_transition_is_409_saying_why()
    {
        var incident = await Api.ReportedIncident();
        var declined = await Api.IssuedRequest(incident, "61.10");
        (await Api.Post($"/api/requests/{declined}/decline", new { reason = "personel terdampak" }, Tokens.District("61.10"))).ShouldBe(200);
        var again = (await Api.Post($"/api/requests/{declined}/accept", new { count = 1 }, Tokens.District("61.10"))).ShouldBeProblem(409);
        Assert.Contains("declined", again.Detail);
        (await Api.Post($"/api/requests/{declined}/decline", new { reason = "x" }, Tokens.District("61.10"))).ShouldBeProblem(409);
        (await Api.Post($"/api/requests/{declined}/cancel", new { reason = "x" }, Tokens.Coordinator)).ShouldBeProblem(409);

        var accepted = await Api.IssuedRequest(incident, "61.10", count: 1);
        (await Api.Post($"/api/requests/{accepted}/accept", new { count = 1 }, Tokens.District("61.10"))).ShouldBe(200);
        (await Api.Post($"/api/requests/{accepted}/accept", new { count = 1 }, Tokens.District("61.10"))).ShouldBeProblem(409);
        var person = await Api.RegisteredPerson("61.10");
        await Api.DeployedTeam(incident, [person], "61.10", accepted);
        Assert.Equal("fulfilled", await Status(accepted));
        var cancelFulfilled = (await Api.Post($"/api/requests/{accepted}/cancel", new { reason = "x" }, Tokens.Coordinator)).ShouldBeProblem(409);
        Assert.Contains("fulfilled", cancelFulfilled.Detail);

        var cancelled = await Api.IssuedRequest(incident, "61.10");
        (await Api.Post($"/api/requests/{cancelled}/cancel", new { reason = "Sintang cukup" }, Tokens.Coordinator)).ShouldBe(200);
        (await Api.Post($"/api/requests/{cancelled}/accept", new { count = 1 }, Tokens.District("61.10"))).ShouldBeProblem(409);
        (await Api.Post($"/api/requests/{Guid.NewGuid()}/accept", new { count = 1 }, Tokens.District("61.10"))).ShouldBeProblem(404);
    }

    [Fact]
    public async Task lists_filter_by_status_district_and_incident()
    {
        var flood = await Api.ReportedIncident("61.05");
        var landslide = await Api.ReportedIncident("61.10", hazard: "landslide");
        var a = await Api.IssuedRequest(flood, "61.05");
        var b = await Api.IssuedRequest(flood, "61.10");
        var c = await Api.IssuedRequest(landslide, "61.10");
        (await Api.Post($"/api/requests/{b}/decline", new { reason = "x" }, Tokens.District("61.10"))).ShouldBe(200);

        async Task<Guid[]> Ids(string query) =>
            (await Api.Get($"/api/requests{query}", Tokens.Analyst)).ShouldBe(200).Body!.AsArray().Select(x => Guid.Parse(x!["id"]!.GetValue<string>())).ToArray();

        Assert.Equal([c, b, a], await Ids(""));
        Assert.Equal([c, a], await Ids("?status=open"));
        Assert.Equal([c, b], await Ids("?district=61.10"));
        Assert.Equal([b, a], await Ids($"?incidentId={flood}"));
        Assert.Equal([b], await Ids($"?incidentId={flood}&district=61.10&status=declined"));
        (await Api.Get("/api/requests?status=pending", Tokens.Analyst)).ShouldBeProblem(400);
        (await Api.Get("/api/requests?incidentId=nope", Tokens.Analyst)).ShouldBeProblem(400);
    }
}
