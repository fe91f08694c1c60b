using Coordination.Tests.Support;

namespace Coordination.Tests.Drills;

public class DrillEndpointTests(AppFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public async Task a_drill_of_the_districts_own_personnel_is_recorded_and_listed()
    {
        var people = await Api.RegisteredPeople(2, "61.05", "tagana");
        var drill = (await Api.Post("/api/districts/61.05/drills",
            new { heldOn = "2026-10-15", scenario = "Simulasi banjir bandang Kecamatan Kayan Hilir", participants = people },
            Tokens.District("61.05"))).ShouldBe(201);

        var drills = (await Api.Get("/api/districts/61.05/drills", Tokens.Analyst)).ShouldBe(200).Body!.AsArray();
        Assert.Equal(drill.Id.ToString(), drills.Single()!["id"]!.GetValue<string>());
        Assert.Equal("2026-10-15", drills.Single()!["heldOn"]!.GetValue<string>());
    }

    [Fact]
    public async Task participants_from_another_district_or_unknown_are_named_in_a_400()
    {
        var own = await Api.RegisteredPerson("61.05");
        var melawi = await Api.RegisteredPerson("61.10", name: "Yohanes");
        var unknown = Guid.NewGuid();
        var response = (await Api.Post("/api/districts/61.05/drills",
            new { heldOn = "2026-10-15", scenario = "Simulasi", participants = new[] { own, melawi, unknown } }, Tokens.District("61.05"))).ShouldBeProblem(400);
        Assert.Contains("Yohanes", response.Detail);
        Assert.DoesNotContain(melawi.ToString(), response.Detail); // a person on a roster is named by name; an unknown one by the id sent
        Assert.Contains(unknown.ToString(), response.Detail);
        Assert.Empty((await Api.Get("/api/districts/61.05/drills", Tokens.Analyst)).Body!.AsArray());
    }

    [Fact]
    public async Task drills_are_recorded_by_the_district_itself_and_not_in_the_future()
    {
        var people = await Api.RegisteredPeople(1, "61.05");
        var body = new { heldOn = "2026-10-15", scenario = "Simulasi", participants = people };
        (await Api.Post("/api/districts/61.05/drills", body, Tokens.District("61.10"))).ShouldBeProblem(403);
        (await Api.Post("/api/districts/61.05/drills", body, Tokens.Coordinator)).ShouldBeProblem(403);
        (await Api.Post("/api/districts/61.05/drills", body with { heldOn = "2099-01-01" }, Tokens.District("61.05"))).ShouldBeProblem(400);
        (await Api.Post("/api/districts/61.05/drills", body, Tokens.Admin)).ShouldBe(201);
    }
}
