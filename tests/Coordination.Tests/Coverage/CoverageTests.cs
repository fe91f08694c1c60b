using Marten;
using Coordination.Tests.Incidents;
using Coordination.Tests.Support;

namespace Coordination.Tests.Coverage;

public class CoverageViewTests(AppFixture fixture) : ApiTest(fixture)
{
    private static object Services(string village, string service, int total, int children, int elderly, int disabled, int pregnant, int contacts) => new
    {
        date = DateTime.UtcNow.ToString("yyyy-MM-dd"), village, service,
        newlyReached = new { total, children, elderly, disabled, pregnant }, contacts
    };

    private async Task<Guid> Incident(string district, string title, string hazard, string[] villages, object affected)
    {
        var response = await Api.Post("/api/incidents", new
        {
            district, hazard, title, occurredAt = DateTimeOffset.UtcNow.AddHours(-5), villages, affected, phase = "response"
        }, Tokens.Coordinator);
        return response.ShouldBe(201).Id;
    }

    [Fact]
    public async Task coverage_counts_people_once_contacts_every_session_and_names_the_gaps()
    {
        var flood = await Incident("61.05", "Banjir Sintang", "flood", ["Baning Kota", "Ujung Renyuang", "Tanjung Puri"],
            new { total = 1000, children = 400, elderly = 100, disabled = 20, pregnant = 10 });
        var landslide = await Incident("61.05", "Longsor Nanga Mau", "landslide", ["Nanga Mau"],
            new { total = 200, children = 50, elderly = 20, disabled = 2, pregnant = 1 });
        var closed = await Incident("61.10", "Banjir Melawi", "flood", ["Nanga Pinoh"], new { total = 50, children = 10, elderly = 5, disabled = 0, pregnant = 0 });

        var counselor = await Api.RegisteredPerson("61.05");
        var request = await Api.IssuedRequest(flood, "61.05", count: 2);
        (await Api.Post($"/api/requests/{request}/accept", new { count = 1 }, Tokens.District("61.05"))).ShouldBe(200);
        var team = await Api.TeamOnSite(flood, [counselor], "61.05", request);
        var sintang = Tokens.District("61.05");
        (await Api.Post($"/api/deployments/{team}/services", Services("Baning Kota", "psychological-first-aid", 300, 150, 30, 5, 5, 300), sintang)).ShouldBe(201);
        (await Api.Post($"/api/deployments/{team}/services", Services("Baning Kota", "group-support", 100, 30, 10, 0, 0, 250), sintang)).ShouldBe(201);
        (await Api.Post($"/api/deployments/{team}/services", Services("Ujung Renyuang", "child-friendly-space", 50, 50, 0, 0, 0, 80), sintang)).ShouldBe(201);
        (await Host.Tracked(() => Api.Post($"/api/incidents/{closed}/close", new { summary = "surut" }, Tokens.Coordinator))).ShouldBe(200);
        await ViewsCaughtUp();

        var coverage = (await Api.Get($"/api/incidents/{flood}/coverage", Tokens.Analyst)).ShouldBe(200).Body!;
        Assert.Equal(flood.ToString(), coverage["incidentId"]!.GetValue<string>());
        Assert.Equal("""{"total":450,"children":230,"elderly":40,"disabled":5,"pregnant":5}""", coverage["reached"]!.ToJsonString());
        Assert.Equal(630, coverage["contacts"]!.GetValue<long>());
        Assert.Equal("""{"total":0.45,"children":0.575,"elderly":0.4,"disabled":0.25,"pregnant":0.5}""", coverage["coverage"]!.ToJsonString());
        Assert.Equal(3, coverage["villagesAffected"]!.GetValue<int>());
        Assert.Equal(2, coverage["villagesServed"]!.GetValue<int>());
        Assert.Equal(1, coverage["personnelOnSite"]!.GetValue<int>());
        Assert.Equal(1000, coverage["affectedPerCounselor"]!.GetValue<double>());
        Assert.Equal(
        [
            "all affected people: 45% reached (450 of 1,000)",
            "elderly people: 40% reached (40 of 100)",
            "people with disabilities: 25% reached (5 of 20)",
            "no service yet in Tanjung Puri"
        ], coverage["gaps"]!.AsArray().Select(g => g!.GetValue<string>()));

        var quiet = (await Api.Get($"/api/incidents/{landslide}/coverage", Tokens.Analyst)).Body!;
        Assert.Equal(0, quiet["coverage"]!["total"]!.GetValue<double>());
        Assert.Null(quiet["affectedPerCounselor"]);

        var districts = (await Api.Get("/api/coverage", Tokens.Coordinator)).ShouldBe(200).Body!.AsArray();
        var row = Assert.Single(districts)!;
        Assert.Equal("61.05", row["district"]!.GetValue<string>());
        Assert.Equal("""{"total":1200,"children":450,"elderly":120,"disabled":22,"pregnant":11}""", row["affected"]!.ToJsonString());
        Assert.Equal(450, row["reached"]!["total"]!.GetValue<int>());
        Assert.Equal(0.375, row["coverage"]!["total"]!.GetValue<double>());
        Assert.Equal(4, row["villagesAffected"]!.GetValue<int>());
        Assert.Equal(2, row["villagesServed"]!.GetValue<int>());
        Assert.Equal(1200, row["affectedPerCounselor"]!.GetValue<double>());
        var gaps = row["gaps"]!.AsArray().Select(g => g!.GetValue<string>()).ToList();
        Assert.Contains("pregnant women: 45% reached (5 of 11)", gaps);
        Assert.Contains(gaps, g => g.StartsWith("no service yet in") && g.Contains("Tanjung Puri (Banjir Sintang)") && g.Contains("Nanga Mau (Longsor Nanga Mau)"));
    }

    [Fact]
    public async Task a_service_record_counts_at_once_and_teams_stored_before_their_totals_get_them_from_their_records_at_start()
    {
        var flood = await Incident("61.05", "Banjir Sepauk", "flood", ["Baning Kota", "Sepauk"], new { total = 100, children = 40, elderly = 10, disabled = 2, pregnant = 1 });
        var team = await Api.TeamOnSite(flood, [await Api.RegisteredPerson("61.05")], "61.05");
        var sintang = Tokens.District("61.05");
        (await Api.Post($"/api/deployments/{team}/services", Services("Sepauk", "group-support", 30, 10, 0, 0, 0, 35), sintang)).ShouldBe(201);
        (await Api.Post($"/api/deployments/{team}/services", Services("sepauk", "home-visit", 5, 0, 1, 0, 0, 5), sintang)).ShouldBe(201);

        // the team's snapshot holds its totals inline: no wait for the daemon
        var coverage = (await Api.Get($"/api/incidents/{flood}/coverage", Tokens.Analyst)).ShouldBe(200).Body!;
        Assert.Equal("""{"total":35,"children":10,"elderly":1,"disabled":0,"pregnant":0}""", coverage["reached"]!.ToJsonString());
        Assert.Equal(40, coverage["contacts"]!.GetValue<long>());
        Assert.Equal(1, coverage["villagesServed"]!.GetValue<int>());

        // a deployment as stored before its snapshot kept totals
        await using (var session = Store.LightweightSession())
        {
            session.QueueSqlCommand("update coordination.mt_doc_deployment set data = data - 'reached' - 'contacts' - 'villagesServed' where id = ?", team);
            await session.SaveChangesAsync();
        }

        Assert.Equal(0, (await Api.Get($"/api/incidents/{flood}/coverage", Tokens.Analyst)).Body!["reached"]!["total"]!.GetValue<int>());
        // as at a start: a store of its own, which has not yet read or written any event
        await using (var starting = new DocumentStore(Coordination.Infrastructure.Hosting.EventStore.Options(Fixture.ConnectionString)))
            await new Coordination.Deployments.DeploymentTotalsUpgrade().Populate(starting, CancellationToken.None);
        var upgraded = (await Api.Get($"/api/incidents/{flood}/coverage", Tokens.Analyst)).ShouldBe(200).Body!;
        foreach (var total in new[] { "reached", "contacts", "villagesServed" })
            Assert.Equal(coverage[total]!.ToJsonString(), upgraded[total]!.ToJsonString());
        var deployment = (await Api.Get($"/api/deployments/{team}", Tokens.Analyst)).ShouldBe(200).Body!;
        Assert.Equal(2, deployment["serviceRecords"]!.GetValue<int>());
        Assert.Equal(["Sepauk"], deployment["villagesServed"]!.AsArray().Select(v => v!.GetValue<string>()));
    }

    [Fact]
    public async Task standing_down_takes_the_team_off_site_and_coverage_of_an_unknown_incident_is_404()
    {
        var incident = await Api.ReportedIncident();
        var team = await Api.TeamOnSite(incident, await Api.RegisteredPeople(3, "61.05"));
        await ViewsCaughtUp();
        Assert.Equal(3, (await Api.Get($"/api/incidents/{incident}/coverage", Tokens.Analyst)).Body!["personnelOnSite"]!.GetValue<int>());
        (await Api.Post($"/api/deployments/{team}/stand-down", null, Tokens.District("61.05"))).ShouldBe(200);
        await ViewsCaughtUp();
        Assert.Equal(0, (await Api.Get($"/api/incidents/{incident}/coverage", Tokens.Analyst)).Body!["personnelOnSite"]!.GetValue<int>());
        (await Api.Get($"/api/incidents/{Guid.NewGuid()}/coverage", Tokens.Analyst)).ShouldBeProblem(404);
    }
}
