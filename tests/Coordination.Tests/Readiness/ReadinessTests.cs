using Coordination.Readiness;
using Coordination.Tests.Incidents;
using Coordination.Tests.Support;

namespace Coordination.Tests.Readiness;

public class ReadinessRuleTests
{
    private static readonly DateOnly Today = new(2026, 11, 28);

    [Fact]
    public void ready_needs_enough_available_responders_80_percent_certified_and_a_drill_within_180_days()
    {
        var (level, reasons) = ReadinessRules.Level(10, 10, 8, 10, Today.AddDays(-180), Today);
        Assert.Equal(ReadinessLevel.Ready, level);
        Assert.Empty(reasons);
    }

    [Fact]
    public void a_drill_181_days_ago_is_limited_with_the_reason()
    {
        var (level, reasons) = ReadinessRules.Level(10, 10, 8, 10, Today.AddDays(-181), Today);
        Assert.Equal(ReadinessLevel.Limited, level);
        Assert.Contains("more than 180 days ago", Assert.Single(reasons).ToString());
    }

    [Theory]
    [InlineData(4, 10, 10, 10, true)]   // fewer than half the target available
    [InlineData(10, 10, 4, 10, true)]   // under 50 % certified
    [InlineData(10, 10, 10, 10, false)] // never drilled
    public void not_ready_when_far_below(int available, int target, int certified, int total, bool drilled)
    {
        var (level, _) = ReadinessRules.Level(available, target, certified, total, drilled ? Today.AddDays(-10) : null, Today);
        Assert.Equal(ReadinessLevel.NotReady, level);
    }

    [Fact]
    public void limited_lists_every_unmet_criterion_in_words()
    {
        var (level, reasons) = ReadinessRules.Level(5, 10, 6, 10, Today.AddDays(-200), Today);
        Assert.Equal(ReadinessLevel.Limited, level);
        Assert.Equal(3, reasons.Count);
        Assert.Contains("5 counselors and TAGANA volunteers available, below the target of 10", reasons.Select(r => r.ToString()));
    }

    [Fact]
    public void the_median_response_is_the_middle_answer()
    {
        Assert.Null(ReadinessRules.Median([]));
        Assert.Equal(30, ReadinessRules.Median([90, 10, 30]));
        Assert.Equal(20, ReadinessRules.Median([10, 30]));
    }

    [Fact]
    public void response_minutes_run_from_issue_to_first_answer_and_cancelled_requests_do_not_count()
    {
        var facts = new DistrictReadiness();
        var issued = new DateTimeOffset(2026, 11, 28, 1, 0, 0, TimeSpan.Zero);
        var (a, b, c) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        foreach (var id in new[] { a, b, c }) facts.OpenRequests[id] = issued;
        facts.Answered(a, issued.AddMinutes(45));
        facts.Answered(b, issued.AddMinutes(15));
        facts.Answered(a, issued.AddMinutes(500));
        facts.On(new Coordination.Requests.RequestCancelled(c, "61.05", "x"));
        Assert.Equal([45, 15], facts.ResponseMinutes);
        Assert.Empty(facts.OpenRequests);
        Assert.Equal(30, ReadinessRules.Median(facts.ResponseMinutes));
    }
}

public class ReadinessViewTests(AppFixture fixture) : ApiTest(fixture)
{
    /// <summary>A day counted from the province's today (WIB), as readiness counts it.</summary>
    private static string Day(int daysFromToday) => Coordination.Districts.KalimantanBarat.Today(TimeProvider.System).AddDays(daysFromToday).ToString("yyyy-MM-dd");

    [Fact]
    public async Task sintangs_row_has_the_numbers_worked_out_by_hand_and_every_district_is_present()
    {
        // Sintang (target 4 in the test settings): 3 counselors, 2 TAGANA, 1 social worker
        var c1 = await Api.RegisteredPerson("61.05", "counselor", name: "C1");
        var c2 = await Api.RegisteredPerson("61.05", "counselor", name: "C2");
        var c3 = await Api.RegisteredPerson("61.05", "counselor", name: "C3");
        var t1 = await Api.RegisteredPerson("61.05", "tagana", name: "T1");
        var t2 = await Api.RegisteredPerson("61.05", "tagana", name: "T2");
        var s1 = await Api.RegisteredPerson("61.05", "social-worker", name: "S1");
        async Task Train(Guid person, string? validUntil) =>
            (await Api.Post($"/api/personnel/{person}/trainings", new { course = "PFA", completedOn = Day(-400), validUntil }, Tokens.District("61.05"))).ShouldBe(200);
        await Train(c1, Day(365));
        await Train(c2, Day(-10));   // expired
        await Train(c3, null);       // never expires
        await Train(t2, Day(30));
        await Train(s1, Day(0));     // valid through today
        (await Api.Post($"/api/personnel/{t2}/availability", new { available = false, reason = "sakit" }, Tokens.District("61.05"))).ShouldBe(200);
        (await Api.Post("/api/districts/61.05/drills", new { heldOn = Day(-181), scenario = "Simulasi banjir", participants = new[] { c1, t1 } },
            Tokens.District("61.05"))).ShouldBe(201);

        var incident = await Api.ReportedIncident("61.05");
        var partial = await Api.IssuedRequest(incident, "61.05", count: 2);
        await Api.IssuedRequest(incident, "61.05", count: 1);
        var declined = await Api.IssuedRequest(incident, "61.05", count: 1);
        (await Api.Post($"/api/requests/{partial}/accept", new { count = 1 }, Tokens.District("61.05"))).ShouldBe(200);
        (await Api.Post($"/api/requests/{declined}/decline", new { reason = "x" }, Tokens.District("61.05"))).ShouldBe(200);
        await Api.DeployedTeam(incident, [c1], "61.05", partial);
        await ViewsCaughtUp();

        var rows = (await Api.Get("/api/readiness", Tokens.Analyst)).ShouldBe(200).Body!.AsArray();
        Assert.Equal(14, rows.Count);
        var sintang = rows.Single(r => r!["district"]!.GetValue<string>() == "61.05")!;
        Assert.Equal("Sintang", sintang["name"]!.GetValue<string>());
        Assert.Equal(3, sintang["personnel"]!["counselor"]!.GetValue<int>());
        Assert.Equal(2, sintang["personnel"]!["tagana"]!.GetValue<int>());
        Assert.Equal(1, sintang["personnel"]!["socialWorker"]!.GetValue<int>());
        Assert.Equal(6, sintang["personnel"]!["total"]!.GetValue<int>());
        Assert.Equal(4, sintang["available"]!.GetValue<int>());      // C2, C3, T1, S1
        Assert.Equal(3, sintang["availableResponders"]!.GetValue<int>()); // C2, C3, T1: what the board's tile shows
        Assert.Equal(1, sintang["deployed"]!.GetValue<int>());       // C1
        Assert.Equal(1, sintang["unavailable"]!.GetValue<int>());    // T2
        Assert.Equal(4, sintang["certifiedCurrent"]!.GetValue<int>()); // C1, C3, T2, S1
        Assert.Equal(Day(-181), sintang["lastDrillOn"]!.GetValue<string>());
        Assert.Equal(1, sintang["openRequests"]!.GetValue<int>());
        var median = sintang["medianResponseMinutes"]!.GetValue<double>();
        Assert.InRange(median, 0, 5);
        Assert.Equal("limited", sintang["level"]!.GetValue<string>());
        var reasons = sintang["reasons"]!.AsArray().Select(r => r!.GetValue<string>()).ToList();
        Assert.Equal(3, reasons.Count);
        Assert.Contains("3 counselors and TAGANA volunteers available, below the target of 4", reasons);
        Assert.Contains(reasons, r => r.StartsWith("4 of 6 personnel hold a current certificate"));
        Assert.Contains(reasons, r => r.Contains("more than 180 days ago"));

        var melawi = rows.Single(r => r!["district"]!.GetValue<string>() == "61.10")!;
        Assert.Equal(0, melawi["personnel"]!["total"]!.GetValue<int>());
        Assert.Equal("not-ready", melawi["level"]!.GetValue<string>());
        Assert.Null(melawi["lastDrillOn"]);
        Assert.Null(melawi["medianResponseMinutes"]);

        var one = (await Api.Get("/api/districts/61.05/readiness", Tokens.District("61.10"))).ShouldBe(200).Body!;
        Assert.Equal(sintang.ToJsonString(), one.ToJsonString());
        (await Api.Get("/api/districts/62.01/readiness", Tokens.Analyst)).ShouldBeProblem(404);
        (await Api.Get("/api/readiness")).ShouldBeProblem(401);
    }

    [Fact]
    public async Task a_fresh_drill_and_enough_certified_people_make_a_district_ready()
    {
        var people = await Api.RegisteredPeople(4, "61.05");
        foreach (var person in people)
            (await Api.Post($"/api/personnel/{person}/trainings", new { course = "PFA", completedOn = Day(-30) }, Tokens.District("61.05"))).ShouldBe(200);
        (await Api.Post("/api/districts/61.05/drills", new { heldOn = Day(-3), scenario = "Simulasi", participants = people }, Tokens.District("61.05"))).ShouldBe(201);
        await ViewsCaughtUp();

        var row = (await Api.Get("/api/districts/61.05/readiness", Tokens.Coordinator)).Body!;
        Assert.Equal("ready", row["level"]!.GetValue<string>());
        Assert.Empty(row["reasons"]!.AsArray());
    }
}
