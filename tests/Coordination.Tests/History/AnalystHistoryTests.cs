using System.Text.Json.Nodes;
using Coordination.Demo;
using Coordination.History;
using Coordination.Tests.Incidents;
using Coordination.Tests.Support;

namespace Coordination.Tests.History;

public class AnalystHistoryTests(AppFixture fixture) : ApiTest(fixture)
{
    private static readonly Guid Flood = DemoHistory.SintangFlood;

    [Fact]
    public async Task each_days_cumulative_coverage_equals_the_replay_at_the_end_of_that_day()
    {
        await new DemoHistory(Host.Services).LoadAsync();
        var rows = (await Api.Get($"/api/incidents/{Flood}/coverage/daily", Tokens.Analyst)).ShouldBe(200).Body!.AsArray();
        Assert.True(rows.Count >= 14, $"{rows.Count} days");

        var previous = 0;
        foreach (var row in rows)
        {
            var day = DateOnly.Parse(row!["date"]!.GetValue<string>());
            var end = Uri.EscapeDataString(DailyCoverageEndpoint.EndOf(day).ToString("O"));
            var replayed = (await Api.Get($"/api/incidents/{Flood}/replay?at={end}", Tokens.Analyst)).ShouldBe(200).Body!["coverage"]!;
            foreach (var field in new[] { "reached", "contacts", "coverage", "affected", "villagesAffected", "villagesServed", "personnelOnSite" })
                Assert.True(JsonNode.DeepEquals(replayed[field], row[field]), $"{day} {field}: replay {replayed[field]!.ToJsonString()}, daily {row[field]!.ToJsonString()}");

            var reached = row["reached"]!["total"]!.GetValue<int>();
            Assert.Equal(previous + row["newlyReached"]!["total"]!.GetValue<int>(), reached);
            previous = reached;
        }

        var coverage = (await Api.Get($"/api/incidents/{Flood}/coverage", Tokens.Analyst)).Body!;
        await ViewsCaughtUp();
        coverage = (await Api.Get($"/api/incidents/{Flood}/coverage", Tokens.Analyst)).Body!;
        Assert.Equal(coverage["reached"]!["total"]!.GetValue<int>(), previous);
    }

    [Fact]
    public async Task response_times_name_each_requests_moments_as_the_timeline_shows_them_with_minutes_and_district_medians()
    {
        await new DemoHistory(Host.Services).LoadAsync();
        var times = (await Api.Get($"/api/incidents/{Flood}/response-times", Tokens.Analyst)).ShouldBe(200).Body!;
        var timeline = (await Api.Get($"/api/incidents/{Flood}/timeline?limit=1000", Tokens.Analyst)).ShouldBe(200).Body!.AsArray();
        var requests = times["requests"]!.AsArray();
        Assert.True(requests.Count >= 6);

        DateTimeOffset? At(JsonNode? node) => node is null ? null : node.GetValue<DateTimeOffset>();
        foreach (var request in requests)
        {
            var id = request!["requestId"]!.GetValue<string>();
            var ownEvents = timeline.Where(e => e!["streamId"]!.GetValue<string>() == id).ToList();
            Assert.Equal(At(ownEvents.Single(e => e!["type"]!.GetValue<string>() == "personnel-requested")!["at"]), At(request["issuedAt"]));
            var answer = ownEvents.FirstOrDefault(e => e!["type"]!.GetValue<string>() is "request-accepted" or "request-declined");
            Assert.Equal(At(answer?["at"]), At(request["firstAnswerAt"]));

            var teams = timeline.Where(e => e!["type"]!.GetValue<string>() == "team-deployed" && e["data"]!["requestId"]?.GetValue<string>() == id).ToList();
            Assert.Equal(teams.Select(t => At(t!["at"])).Min(), At(request["firstDeployedAt"]));
            var arrivals = timeline.Where(e => e!["type"]!.GetValue<string>() == "team-arrived" &&
                                               teams.Any(t => t!["streamId"]!.GetValue<string>() == e["streamId"]!.GetValue<string>())).ToList();
            Assert.Equal(arrivals.Select(a => At(a!["at"])).Min(), At(request["firstArrivedAt"]));

            var minutes = request["minutes"]!;
            if (At(request["firstAnswerAt"]) is { } answered)
                Assert.Equal(Math.Round((answered - At(request["issuedAt"])!.Value).TotalMinutes, 1), minutes["toAnswer"]!.GetValue<double>());
            if (At(request["firstServiceAt"]) is { } served)
            {
                Assert.True(served >= At(request["firstArrivedAt"]));
                Assert.Equal(Math.Round((served - At(request["issuedAt"])!.Value).TotalMinutes, 1), minutes["total"]!.GetValue<double>());
            }
        }

        Assert.Contains(requests, r => r!["answer"]?.GetValue<string>() == "declined" && r["firstDeployedAt"] is null);
        foreach (var district in times["districts"]!.AsArray())
        {
            var own = requests.Where(r => r!["district"]!.GetValue<string>() == district!["district"]!.GetValue<string>())
                .Select(r => r!["minutes"]!["toAnswer"]?.GetValue<double>()).OfType<double>().Order().ToList();
            Assert.Equal(own.Count == 0 ? null : (own[(own.Count - 1) / 2] + own[own.Count / 2]) / 2,
                district!["medianMinutes"]!["toAnswer"]?.GetValue<double>());
        }
    }

    [Fact]
    public async Task a_request_answered_staffed_and_served_has_every_moment_in_order_and_an_unanswered_one_has_none()
    {
        var incident = await Api.ReportedIncident("61.05");
        var people = await Api.RegisteredPeople(2, "61.05");
        var request = await Api.IssuedRequest(incident, "61.05", count: 2);
        var waiting = await Api.IssuedRequest(incident, "61.10", count: 1);
        (await Api.Post($"/api/requests/{request}/accept", new { count = 2 }, Tokens.District("61.05"))).ShouldBe(200);
        var team = await Api.TeamOnSite(incident, people, "61.05", request);
        (await Api.Post($"/api/deployments/{team}/services", new
        {
            date = DateTime.UtcNow.ToString("yyyy-MM-dd"), village = "Baning Kota", service = "psychological-first-aid",
            newlyReached = new { total = 5, children = 2, elderly = 1, disabled = 0, pregnant = 0 }, contacts = 6
        }, Tokens.District("61.05"))).ShouldBe(201);

        var times = (await Api.Get($"/api/incidents/{incident}/response-times", Tokens.Coordinator)).ShouldBe(200).Body!;
        var served = times["requests"]!.AsArray().Single(r => r!["requestId"]!.GetValue<string>() == request.ToString())!;
        string[] moments = ["issuedAt", "firstAnswerAt", "firstDeployedAt", "firstArrivedAt", "firstServiceAt"];
        var values = moments.Select(m => served[m]!.GetValue<DateTimeOffset>()).ToList();
        Assert.Equal(values.Order(), values);
        Assert.Equal("accepted", served["answer"]!.GetValue<string>());
        Assert.All(new[] { "toAnswer", "toDeploy", "toArrive", "toService", "total" }, m => Assert.True(served["minutes"]![m]!.GetValue<double>() >= 0));

        var open = times["requests"]!.AsArray().Single(r => r!["requestId"]!.GetValue<string>() == waiting.ToString())!;
        Assert.Null(open["firstAnswerAt"]);
        Assert.Null(open["minutes"]!["toAnswer"]);
        Assert.Equal(["61.05", "61.10"], times["districts"]!.AsArray().Select(d => d!["district"]!.GetValue<string>()));

        var daily = (await Api.Get($"/api/incidents/{incident}/coverage/daily", Tokens.Coordinator)).ShouldBe(200).Body!.AsArray();
        var today = Assert.Single(daily)!;
        Assert.Equal(5, today["newlyReached"]!["total"]!.GetValue<int>());
        Assert.Equal(2, today["personnelOnSite"]!.GetValue<int>());
        (await Api.Get($"/api/incidents/{Guid.NewGuid()}/response-times", Tokens.Analyst)).ShouldBeProblem(404);
        (await Api.Get($"/api/incidents/{Guid.NewGuid()}/coverage/daily", Tokens.Analyst)).ShouldBeProblem(404);
    }
}
