using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Coordination.Demo;
using Coordination.Browser.Tests.Support;
using Microsoft.Playwright;

namespace Coordination.Browser.Tests;

[Collection(DeskCollection.Name)]
public sealed class AnalystHistoryTests(DeskFixture desk) : DeskTest(desk)
{
    [Fact]
    public async Task the_analyst_sees_the_Sintang_floods_coverage_day_by_day_and_its_response_times()
    {
        var page = await Desk.SignedInPageAsync("analyst", at: $"#/analyst/{DemoHistory.SintangFlood}");

        var daily = page.Locator("section[aria-labelledby=daily-title]");
        await Assertions.Expect(daily.Locator("h2")).ToHaveTextAsync("Cakupan dari hari ke hari");
        await Assertions.Expect(daily.Locator("canvas")).ToBeVisibleAsync();
        var rows = daily.Locator("table tbody tr");
        await Assertions.Expect(rows.First).ToBeVisibleAsync();
        Assert.True(await rows.CountAsync() > 1);
        await Assertions.Expect(rows.First.Locator("th")).ToContainTextAsync(new Regex(@"^\d{1,2} (Oktober|November|Desember) 2021$"));
        // 210 of 52.000 reached on the first day is a share above nothing: it never reads 0 %.
        var shares = (await Desk.Api(DeskFixture.Token("analyst")).GetFromJsonAsync<JsonElement>($"/api/incidents/{DemoHistory.SintangFlood}/coverage/daily"))
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
        Assert.Empty(Desk.ConsoleErrors[page]);
    }
    private static readonly CultureInfo Indonesian = new("id-ID");

    private static string Words(double? minutes)
    {
        if (minutes is not { } m) return "–";
        var whole = (int)Math.Round(Math.Max(0, m), MidpointRounding.AwayFromZero); // as the page's Math.round
        var (hours, rest) = (whole / 60, whole % 60);
        return hours == 0 ? $"{rest} menit" : rest == 0 ? $"{hours} jam" : $"{hours} jam {rest} menit";
    }

    [Fact]
    public async Task every_day_of_the_coverage_and_every_request_s_times_in_the_desk_are_the_api_s_numbers()
    {
        var api = Desk.Api(DeskFixture.Token("analyst"));
        var days = (await api.GetFromJsonAsync<JsonElement>($"/api/incidents/{DemoHistory.SintangFlood}/coverage/daily")).EnumerateArray().ToList();
        var times = await api.GetFromJsonAsync<JsonElement>($"/api/incidents/{DemoHistory.SintangFlood}/response-times");
        var page = await Desk.SignedInPageAsync("analyst", at: $"#/analyst/{DemoHistory.SintangFlood}");

        var rows = page.Locator("table.daily tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(days.Count);
        var shown = await rows.EvaluateAllAsync<string[][]>("rows => rows.map(r => [...r.children].map(c => c.textContent.trim()))");
        string N(JsonElement e) => e.GetInt64().ToString("N0", Indonesian);
        for (var i = 0; i < days.Count; i++)
        {
            var day = days[i];
            Assert.Equal(DateOnly.Parse(day.GetProperty("date").GetString()!).ToString("d MMMM yyyy", Indonesian), shown[i][0]);
            Assert.Equal(
                [N(day.GetProperty("newlyReached").GetProperty("total")), N(day.GetProperty("reached").GetProperty("total")),
                    N(day.GetProperty("reached").GetProperty("children")), N(day.GetProperty("contacts")),
                    $"{N(day.GetProperty("villagesServed"))} dari {N(day.GetProperty("villagesAffected"))}", N(day.GetProperty("personnelOnSite"))],
                shown[i][1..7]);
        }

        var requests = times.GetProperty("requests").EnumerateArray().ToList();
        await Assertions.Expect(page.Locator("table.times tbody tr")).ToHaveCountAsync(requests.Count);
        string[] stages = ["toAnswer", "toDeploy", "toArrive", "toService", "total"];
        double? Minutes(JsonElement minutes, string stage) => minutes.GetProperty(stage) is { ValueKind: JsonValueKind.Number } m ? m.GetDouble() : null;
        foreach (var request in requests)
        {
            var cells = await page.Locator($"table.times tbody tr[data-request='{request.GetProperty("requestId").GetString()}'] td")
                .EvaluateAllAsync<string[]>("cells => cells.map(c => c.textContent.trim())");
            Assert.Equal(stages.Select(s => Words(Minutes(request.GetProperty("minutes"), s))), cells[^5..]);
        }

        var medians = await page.Locator("table.medians tbody tr").EvaluateAllAsync<string[][]>("rows => rows.map(r => [...r.children].map(c => c.textContent.trim()))");
        var districts = times.GetProperty("districts").EnumerateArray().ToList();
        Assert.Equal(districts.Count, medians.Length);
        for (var i = 0; i < districts.Count; i++)
        {
            Assert.Equal(districts[i].GetProperty("requests").GetInt32().ToString("N0", Indonesian), medians[i][1]);
            Assert.Equal(stages.Select(s => Words(Minutes(districts[i].GetProperty("medianMinutes"), s))), medians[i][2..]);
        }

        Assert.Empty(Desk.ConsoleErrors[page]);
    }

    [Fact]
    public async Task on_a_phone_the_timeline_the_daily_coverage_and_the_response_times_are_cards_with_nothing_off_screen_and_a_laptop_keeps_the_tables()
    {
        var page = await Desk.SignedInPageAsync("analyst", width: 360, height: 740, at: $"#/analyst/{DemoHistory.SintangFlood}");
        var daily = page.Locator("table.daily tbody tr").First;
        var times = page.Locator("table.times tbody tr").First;
        var medians = page.Locator("table.medians tbody tr").First;
        var timeline = page.Locator("section[aria-labelledby=analyst-timeline-title] table.timeline tbody tr").First;
        await Assertions.Expect(timeline).ToContainTextAsync("Kejadian dilaporkan");
        await Assertions.Expect(medians).ToBeVisibleAsync();

        // Each figure names itself, and the last one of each card lies on the screen as the page opens.
        var figures = new[]
        {
            (daily.Locator("td").Last, "Cakupan"), (times.Locator("td").Last, "Seluruhnya"), (medians.Locator("td").Last, "Seluruhnya"),
            (timeline.Locator("td").Last, "Oleh"), (timeline.Locator("td.full"), "Rincian")
        };
        foreach (var (cell, label) in figures)
        {
            Assert.Equal($"\"{label}\"", await cell.EvaluateAsync<string>("td => getComputedStyle(td, '::before').content"));
            var box = (await cell.BoundingBoxAsync())!;
            Assert.True(box.X >= 0 && box.X + box.Width <= 360, $"{label} lies at {box.X}–{box.X + box.Width} px in a 360 px viewport");
        }
        // The event's name heads its card, above when it happened.
        Assert.True((await timeline.Locator("th").BoundingBoxAsync())!.Y < (await timeline.Locator("td").First.BoundingBoxAsync())!.Y);
        var boxes = "[...document.querySelectorAll('main .scroll:has(> table.timeline, > table.daily, > table.times, > table.medians)')]";
        Assert.Equal(4, await page.EvaluateAsync<int>($"{boxes}.length"));
        Assert.Empty(await page.EvaluateAsync<string[]>($"{boxes}.filter(b => b.scrollWidth > b.clientWidth + 1).map(b => b.firstElementChild.className)"));
        var width = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(width <= 360, $"the page is {width} px wide in a 360 px viewport");

        await page.SetViewportSizeAsync(1366, 768);
        foreach (var table in new[] { "table.daily", "table.times", "table.medians", "table.timeline" })
        {
            Assert.Equal("table", await page.Locator(table).EvaluateAsync<string>("t => getComputedStyle(t).display"));
            await Assertions.Expect(page.Locator($"{table} thead")).ToBeVisibleAsync();
        }
        await Assertions.Expect(page.Locator("table.times thead th")).ToHaveCountAsync(9);
        Assert.Empty(Desk.ConsoleErrors[page]);
    }
}
