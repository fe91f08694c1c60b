using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Coordination.Demo;
using Coordination.Browser.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Playwright;

namespace Coordination.Browser.Tests;

[Collection(DeskCollection.Name)]
public sealed class AnalystAndLanguageTests(DeskFixture desk) : DeskTest(desk)
{
    [Fact]
    public async Task the_analyst_steps_a_replay_day_by_day()
    {
        var flood = DemoHistory.SintangFlood;
        var page = await Desk.SignedInPageAsync("analyst", at: $"#/analyst/{flood}");

        await Assertions.Expect(page.Locator(".stepper .day")).ToContainTextAsync("Hari 1 dari");
        await Assertions.Expect(page.Locator(".stepper .day")).ToContainTextAsync("31 Oktober 2021");

        for (var day = 2; day <= 5; day++)
        {
            await page.GetByRole(AriaRole.Button, new() { Name = "Hari berikutnya ›" }).ClickAsync();
            await Assertions.Expect(page.Locator(".stepper .day")).ToContainTextAsync($"Hari {day} dari");
        }
        await Assertions.Expect(page.Locator(".stepper .day")).ToContainTextAsync("4 November 2021");

        // The numbers shown are the API's replay at the end of that day (WIB).
        var replay = await Desk.Api(DeskFixture.Token("analyst"))
            .GetFromJsonAsync<JsonElement>($"/api/incidents/{flood}/replay?at=2021-11-04T16:59:59.000Z");
        var reached = replay.GetProperty("coverage").GetProperty("reached").GetProperty("total").GetInt32();
        var requests = replay.GetProperty("requests").GetArrayLength();
        await Assertions.Expect(page.GetByText($"Permintaan: {requests}", new() { Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("table.numbers tbody tr").First).ToContainTextAsync(reached.ToString("N0", new System.Globalization.CultureInfo("id-ID")));
        await Assertions.Expect(page.GetByText("Perubahan sejak hari sebelumnya")).ToBeVisibleAsync();
        Assert.Empty(Desk.ConsoleErrors[page]);
    }

    [Fact]
    public async Task the_language_switch_shows_English_and_back_Indonesian_and_is_remembered()
    {
        var page = await Desk.SignedInPageAsync("coordinator");
        await Assertions.Expect(page.Locator("#readiness-title")).ToHaveTextAsync("Kesiapan 14 kabupaten/kota");
        await Assertions.Expect(page.Locator(".legend")).ToContainTextAsync("Belum siap");

        await page.GetByRole(AriaRole.Button, new() { Name = "Ganti bahasa ke English" }).ClickAsync();
        await Assertions.Expect(page.Locator("#readiness-title")).ToHaveTextAsync("Readiness of the 14 districts");
        await Assertions.Expect(page.Locator(".legend")).ToContainTextAsync("Not ready");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");

        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#report-title")).ToHaveTextAsync("Report an incident");

        await page.GetByRole(AriaRole.Button, new() { Name = "Switch language to Bahasa Indonesia" }).ClickAsync();
        await Assertions.Expect(page.Locator("#report-title")).ToHaveTextAsync("Laporkan kejadian");
    }

    [Fact]
    public async Task signing_in_as_a_role_is_a_Development_route_only()
    {
        var development = Desk.Api("");
        var minted = await development.PostAsJsonAsync("/api/dev/sign-in-as", new { role = "district", district = "61.05" });
        Assert.Equal(HttpStatusCode.OK, minted.StatusCode);

        var connection = await TestDatabase.CreateDatabaseAsync();
        JasperFx.CommandLine.JasperFxEnvironment.AutoStartHost = true;
        await using var production = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Production");
            web.UseSetting("ConnectionStrings:Marten", connection);
            web.UseSetting("Auth:SigningKey", $"a-production-key-of-this-test-only-{Guid.NewGuid():N}");
            web.UseSetting("Projections:DaemonMode", "Solo");
        });
        var client = production.CreateClient();
        var refused = await client.PostAsJsonAsync("/api/dev/sign-in-as", new { role = "admin" });
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        var page = await client.GetStringAsync("/");
        Assert.Contains("name=\"desk-development\" content=\"false\"", page);
    }
}
