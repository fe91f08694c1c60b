using Coordination.Tests.Incidents;
using Coordination.Tests.Support;
using Marten;

namespace Coordination.Tests.Reliability;

public class IdempotencyKeyTests(AppFixture fixture) : ApiTest(fixture)
{
    private static Dictionary<string, string> Key(string key) => new() { ["Idempotency-Key"] = key };

    private async Task<int> EventCount()
    {
        await using var session = Store.QuerySession();
        return await session.Events.QueryAllRawEvents().CountAsync();
    }

    [Fact]
    public async Task a_retried_service_record_with_the_same_key_replays_the_first_answer_and_appends_nothing()
    {
        var incident = await Api.ReportedIncident();
        var team = await Api.TeamOnSite(incident, await Api.RegisteredPeople(1, "61.05"));
        var body = Scenarios.Service(service: "home-visit", total: 4, contacts: 4);

        var first = (await Api.Post($"/api/deployments/{team}/services", body, Tokens.District("61.05"), Key("svc-2026-11-28-001"))).ShouldBe(201);
        var events = await EventCount();
        var again = (await Api.Post($"/api/deployments/{team}/services", body, Tokens.District("61.05"), Key("svc-2026-11-28-001"))).ShouldBe(201);

        Assert.Equal(first.Text, again.Text);
        Assert.Equal(first.Headers["Location"], again.Headers["Location"]);
        Assert.Equal("true", again.Headers["Idempotent-Replayed"]);
        Assert.Equal(events, await EventCount());
        Assert.Single((await Api.Get($"/api/deployments/{team}/services", Tokens.Analyst)).Body!.AsArray());
    }

    [Fact]
    public async Task the_same_key_with_another_body_is_422_and_changes_nothing()
    {
        var incident = await Api.ReportedIncident();
        (await Api.Post($"/api/incidents/{incident}/phase", new { phase = "recovery" }, Tokens.Coordinator, Key("phase-1"))).ShouldBe(200);
        var events = await EventCount();
        (await Api.Post($"/api/incidents/{incident}/close", new { summary = "x" }, Tokens.Coordinator, Key("phase-1"))).ShouldBeProblem(422);
        Assert.Equal(events, await EventCount());
    }

    [Fact]
    public async Task keys_are_scoped_per_user_and_failures_are_not_kept()
    {
        var incident = await Api.ReportedIncident();
        var request = await Api.IssuedRequest(incident, "61.05", count: 2);
        var wrongDistrict = await Api.Post($"/api/requests/{request}/accept", new { count = 2 }, Tokens.District("61.10", "yohanes"), Key("answer"));
        wrongDistrict.ShouldBeProblem(403);
        (await Api.Post($"/api/requests/{request}/accept", new { count = 2 }, Tokens.District("61.05", "budi"), Key("answer"))).ShouldBe(200);

        var tooMany = await Api.Post($"/api/requests/{request}/decline", new { reason = "x" }, Tokens.District("61.05", "budi"), Key("second"));
        tooMany.ShouldBeProblem(409);
        Assert.False(tooMany.Headers.ContainsKey("Idempotent-Replayed"));
        (await Api.Post($"/api/requests/{request}/decline", new { reason = "x" }, Tokens.District("61.05", "budi"), Key("second"))).ShouldBeProblem(409);
        (await Api.Post($"/api/requests/{request}/decline", new { reason = "x" }, Tokens.District("61.05", "budi"), Key(new string('k', 201)))).ShouldBeProblem(400);
    }

    [Fact]
    public async Task concurrent_twins_with_one_key_run_once()
    {
        var incident = await Api.ReportedIncident();
        var team = await Api.TeamOnSite(incident, await Api.RegisteredPeople(1, "61.05"));
        var body = Scenarios.Service(service: "referral", total: 2, contacts: 2, children: 0);
        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            Api.Post($"/api/deployments/{team}/services", body, Tokens.District("61.05"), Key("twin"))));

        Assert.All(answers, a => Assert.True(a.Status is 201 or 409, a.Text));
        Assert.Contains(answers, a => a.Status == 201);
        Assert.Single((await Api.Get($"/api/deployments/{team}/services", Tokens.Analyst)).Body!.AsArray());
    }
}
