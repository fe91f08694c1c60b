using System.Text.Json.Nodes;
using Coordination.Infrastructure.EventSourcing;
using Coordination.Personnel;
using Marten;
using Coordination.Tests.Incidents;
using Coordination.Tests.Support;

namespace Coordination.Tests.History;

public class ReadinessHistoryTests(AppFixture fixture) : ApiTest(fixture)
{
    private static string Day(int offset) => Coordination.Districts.KalimantanBarat.Today(TimeProvider.System).AddDays(offset).ToString("yyyy-MM-dd");

    private async Task<(DateTimeOffset At, string All, string Sintang)> Snapshot(bool anythingStored = true)
    {
        if (anythingStored) await ViewsCaughtUp();
        var at = DateTimeOffset.UtcNow;
        var all = (await Api.Get("/api/readiness", Tokens.Analyst)).ShouldBe(200).Text;
        var sintang = (await Api.Get("/api/districts/61.05/readiness", Tokens.Analyst)).ShouldBe(200).Text;
        // The next step's events come strictly after this moment.
        while (DateTimeOffset.UtcNow <= at) await Task.Yield();
        return (at, all, sintang);
    }

    [Fact]
    public async Task readiness_at_each_recorded_moment_answers_exactly_what_the_view_said_then()
    {
        var moments = new List<(DateTimeOffset At, string All, string Sintang)> { await Snapshot(anythingStored: false) };

        var people = await Api.RegisteredPeople(4, "61.05");
        moments.Add(await Snapshot());

        foreach (var person in people)
            (await Api.Post($"/api/personnel/{person}/trainings", new { course = "PFA", completedOn = Day(-30) }, Tokens.District("61.05"))).ShouldBe(200);
        (await Api.Post("/api/districts/61.05/drills", new { heldOn = Day(-3), scenario = "Simulasi banjir", participants = people },
            Tokens.District("61.05"))).ShouldBe(201);
        moments.Add(await Snapshot());

        var incident = await Api.ReportedIncident("61.05");
        var request = await Api.IssuedRequest(incident, "61.05", count: 2);
        await Api.IssuedRequest(incident, "61.10", count: 1);
        moments.Add(await Snapshot());

        (await Api.Post($"/api/requests/{request}/accept", new { count = 2 }, Tokens.District("61.05"))).ShouldBe(200);
        await Api.DeployedTeam(incident, [people[0], people[1]], "61.05", request);
        (await Api.Post($"/api/personnel/{people[2]}/availability", new { available = false, reason = "cuti" }, Tokens.District("61.05"))).ShouldBe(200);
        moments.Add(await Snapshot());

        Assert.Equal(moments.Count, moments.Select(m => m.All).Distinct().Count());
        foreach (var (at, all, sintang) in moments)
        {
            var when = Uri.EscapeDataString(at.ToString("O"));
            Assert.Equal(all, (await Api.Get($"/api/readiness?at={when}", Tokens.Analyst)).ShouldBe(200).Text);
            Assert.Equal(sintang, (await Api.Get($"/api/districts/61.05/readiness?at={when}", Tokens.Analyst)).ShouldBe(200).Text);
        }
    }

    [Fact]
    public async Task before_anything_happened_every_district_is_present_and_empty()
    {
        await Api.RegisteredPeople(2, "61.05");
        var rows = (await Api.Get("/api/readiness?at=2020-01-01T00:00:00Z", Tokens.Analyst)).ShouldBe(200).Body!.AsArray();
        Assert.Equal(14, rows.Count);
        Assert.All(rows, row => Assert.Equal(0, row!["personnel"]!["total"]!.GetValue<int>()));
        (await Api.Get("/api/readiness?at=yesterday", Tokens.Analyst)).ShouldBeProblem(400);
        (await Api.Get("/api/districts/62.01/readiness?at=2020-01-01T00:00:00Z", Tokens.Analyst)).ShouldBeProblem(404);
    }

    [Fact]
    public async Task a_moment_ahead_of_now_is_refused_where_it_would_have_counted_valid_certificates_as_expired()
    {
        var ahead = DateTimeOffset.UtcNow.AddYears(4).ToString("yyyy-MM-ddTHH:mm:ssZ");
        var incident = await Api.ReportedIncident();
        foreach (var url in new[] { $"/api/readiness?at={ahead}", $"/api/districts/61.05/readiness?at={ahead}", $"/api/incidents/{incident}/replay?at={ahead}" })
        {
            var refused = (await Api.Get(url, Tokens.Analyst, new Dictionary<string, string> { ["Accept-Language"] = "id" })).ShouldBeProblem(400);
            Assert.Equal("time-in-future", refused.Body!["code"]!.GetValue<string>());
            Assert.Contains("at", refused.Detail);
        }

        // the end of the province's today is still today: the desk asks for the end of a chosen day
        var wib = TimeSpan.FromHours(7);
        var endOfToday = Uri.EscapeDataString(new DateTimeOffset(DateTimeOffset.UtcNow.ToOffset(wib).Date.AddDays(1).AddSeconds(-1), wib).ToString("O"));
        var tomorrow = Uri.EscapeDataString(new DateTimeOffset(DateTimeOffset.UtcNow.ToOffset(wib).Date.AddDays(1), wib).ToString("O"));
        (await Api.Get($"/api/readiness?at={endOfToday}", Tokens.Analyst)).ShouldBe(200);
        (await Api.Get($"/api/incidents/{incident}/replay?at={endOfToday}", Tokens.Analyst)).ShouldBe(200);
        (await Api.Get($"/api/readiness?at={tomorrow}", Tokens.Analyst)).ShouldBeProblem(400);
    }

    [Fact]
    public async Task readiness_as_of_a_moment_counts_the_day_of_that_moment_in_wib_where_a_training_lapses()
    {
        var person = Guid.NewGuid();
        using (EventClock.PretendNow(new DateTimeOffset(2019, 7, 1, 2, 0, 0, TimeSpan.Zero)))
        {
            await using var session = Store.LightweightSession();
            session.Events.StartStream<Person>(person, new PersonnelRegistered(person, "61.09", "Wulan", PersonnelRole.Counselor, []),
                new TrainingCompleted(person, "61.09", "PFA dasar", new DateOnly(2019, 6, 1), new DateOnly(2019, 7, 17)));
            await session.SaveChangesAsync();
        }

        async Task<int> CertifiedAt(string at) =>
            (await Api.Get($"/api/districts/61.09/readiness?at={at}", Tokens.Analyst)).ShouldBe(200).Body!["certifiedCurrent"]!.GetValue<int>();

        // valid until the 17th: at 23:59 WIB on the 17th it still counts; at 00:30 WIB on the 18th (17:30 UTC, the UTC date still
        // the 17th) it has lapsed, as the province's day and the readiness board count it
        Assert.Equal(1, await CertifiedAt("2019-07-17T16:59:59Z"));
        Assert.Equal(0, await CertifiedAt("2019-07-17T17:30:00Z"));
        Assert.Equal(0, await CertifiedAt("2019-07-18T00%3A30%3A00%2B07%3A00"));
        var all = (await Api.Get("/api/readiness?at=2019-07-17T17:30:00Z", Tokens.Analyst)).ShouldBe(200).Body!.AsArray();
        Assert.Equal(0, all.Single(r => r!["district"]!.GetValue<string>() == "61.09")!["certifiedCurrent"]!.GetValue<int>());
    }
}
