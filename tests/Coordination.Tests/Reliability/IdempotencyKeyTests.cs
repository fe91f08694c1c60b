using Coordination.Tests.Incidents;
using Coordination.Tests.Support;
using Coordination.Infrastructure.Http;
using Marten;

namespace Coordination.Tests.Reliability;

public class IdempotencyKeyTests(AppFixture fixture) : ApiTest(fixture)
{
    private static Dictionary<string, string> Key(string key) => new() { ["Idempotency-Key"] = key };

    /// <summary>The events of the domain; a transaction that rolled back leaves Marten's tombstone for its sequence numbers.</summary>
    private async Task<int> EventCount()
    {
        await using var session = Store.QuerySession();
        return await session.Events.QueryAllRawEvents().Where(e => e.EventTypeName != "tombstone").CountAsync();
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
    public async Task a_retried_create_with_its_id_and_the_same_key_replays_the_first_201()
    {
        var id = Guid.NewGuid();
        var body = Coordination.Tests.Incidents.IncidentScenarios.Flood(id: id);

        var first = (await Api.Post("/api/incidents", body, Tokens.Coordinator, Key("report-1"))).ShouldBe(201);
        var events = await EventCount();
        var again = (await Api.Post("/api/incidents", body, Tokens.Coordinator, Key("report-1"))).ShouldBe(201);

        Assert.Equal(first.Text, again.Text);
        Assert.Equal("true", again.Headers["Idempotent-Replayed"]);
        Assert.Equal(events, await EventCount());
        // without the key the id alone still makes the retry safe: the resource as it stands, 200
        (await Api.Post("/api/incidents", body, Tokens.Coordinator)).ShouldBe(200);
        // the same key with another create is a 422
        (await Api.Post("/api/incidents", Coordination.Tests.Incidents.IncidentScenarios.Flood(id: id, title: "Longsor"), Tokens.Coordinator,
            Key("report-1"))).ShouldBeProblem(422);
        Assert.Equal(events, await EventCount());
    }

    [Fact]
    public async Task the_same_key_with_another_body_is_422_and_changes_nothing()
    {
        var incident = await Api.ReportedIncident();
        (await Api.Post($"/api/incidents/{incident}/phase", new { phase = "recovery" }, Tokens.Coordinator, Key("phase-1"))).ShouldBe(200);
        var events = await EventCount();
        var refused = await Api.Post($"/api/incidents/{incident}/close", new { summary = "x" }, Tokens.Coordinator, Key("phase-1"));
        refused.ShouldBeProblem(422);
        Assert.Equal(events, await EventCount());
        // the rolled-back run's version is no answer's: no ETag for a version that was never made
        Assert.False(refused.Headers.ContainsKey("ETag"), refused.Headers.GetValueOrDefault("ETag"));
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
    public async Task tokens_the_token_command_prints_for_two_roles_keep_their_keys_apart()
    {
        // the command as a person runs it, without --sub
        var environment = new Dictionary<string, string?> { ["Postgres__DataDirectory"] = Path.Combine(TestDatabase.Root, $"token-{Guid.NewGuid():N}") };
        async Task<string> Token(params string[] arguments)
        {
            var (exit, stdout, stderr) = await ServiceProcess.RunAsync(environment, ["token", .. arguments]);
            Assert.True(exit == 0, stderr + stdout);
            return stdout.Trim();
        }
        var coordinator = await Token("--role", "coordinator");
        var sintang = await Token("--role", "district", "--district", "61.05");
        var melawi = await Token("--role", "district", "--district", "61.10");

        var body = IncidentScenarios.Flood(id: Guid.NewGuid());
        (await Api.Post("/api/incidents", body, coordinator, Key("report"))).ShouldBe(201);
        var events = await EventCount();
        // Melawi may not report in Sintang: the coordinator's answer under the same key is not Melawi's to replay
        var other = await Api.Post("/api/incidents", body, melawi, Key("report"));
        other.ShouldBeProblem(403);
        Assert.False(other.Headers.ContainsKey("Idempotent-Replayed"));
        // Sintang's own officer runs the command itself: the incident its id names, as it stands (200), not a replayed 201
        var own = (await Api.Post("/api/incidents", body, sintang, Key("report"))).ShouldBe(200);
        Assert.False(own.Headers.ContainsKey("Idempotent-Replayed"));
        Assert.Equal(events, await EventCount());
    }

    [Fact]
    public async Task a_refused_command_keeps_no_answer_so_its_retry_under_the_key_runs_again_and_is_accepted_once_it_may_be()
    {
        var incident = await Api.ReportedIncident();
        var person = await Api.RegisteredPerson("61.05");
        var busy = await Api.DeployedTeam(incident, [person], teamName: "Tim LDP 1");
        var team = new { incidentId = incident, teamName = "Tim LDP 2", members = new[] { person }, village = "Baning Kota" };

        var refused = await Api.Post("/api/deployments", team, Tokens.District("61.05"), Key("team-2"));
        Assert.Equal("person-already-deployed", refused.ShouldBeProblem(409).Body!["code"]!.GetValue<string>());
        var events = await EventCount();
        // sent again while the member is still out: refused again for the same reason, nothing kept, nothing changed
        var again = (await Api.Post("/api/deployments", team, Tokens.District("61.05"), Key("team-2"))).ShouldBeProblem(409);
        Assert.False(again.Headers.ContainsKey("Idempotent-Replayed"));
        Assert.Equal(events, await EventCount());

        // once the member is back, the same command under the same key is carried out, once
        (await Api.Post($"/api/deployments/{busy}/stand-down", null, Tokens.District("61.05"))).ShouldBe(200);
        var accepted = (await Api.Post("/api/deployments", team, Tokens.District("61.05"), Key("team-2"))).ShouldBe(201);
        Assert.False(accepted.Headers.ContainsKey("Idempotent-Replayed"));
        var replayed = (await Api.Post("/api/deployments", team, Tokens.District("61.05"), Key("team-2"))).ShouldBe(201);
        Assert.Equal("true", replayed.Headers["Idempotent-Replayed"]);
        Assert.Equal(accepted.Text, replayed.Text);
        // from then on the key holds that answer: another body under it is the documented 422
        (await Api.Post("/api/deployments", team with { teamName = "Tim LDP 3" }, Tokens.District("61.05"), Key("team-2"))).ShouldBeProblem(422);

        // a body refused as invalid, corrected and sent under the same key, runs as sent
        var typo = new { incidentId = incident, teamName = "", members = new[] { person }, village = "Baning Kota" };
        (await Api.Post("/api/deployments", typo, Tokens.District("61.05"), Key("team-4"))).ShouldBeProblem(400);
        (await Api.Post($"/api/deployments/{accepted.Id}/stand-down", null, Tokens.District("61.05"))).ShouldBe(200);
        (await Api.Post("/api/deployments", typo with { teamName = "Tim LDP 4" }, Tokens.District("61.05"), Key("team-4"))).ShouldBe(201);
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
    public async Task the_answer_travels_in_the_headers_of_the_event_it_answers_and_a_refusal_stores_nothing()
    {
        var incident = await Api.ReportedIncident();
        var assessed = (await Api.Post($"/api/incidents/{incident}/assessments",
            new { villages = new[] { "Baning Kota" }, affected = new { total = 900, children = 200, elderly = 50, disabled = 5, pregnant = 3 } },
            Tokens.Coordinator, Key("assess-1"))).ShouldBe(200);
        (await Api.Post($"/api/incidents/{incident}/phase", new { phase = "alert" }, Tokens.Coordinator, Key("backwards"))).ShouldBeProblem(409);

        await using var session = Store.QuerySession();
        // no document: the answer is the assessment's own headers, so it commits with it or not at all
        Assert.Empty(await session.Query<IdempotencyRecord>().Where(r => r.Id.EndsWith("assess-1") || r.Id.EndsWith("backwards")).ToListAsync());
        var assessment = (await session.Events.FetchStreamAsync(incident)).Last();
        Assert.Equal(IdempotentCommand.EventIdOf($"ani\nassess-1"), assessment.Id);
        var record = await new IdempotentCommand($"ani\nassess-1", "", DateTimeOffset.UtcNow).EarlierAnswerAsync(Store, default);
        Assert.NotNull(record);
        Assert.Equal(assessed.Text, record.Body);
        Assert.Equal(assessed.Headers["ETag"], record.ETag);
        Assert.Null(await new IdempotentCommand($"ani\nbackwards", "", DateTimeOffset.UtcNow).EarlierAnswerAsync(Store, default));
        // the events' other headers are still there
        Assert.Equal("coordinator", assessment.GetHeader(EventMetadata.RoleHeader)?.ToString());
    }

    [Fact]
    public async Task a_retry_that_meets_the_state_its_first_run_made_replays_the_first_answer_instead_of_the_refusal()
    {
        var incident = await Api.ReportedIncident();
        var etag = (await Api.Get($"/api/incidents/{incident}", Tokens.Coordinator)).Headers["ETag"];
        var ifMatch = new Dictionary<string, string> { ["Idempotency-Key"] = "recovery-once", ["If-Match"] = etag };
        var first = (await Api.Post($"/api/incidents/{incident}/phase", new { phase = "recovery" }, Tokens.Coordinator, ifMatch)).ShouldBe(200);
        var events = await EventCount();

        // the same request again: its If-Match no longer holds (412) and recovery → recovery is refused (409), yet it was accepted
        var again = (await Api.Post($"/api/incidents/{incident}/phase", new { phase = "recovery" }, Tokens.Coordinator, ifMatch)).ShouldBe(200);
        Assert.Equal(first.Text, again.Text);
        Assert.Equal(first.Headers["ETag"], again.Headers["ETag"]);
        Assert.Equal("true", again.Headers["Idempotent-Replayed"]);
        Assert.Equal(events, await EventCount());

        // without the key the refusal stands
        (await Api.Post($"/api/incidents/{incident}/phase", new { phase = "recovery" }, Tokens.Coordinator,
            new Dictionary<string, string> { ["If-Match"] = etag })).ShouldBeProblem(412);
    }

    [Fact]
    public async Task a_retried_create_without_a_client_id_answers_the_resource_the_first_run_created()
    {
        var body = IncidentScenarios.Flood();
        var first = (await Api.Post("/api/incidents", body, Tokens.Coordinator, Key("report-once"))).ShouldBe(201);
        var events = await EventCount();
        var again = (await Api.Post("/api/incidents", body, Tokens.Coordinator, Key("report-once"))).ShouldBe(201);

        Assert.Equal(first.Text, again.Text);
        Assert.Equal(first.Headers["Location"], again.Headers["Location"]);
        Assert.Equal(events, await EventCount());
    }

    [Fact]
    public async Task twins_of_a_command_whose_retry_would_change_nothing_replay_the_first_answer()
    {
        var person = await Api.RegisteredPerson("61.05");
        var body = new { available = false, reason = "sakit" };
        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            Api.Post($"/api/personnel/{person}/availability", body, Tokens.District("61.05"), Key("sick-1"))));
        var again = await Api.Post($"/api/personnel/{person}/availability", body, Tokens.District("61.05"), Key("sick-1"));

        Assert.All(answers.Append(again), a => Assert.Equal(200, a.Status));
        Assert.Single(answers.Append(again).Select(a => a.Text).Distinct());
        Assert.Equal(answers.Length, answers.Append(again).Count(a => a.Headers.GetValueOrDefault("Idempotent-Replayed") == "true"));
        await using var session = Store.QuerySession();
        Assert.Empty(await session.Query<IdempotencyRecord>().Where(r => r.Id.EndsWith("sick-1")).ToListAsync());
    }

    /// <summary>
    /// A retry (sent again after a lost answer, or twins sent at once) must not cost the async views anything: a retry that
    /// ran into the first run's event rolled back with event sequence numbers drawn and never filled, and the projection
    /// daemon then held every async view (readiness, coverage) for its stale-gap threshold (3 s) and logged a warning.
    /// </summary>
    [Fact]
    public async Task retries_and_twins_of_keyed_commands_leave_no_gap_in_the_event_sequence()
    {
        var incident = await Api.ReportedIncident();
        var assessment = new { villages = new[] { "Baning Kota" }, affected = new { total = 900, children = 200, elderly = 50, disabled = 5, pregnant = 3 } };
        var url = $"/api/incidents/{incident}/assessments";

        (await Api.Post(url, assessment, Tokens.Coordinator, Key("assess-retried"))).ShouldBe(200);
        var retry = (await Api.Post(url, assessment, Tokens.Coordinator, Key("assess-retried"))).ShouldBe(200);
        var twins = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Api.Post(url, assessment, Tokens.Coordinator, Key("assess-twins"))));
        (await Api.Post(url, assessment, Tokens.Coordinator)).ShouldBe(200);

        Assert.Equal("true", retry.Headers["Idempotent-Replayed"]);
        Assert.All(twins, t => Assert.Equal(200, t.Status));
        Assert.Single(twins.Select(t => t.Text).Distinct());
        await using var session = Store.QuerySession();
        var events = await session.Events.QueryAllRawEvents().OrderBy(e => e.Sequence).ToListAsync();
        Assert.Equal(3, events.Count(e => e.EventTypeName == "incident_assessed"));
        var sequences = events.Select(e => e.Sequence).ToList();
        Assert.Equal(Enumerable.Range((int)sequences[0], sequences.Count).Select(n => (long)n), sequences);
    }

    /// <summary>
    /// A retry that reaches another node (behind a load balancer) does not know the first node's answer: it runs, collides
    /// on the first run's event inside the append and rolls back, leaving event sequence numbers that nothing fills. The
    /// async views (readiness, coverage) then wait before they pass the gap. They wait a moment, not the 3 s the daemon
    /// waited by default: the daemon proves that no transaction which could still fill the gap is alive before passing it.
    /// </summary>
    [Fact]
    public async Task a_rolled_back_append_holds_the_async_views_for_a_moment_only()
    {
        var incident = await Api.ReportedIncident();
        await ViewsCaughtUp();
        await using (var connection = new Npgsql.NpgsqlConnection(Fixture.ConnectionString))
        {
            await connection.OpenAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            await using var draw = new Npgsql.NpgsqlCommand("select nextval('coordination.mt_events_sequence')", connection, transaction);
            await draw.ExecuteScalarAsync();
            await transaction.RollbackAsync();
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var assessment = new { villages = new[] { "Baning Kota" }, affected = new { total = 900, children = 200, elderly = 50, disabled = 5, pregnant = 3 } };
        (await Api.Post($"/api/incidents/{incident}/assessments", assessment, Tokens.Coordinator)).ShouldBe(200);
        await ViewsCaughtUp();

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2.5), $"the views passed the gap after {clock.Elapsed.TotalSeconds:0.00} s");
        var coverage = (await Api.Get($"/api/incidents/{incident}/coverage", Tokens.Coordinator)).ShouldBe(200).Body!;
        Assert.Equal(900, (int)coverage["affected"]!["total"]!);
    }
}
