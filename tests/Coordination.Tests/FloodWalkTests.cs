using Coordination.Tests.Incidents;
using Coordination.Tests.Support;

namespace Coordination.Tests;

/// <summary>The walk the product exists for: a flood in Sintang, counselors from Sintang and Melawi, services, close.</summary>
public class FloodWalkTests(AppFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public async Task a_flood_in_sintang_from_report_to_close()
    {
        var incident = await Api.ReportedIncident("61.05", villages: ["Ujung Renyuang", "Baning Kota", "Tanjung Puri"]);
        var sintangPeople = await Api.RegisteredPeople(3, "61.05");
        var melawiPeople = await Api.RegisteredPeople(2, "61.10");

        var toSintang = await Host.Tracked(() => Api.Post("/api/requests",
            new { incidentId = incident, district = "61.05", role = "counselor", count = 3, skills = new[] { "psychological-first-aid" }, priority = "high" },
            Tokens.Coordinator));
        var sintangRequest = toSintang.ShouldBe(201).Id;
        var melawiRequest = await Api.IssuedRequest(incident, "61.10", count: 4);
        var kapuasRequest = await Api.IssuedRequest(incident, "61.06", count: 2);

        (await Host.Tracked(() => Api.Post($"/api/requests/{sintangRequest}/accept", new { count = 3 }, Tokens.District("61.05")))).ShouldBe(200);
        (await Host.Tracked(() => Api.Post($"/api/requests/{melawiRequest}/accept", new { count = 2 }, Tokens.District("61.10")))).ShouldBe(200);
        Assert.Equal("accepted", (await Api.Get($"/api/requests/{sintangRequest}", Tokens.Coordinator)).Body!["status"]!.GetValue<string>());
        Assert.Equal("partially-accepted", (await Api.Get($"/api/requests/{melawiRequest}", Tokens.Coordinator)).Body!["status"]!.GetValue<string>());

        var sintangTeam = await Api.TeamOnSite(incident, sintangPeople, "61.05", sintangRequest);
        var melawiTeam = await Api.TeamOnSite(incident, melawiPeople, "61.10", melawiRequest);
        Assert.Equal("fulfilled", (await Api.Get($"/api/requests/{sintangRequest}", Tokens.Coordinator)).Body!["status"]!.GetValue<string>());
        Assert.Equal("fulfilled", (await Api.Get($"/api/requests/{melawiRequest}", Tokens.Coordinator)).Body!["status"]!.GetValue<string>());
        Assert.Equal("deployed", (await Api.Get($"/api/personnel/{sintangPeople[0]}", Tokens.Analyst)).Body!["status"]!.GetValue<string>());

        (await Api.Post($"/api/deployments/{sintangTeam}/services", new
        {
            date = DateTime.UtcNow.ToString("yyyy-MM-dd"), village = "Baning Kota", service = "psychological-first-aid",
            newlyReached = new { total = 40, children = 15, elderly = 5, disabled = 1, pregnant = 2 }, contacts = 40
        }, Tokens.District("61.05"))).ShouldBe(201);
        (await Api.Post($"/api/deployments/{melawiTeam}/services", new
        {
            date = DateTime.UtcNow.ToString("yyyy-MM-dd"), village = "Tanjung Puri", service = "child-friendly-space",
            newlyReached = new { total = 25, children = 25, elderly = 0, disabled = 0, pregnant = 0 }, contacts = 30
        }, Tokens.District("61.10"))).ShouldBe(201);

        var refused = (await Api.Post($"/api/incidents/{incident}/close", new { summary = "Air surut" }, Tokens.Coordinator)).ShouldBeProblem(409);
        Assert.Contains("Tim LDP from 61.05 Sintang", refused.Detail);
        Assert.Contains("Tim LDP from 61.10 Melawi", refused.Detail);
        Assert.Equal([sintangTeam, melawiTeam], refused.Body!["deployments"]!.AsArray().Select(d => Guid.Parse(d!.GetValue<string>())).Order());

        (await Api.Post($"/api/deployments/{sintangTeam}/stand-down", null, Tokens.District("61.05"))).ShouldBe(200);
        (await Api.Post($"/api/deployments/{melawiTeam}/stand-down", null, Tokens.District("61.10"))).ShouldBe(200);
        Assert.Equal("available", (await Api.Get($"/api/personnel/{sintangPeople[0]}", Tokens.Analyst)).Body!["status"]!.GetValue<string>());

        (await Host.Tracked(() => Api.Post($"/api/incidents/{incident}/close", new { summary = "Air surut" }, Tokens.Coordinator))).ShouldBe(200);

        var kapuas = (await Api.Get($"/api/requests/{kapuasRequest}", Tokens.Coordinator)).Body!;
        Assert.Equal("cancelled", kapuas["status"]!.GetValue<string>());
        // the close's own words, not a text of ours in one language: readers word "the incident was closed" in theirs
        Assert.Equal("Air surut", kapuas["reason"]!.GetValue<string>());
        Assert.True(kapuas["closedWithIncident"]!.GetValue<bool>());
        Assert.Equal("fulfilled", (await Api.Get($"/api/requests/{sintangRequest}", Tokens.Coordinator)).Body!["status"]!.GetValue<string>());

        var kapuasInbox = (await Api.Get("/api/districts/61.06/inbox", Tokens.District("61.06"))).ShouldBe(200).Body!.AsArray();
        // the request the close cancelled after it, the close, and the request as it came
        Assert.Equal(["request-cancelled", "incident-closed", "request-issued"], kapuasInbox.Select(i => i!["kind"]!.GetValue<string>()));
        Assert.Equal("The request for 2 counselors was cancelled because the incident was closed: Air surut",
            kapuasInbox[0]!["text"]!.GetValue<string>());
        var dibatalkan = (await Api.Get("/api/districts/61.06/inbox", Tokens.District("61.06"), new Dictionary<string, string> { ["Accept-Language"] = "id" })).Body!.AsArray();
        Assert.Equal("Permintaan 2 konselor dibatalkan karena kejadian ditutup: Air surut", dibatalkan[0]!["text"]!.GetValue<string>());
        var answers = (await Api.Get("/api/inbox", Tokens.Coordinator)).ShouldBe(200).Body!.AsArray();
        // the answers, the close, and the request the close cancelled after it
        Assert.Equal(["request-cancelled", "incident-closed", "request-partially-accepted", "request-accepted"],
            answers.Select(i => i!["kind"]!.GetValue<string>()));
    }
}
