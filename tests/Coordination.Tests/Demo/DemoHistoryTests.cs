using Coordination.Demo;
using Coordination.Tests.Support;
using Marten;

namespace Coordination.Tests.Demo;

public class DemoHistoryTests(AppFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public async Task the_demo_history_loads_once_and_every_view_shows_something_true_to_life()
    {
        var loaded = await new DemoHistory(Host.Services).LoadAsync();
        Assert.StartsWith("Loaded the demo history", loaded);
        Assert.Equal("The demo history is already loaded.", await new DemoHistory(Host.Services).LoadAsync());
        await ViewsCaughtUp();

        var readiness = (await Api.Get("/api/readiness", Tokens.Analyst)).ShouldBe(200).Body!.AsArray();
        var levels = readiness.Select(r => r!["level"]!.GetValue<string>()).ToList();
        Assert.Contains("ready", levels);
        Assert.Contains("limited", levels);
        Assert.Contains("not-ready", levels);
        Assert.All(readiness, r => Assert.True(r!["personnel"]!["total"]!.GetValue<int>() > 0));

        var flood = (await Api.Get($"/api/incidents/{DemoHistory.SintangFlood}", Tokens.Analyst)).ShouldBe(200).Body!;
        Assert.Equal(87_500, flood["affected"]!["total"]!.GetValue<int>());
        Assert.Equal("closed", flood["status"]!.GetValue<string>());
        var dayThree = (await Api.Get($"/api/incidents/{DemoHistory.SintangFlood}/replay?at=2021-11-04T05:00:00Z", Tokens.Analyst)).ShouldBe(200).Body!;
        Assert.Equal("response", dayThree["incident"]!["phase"]!.GetValue<string>());
        Assert.True(dayThree["coverage"]!["personnelOnSite"]!.GetValue<int>() > 0);

        // each team works a circuit of its own: 20 of the 26 affected villages had a service (README, History for analysts)
        var coverage = (await Api.Get($"/api/incidents/{DemoHistory.SintangFlood}/coverage", Tokens.Analyst)).ShouldBe(200).Body!;
        Assert.Equal(20, coverage["villagesServed"]!.GetValue<int>());
        Assert.Equal(26, coverage["villagesAffected"]!.GetValue<int>());

        // the demo stores its history in the order things happened: the timeline's times and the order stored agree, and so
        // do every stream's versions, so that a replay event by event never steps back in time
        var timeline = (await Api.Get($"/api/incidents/{DemoHistory.SintangFlood}/timeline?limit=1000", Tokens.Analyst)).ShouldBe(200).Body!.AsArray();
        var times = timeline.Select(e => e!["at"]!.GetValue<DateTimeOffset>()).ToList();
        Assert.True(times.Count > 100);
        Assert.Equal(times.Order(), times);
        var sequences = timeline.Select(e => e!["sequence"]!.GetValue<long>()).ToList();
        Assert.Equal(sequences.Order(), sequences);
        await using (var query = Store.QuerySession())
        {
            var incident = await query.Events.FetchStreamAsync(DemoHistory.SintangFlood);
            Assert.Equal(incident.OrderBy(e => e.Timestamp).ThenBy(e => e.Version).Select(e => e.Version), incident.Select(e => e.Version));
        }

        var open = (await Api.Get("/api/coverage", Tokens.Analyst)).Body!.AsArray().Select(c => c!["district"]!.GetValue<string>());
        Assert.Equal(["61.04", "61.07"], open);
        var csv = (await Api.Get("/api/exports/4w.csv?from=2021-11-01&to=2021-12-31", Tokens.Analyst)).ShouldBe(200).Text;
        Assert.True(csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length > 100);

        await using var session = Store.QuerySession();
        Assert.True(await session.Events.QueryAllRawEvents().CountAsync() > 600);
    }

    [Fact]
    public async Task the_demo_history_names_its_actors_as_a_sign_in_does_by_their_accounts_with_their_roles()
    {
        await new DemoHistory(Host.Services).LoadAsync();
        var timeline = (await Api.Get($"/api/incidents/{DemoHistory.SintangFlood}/timeline?limit=1000", Tokens.Analyst)).ShouldBe(200).Body!.AsArray();
        // every step was taken by an account, stamped with its id and role as a command through the API is
        Assert.All(timeline, e => Assert.True(Guid.TryParse(e!["actor"]!.GetValue<string>(), out _), e!["actor"]!.GetValue<string>()));
        var actors = timeline.Select(e => (Name: e!["actorName"]?.GetValue<string>(), Role: e["role"]!.GetValue<string>())).Distinct().ToList();
        Assert.DoesNotContain(actors, a => a.Name is null);
        Assert.Contains(("Ani Rahmawati", "coordinator"), actors);
        Assert.Contains(("Budi Santoso", "district"), actors);
        Assert.Contains(("Yohanes Apui", "district"), actors);
        var reported = timeline.First(e => e!["type"]!.GetValue<string>() == "incident-reported")!;
        Assert.Equal("Ani Rahmawati", reported["actorName"]!.GetValue<string>());

        // the accounts are those an administrator sees, each in the role and district it acted in
        var accounts = (await Api.Get("/api/accounts?limit=1000", Tokens.Admin)).ShouldBe(200).Body!.AsArray();
        var sintang = Assert.Single(accounts, a => a!["email"]!.GetValue<string>() == "sintang@demo.kalbarprov.go.id")!;
        Assert.Equal(("Budi Santoso", "district", "61.05"),
            (sintang["name"]!.GetValue<string>(), sintang["role"]!.GetValue<string>(), sintang["district"]!.GetValue<string>()));
        Assert.Contains(timeline, e => e!["actor"]!.GetValue<string>() == sintang["id"]!.GetValue<string>());
    }
}
