using Coordination.Tests.Support;

namespace Coordination.Tests.Districts;

public class DistrictTests(AppFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public async Task the_14_districts_of_kalimantan_barat_are_listed_with_their_kind()
    {
        var districts = (await Api.Get("/api/districts", Tokens.Analyst)).ShouldBe(200).Body!.AsArray();
        Assert.Equal(14, districts.Count);
        var sintang = districts.Single(d => d!["code"]!.GetValue<string>() == "61.05")!;
        Assert.Equal("Sintang", sintang["name"]!.GetValue<string>());
        Assert.Equal("kabupaten", sintang["kind"]!.GetValue<string>());
        Assert.Equal("kota", districts.Single(d => d!["code"]!.GetValue<string>() == "61.71")!["kind"]!.GetValue<string>());
    }

    [Fact]
    public async Task an_unknown_district_code_in_a_route_is_404()
    {
        (await Api.Get("/api/districts/61.10", Tokens.Analyst)).ShouldBe(200);
        (await Api.Get("/api/districts/62.01", Tokens.Analyst)).ShouldBeProblem(404);
    }

    [Fact]
    public async Task districts_need_a_token() => (await Api.Get("/api/districts")).ShouldBeProblem(401);
}
