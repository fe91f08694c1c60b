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

        // A twin that lost the race rolls back whole and answers what the first one answered
        Assert.All(answers, a => Assert.Equal(201, a.Status));
        Assert.Single(answers.Select(a => a.Text).Distinct());
        Assert.Single((await Api.Get($"/api/deployments/{team}/services", Tokens.Analyst)).Body!.AsArray());
    }

    [Fact]
    public async Task the_answer_is_stored_with_the_events_it_answers_and_a_refusal_stores_nothing()
    {
        var incident = await Api.ReportedIncident();
        var assessed = (await Api.Post($"/api/incidents/{incident}/assessments",
            new { villages = new[] { "Baning Kota" }, affected = new { total = 900, children = 200, elderly = 50, disabled = 5, pregnant = 3 } },
            Tokens.Coordinator, Key("assess-1"))).ShouldBe(200);
        (await Api.Post($"/api/incidents/{incident}/phase", new { phase = "alert" }, Tokens.Coordinator, Key("backwards"))).ShouldBeProblem(409);

        await using var session = Store.QuerySession();
        var records = await session.Query<Coordination.Infrastructure.Http.IdempotencyRecord>().Where(r => r.Id.EndsWith("assess-1") || r.Id.EndsWith("backwards"))
            .ToListAsync();
        var record = Assert.Single(records);
        Assert.True(record.Completed);
        Assert.Equal(assessed.Text, record.Body);
        Assert.Equal(assessed.Headers["ETag"], record.ETag);
        // the record and the event it answers were written by one transaction (the same xmin)
        var assessment = (await session.Events.FetchStreamAsync(incident)).Last();
        Assert.Equal(1, await session.QueryAsync<long>(
            "select count(distinct xmin::text) from (select xmin from coordination.mt_events where seq_id = ? union all select xmin from coordination.mt_doc_idempotencyrecord where id = ?) t",
            assessment.Sequence, record.Id).ContinueWith(t => t.Result.Single()));
    }
}
