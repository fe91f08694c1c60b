using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Coordination.Demo;
using Coordination.Browser.Tests.Support;
using Microsoft.Playwright;

namespace Coordination.Browser.Tests;

[Collection(DeskCollection.Name)]
public sealed class AnalystHistoryTests(DeskFixture desk)
{
    [Fact]
    public async Task the_analyst_sees_the_Sintang_floods_coverage_day_by_day_and_its_response_times()
    {
        var page = await desk.SignedInPageAsync("analyst");
        await page.GotoAsync($"/#/analyst/{DemoHistory.SintangFlood}");

        var daily = page.Locator("section[aria-labelledby=daily-title]");
        await Assertions.Expect(daily.Locator("h2")).ToHaveTextAsync("Cakupan dari hari ke hari");
        await Assertions.Expect(daily.Locator("canvas")).ToBeVisibleAsync();
        var rows = daily.Locator("table tbody tr");
        await Assertions.Expect(rows.First).ToBeVisibleAsync();
        Assert.True(await rows.CountAsync() > 1);
        await Assertions.Expect(rows.First.Locator("th")).ToContainTextAsync(new Regex(@"^\d{1,2} (Oktober|November|Desember) 2021$"));
        // 210 of 52.000 reached on the first day is a share above nothing: it never reads 0 %.
        var shares = (await desk.Api(DeskFixture.Token("analyst")).GetFromJsonAsync<JsonElement>($"/api/incidents/{DemoHistory.SintangFlood}/coverage/daily"))
            .EnumerateArray().Select(r => r.GetProperty("coverage").GetProperty("total").GetDouble()).ToList();
        var small = shares.FindIndex(share => share > 0 && share < 0.005);
        await Assertions.Expect(rows.Nth(small).Locator("td").Last)
            .ToHaveTextAsync(Math.Round(shares[small] * 100, 1, MidpointRounding.AwayFromZero).ToString("0.0", new CultureInfo("id-ID")) + "%");
        // Thousands with a dot, as in Bahasa Indonesia: somewhere in the cumulative figures.
        await Assertions.Expect(daily.Locator("table tbody td").Filter(new() { HasTextRegex = new Regex(@"^\d{1,3}(\.\d{3})+$") }).First).ToBeVisibleAsync();

        var times = page.Locator("section[aria-labelledby=times-title]");
        await Assertions.Expect(times.Locator("h2")).ToHaveTextAsync("Waktu tanggap");
        var requests = times.Locator("table.times tbody");
        await Assertions.Expect(requests).ToContainTextAsync("Sintang");
        await Assertions.Expect(requests).ToContainTextAsync("Melawi");
        await Assertions.Expect(requests.Locator("tr").Filter(new() { HasText = "Ditolak" }).First).ToContainTextAsync("–");
        await Assertions.Expect(requests).ToContainTextAsync(new Regex(@"\d+ jam \d+ menit"));
        await Assertions.Expect(times.Locator("table.medians tbody")).ToContainTextAsync("Melawi");
        Assert.Empty(desk.ConsoleErrors[page]);
    }
}
