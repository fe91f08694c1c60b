using Coordination.Tests.Support;

namespace Coordination.Tests.Personnel;

public class PersonnelEndpointTests(AppFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public async Task a_district_registers_its_personnel_and_reads_the_roster_with_status_and_trainings()
    {
        var dewi = (await Api.Post("/api/districts/61.05/personnel",
            new { name = "Dewi Lestari", role = "counselor", skills = new[] { "psychological-first-aid", "Trauma-Counseling", "Bahasa Dayak" } },
            Tokens.District("61.05"))).ShouldBe(201).Id;
        var budi = await Api.RegisteredPerson("61.05", "tagana", ["group-support"], "Budi");
        (await Api.Post($"/api/personnel/{dewi}/trainings", new { course = "PFA dasar", completedOn = "2026-02-10", validUntil = "2028-02-10" },
            Tokens.District("61.05"))).ShouldBe(200);
        var unavailable = (await Api.Post($"/api/personnel/{budi}/availability", new { available = false, reason = "rumah terendam" },
            Tokens.District("61.05"))).ShouldBe(200);
        Assert.False(unavailable.Body!["available"]!.GetValue<bool>());
        Assert.Equal("rumah terendam", unavailable.Body["reason"]!.GetValue<string>());

        var roster = (await Api.Get("/api/districts/61.05/personnel", Tokens.Analyst)).ShouldBe(200).Body!.AsArray();
        Assert.Equal(2, roster.Count);
        var person = roster.Single(p => p!["id"]!.GetValue<string>() == dewi.ToString())!;
        Assert.Equal("available", person["status"]!.GetValue<string>());
        Assert.Equal(["psychological-first-aid", "trauma-counseling", "Bahasa Dayak"], person["skills"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Equal("2028-02-10", person["trainings"]![0]!["validUntil"]!.GetValue<string>());

        Assert.Equal([budi], (await Api.Get("/api/districts/61.05/personnel?status=unavailable", Tokens.Analyst)).Body!.AsArray()
            .Select(p => Guid.Parse(p!["id"]!.GetValue<string>())));
        Assert.Equal([dewi], (await Api.Get("/api/districts/61.05/personnel?role=counselor", Tokens.Analyst)).Body!.AsArray()
            .Select(p => Guid.Parse(p!["id"]!.GetValue<string>())));
        Assert.Empty((await Api.Get("/api/districts/61.10/personnel", Tokens.Analyst)).Body!.AsArray());
        (await Api.Get($"/api/personnel/{dewi}", Tokens.District("61.10"))).ShouldBe(200);
    }

    [Fact]
    public async Task only_the_districts_officers_or_an_admin_keep_its_roster()
    {
        var body = new { name = "Dewi", role = "counselor", skills = new[] { "referral" } };
        (await Api.Post("/api/districts/61.05/personnel", body, Tokens.District("61.10"))).ShouldBeProblem(403);
        (await Api.Post("/api/districts/61.05/personnel", body, Tokens.Coordinator)).ShouldBeProblem(403);
        (await Api.Post("/api/districts/61.05/personnel", body, Tokens.Analyst)).ShouldBeProblem(403);
        (await Api.Post("/api/districts/61.05/personnel", body)).ShouldBeProblem(401);
        (await Api.Post("/api/districts/61.05/personnel", body, Tokens.Admin)).ShouldBe(201);
        (await Api.Post("/api/districts/62.01/personnel", body, Tokens.Admin)).ShouldBeProblem(404);

        var id = await Api.RegisteredPerson("61.05");
        (await Api.Post($"/api/personnel/{id}/availability", new { available = false, reason = "x" }, Tokens.District("61.10"))).ShouldBeProblem(403);
        (await Api.Post($"/api/personnel/{id}/trainings", new { course = "PFA", completedOn = "2026-01-01" }, Tokens.Coordinator)).ShouldBeProblem(403);
        (await Api.Get($"/api/personnel/{Guid.NewGuid()}", Tokens.Analyst)).ShouldBeProblem(404);
        (await Api.Get("/api/districts/62.01/personnel", Tokens.Analyst)).ShouldBeProblem(404);
    }

    [Fact]
    public async Task bad_personnel_input_is_400_and_changes_nothing()
    {
        var response = (await Api.Post("/api/districts/61.05/personnel", new { name = "", skills = new[] { "" } }, Tokens.District("61.05"))).ShouldBeProblem(400);
        Assert.True(response.Errors!.ContainsKey("name"));
        Assert.True(response.Errors.ContainsKey("role"));
        Assert.True(response.Errors.ContainsKey("skills[0]"));
        (await Api.Send(HttpMethod.Post, "/api/districts/61.05/personnel", "{\"name\":\"A\",\"role\":\"doctor\"}", Tokens.District("61.05"))).ShouldBeProblem(400);

        var id = await Api.RegisteredPerson("61.05");
        (await Api.Post($"/api/personnel/{id}/availability", new { available = false }, Tokens.District("61.05"))).ShouldBeProblem(400);
        (await Api.Post($"/api/personnel/{id}/trainings", new { course = "PFA", completedOn = "2026-05-01", validUntil = "2026-04-01" },
            Tokens.District("61.05"))).ShouldBeProblem(400);
        (await Api.Get("/api/districts/61.05/personnel?status=sleeping", Tokens.Analyst)).ShouldBeProblem(400);
        Assert.Equal(1, (await Api.Get($"/api/personnel/{id}", Tokens.Analyst)).Body!["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task registering_again_with_the_same_id_and_body_is_the_same_person()
    {
        var id = Guid.CreateVersion7();
        var body = new { id, name = "Dewi", role = "counselor", skills = new[] { "referral" } };
        (await Api.Post("/api/districts/61.05/personnel", body, Tokens.District("61.05"))).ShouldBe(201);
        (await Api.Post("/api/districts/61.05/personnel", body, Tokens.District("61.05"))).ShouldBe(200);
        var other = await Api.Post("/api/districts/61.05/personnel", body with { name = "Dewi S." }, Tokens.District("61.05"),
            headers: new Dictionary<string, string> { ["Accept-Language"] = "id", ["X-Correlation-Id"] = "walk-1" });
        Assert.Equal("id-names-another-resource", other.ShouldBeProblem(409).Body!["code"]!.GetValue<string>());
        // answered by the exception handler, which clears the response: still the headers every answer carries
        Assert.Equal("id", other.Headers["Content-Language"]);
        Assert.Equal("nosniff", other.Headers["X-Content-Type-Options"]);
        Assert.Equal("walk-1", other.Headers["X-Correlation-Id"]);
        Assert.Single((await Api.Get("/api/districts/61.05/personnel", Tokens.Analyst)).Body!.AsArray());
    }
}
