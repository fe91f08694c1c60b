using System.Net.Http.Json;
using Coordination.Browser.Tests.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Coordination.Browser.Tests;

[Collection(DeskCollection.Name)]
public sealed class CoordinatorDeskTests(DeskFixture desk, ITestOutputHelper output) : DeskTest(desk)
{
    [Fact]
    public async Task the_coordinator_reports_a_flood_reads_the_readiness_tiles_and_issues_a_request()
    {
        var page = await Desk.SignedInPageAsync("coordinator");

        var tiles = page.Locator(".tile");
        await Assertions.Expect(tiles).ToHaveCountAsync(14);
        // a tile counts the available counselors and TAGANA, as the target does, not social workers
        var rows = await Desk.Api(DeskFixture.Token("analyst")).GetFromJsonAsync<System.Text.Json.JsonElement>("/api/readiness");
        foreach (var row in rows.EnumerateArray())
            await Assertions.Expect(page.Locator($".tile[data-district='{row.GetProperty("district").GetString()}'] dd").First)
                .ToHaveTextAsync(row.GetProperty("availableResponders").GetInt32().ToString("N0", new System.Globalization.CultureInfo("id-ID")));
        await page.Locator(".tile[data-district='61.05']").ClickAsync();
        await Assertions.Expect(page.Locator(".reasons h3")).ToContainTextAsync("Sintang");

        await page.GetByLabel("Judul kejadian").FillAsync("Banjir Sungai Kapuas di Sintang");
        await page.Locator("form.grid-form select[name=district]").SelectOptionAsync("61.05");
        await page.GetByLabel("Desa terdampak").FillAsync("Baning Kota\nKapuas Kiri Hilir");
        await page.Locator("input[name='affected.total']").FillAsync("1500");
        await page.Locator("input[name='affected.children']").FillAsync("500");
        await page.GetByRole(AriaRole.Button, new() { Name = "Laporkan" }).ClickAsync();

        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync("Banjir Sungai Kapuas di Sintang");
        await Assertions.Expect(page.Locator("table.numbers")).ToContainTextAsync("1.500");
        await Assertions.Expect(page.Locator("canvas")).ToBeVisibleAsync();

        // the request form asks the incident's own district first, with the figures its readiness tile shows
        var form = page.Locator("form.grid-form", new() { Has = page.Locator("select[name=district]") });
        var sintang = rows.EnumerateArray().Single(r => r.GetProperty("district").GetString() == "61.05");
        await Assertions.Expect(form.Locator("select[name=district]")).ToHaveValueAsync("61.05");
        var total = sintang.GetProperty("personnel").GetProperty("total").GetInt32();
        var certified = total == 0 ? "–" : $"{Math.Round(100.0 * sintang.GetProperty("certifiedCurrent").GetInt32() / total)}%";
        await Assertions.Expect(form.Locator("p.hint").First).ToContainTextAsync(
            $"Kesiapan: {sintang.GetProperty("availableResponders").GetInt32()} konselor/TAGANA tersedia, {certified} bersertifikat");
        await form.Locator("select[name=district]").SelectOptionAsync("61.10");
        await form.Locator("input[name=count]").FillAsync("3");
        await page.GetByRole(AriaRole.Button, new() { Name = "Kirim permintaan" }).ClickAsync();
        await Assertions.Expect(page.Locator("table.list tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("table.list")).ToContainTextAsync("Melawi");
        await Assertions.Expect(page.Locator("table.list")).ToContainTextAsync("Menunggu jawaban");

        Assert.Empty(Desk.ConsoleErrors[page]);
    }

    [Fact]
    public async Task the_coordinator_page_first_load_transfers_at_most_400_KB()
    {
        var context = await Desk.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1366, Height = 768 }, BaseURL = Desk.BaseUrl });
        var token = DeskFixture.Token("coordinator");
        await context.AddInitScriptAsync($"sessionStorage.setItem('desk.session', JSON.stringify({{accessToken: '{token}'}}))");
        var page = await context.NewPageAsync();
        var responses = new List<IResponse>();
        page.Response += (_, response) => responses.Add(response);

        await page.GotoAsync("/#/coordinator");
        await Assertions.Expect(page.Locator(".tile")).ToHaveCountAsync(14);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle, new() { Timeout = 5_000 }).ContinueWith(_ => { });

        long bytes = 0;
        foreach (var response in responses.ToList())
        {
            if (response.Url.Contains("/api/events/stream")) continue;
            var sizes = await response.Request.SizesAsync();
            bytes += sizes.ResponseBodySize + sizes.ResponseHeadersSize;
        }

        output.WriteLine($"Coordinator page first load: {bytes / 1024.0:F1} KB transferred in {responses.Count} responses");
        Console.WriteLine($"Coordinator page first load: {bytes / 1024.0:F1} KB transferred in {responses.Count} responses");
        Assert.InRange(bytes, 1, 400 * 1024);
        await context.CloseAsync();
    }

    [Fact]
    public async Task a_readiness_tile_is_named_by_its_district_and_level_and_described_by_its_figures_for_a_screen_reader()
    {
        var page = await Desk.SignedInPageAsync("coordinator", width: 360, height: 740);
        var rows = await Desk.Api(DeskFixture.Token("analyst")).GetFromJsonAsync<System.Text.Json.JsonElement>("/api/readiness");
        var melawi = rows.EnumerateArray().Single(r => r.GetProperty("district").GetString() == "61.10");
        var tile = page.GetByRole(AriaRole.Button, new() { Name = "Melawi: ", Exact = false }).First;
        await Assertions.Expect(page.Locator(".tile[data-district='61.10'] button")).ToHaveAccessibleNameAsync(
            new System.Text.RegularExpressions.Regex("^Melawi: "));
        await Assertions.Expect(tile).ToHaveAccessibleDescriptionAsync(new System.Text.RegularExpressions.Regex(
            $"Konselor/TAGANA tersedia\\s*{melawi.GetProperty("availableResponders").GetInt32()}\\s*Bersertifikat\\s*\\d+%\\s*Simulasi terakhir .+Permintaan menunggu jawaban\\s*\\d+"));
    }

    [Fact]
    public async Task an_open_incident_says_how_long_ago_it_occurred_in_hours_on_its_first_day()
    {
        await Desk.ReportFloodAsync("Banjir baru saja, Sungai Tebidah", "61.05", DateTimeOffset.UtcNow.AddMinutes(-20));
        await Desk.ReportFloodAsync("Banjir tiga jam lalu, Sungai Ketungau", "61.05", DateTimeOffset.UtcNow.AddHours(-3).AddMinutes(-10));
        await Desk.ReportFloodAsync("Banjir dua hari lalu, Sungai Serawai", "61.05", DateTimeOffset.UtcNow.AddDays(-2).AddHours(-1));
        var page = await Desk.SignedInPageAsync("coordinator", width: 360, height: 740);
        var card = (string title) => page.Locator(".incident").Filter(new() { HasText = title }).Locator(".hint");
        await Assertions.Expect(card("Banjir baru saja")).ToContainTextAsync("(kurang dari 1 jam lalu)");
        await Assertions.Expect(card("Banjir tiga jam lalu")).ToContainTextAsync("(3 jam lalu)");
        await Assertions.Expect(card("Banjir dua hari lalu")).ToContainTextAsync("(2 hari lalu)");
        Assert.Empty(Desk.ConsoleErrors[page]);
    }

    [Fact]
    public async Task on_a_phone_a_tapped_readiness_tile_brings_its_reasons_into_view()
    {
        var page = await Desk.SignedInPageAsync("coordinator", width: 360, height: 740);
        await Assertions.Expect(page.Locator(".tile")).ToHaveCountAsync(14);
        await page.Locator(".tile[data-district='61.05'] button").ClickAsync();
        var reasons = page.Locator(".reasons h3");
        await Assertions.Expect(reasons).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^Sintang — "));
        // below the fourteen tiles, far under the tapped one: the page shows them rather than leaving the tap seemingly unanswered
        await Assertions.Expect(reasons).ToBeInViewportAsync();
        await Assertions.Expect(page.Locator(".tile[data-district='61.05'] button")).ToBeFocusedAsync();
        Assert.Empty(Desk.ConsoleErrors[page]);
    }

    [Fact]
    public async Task a_readiness_tile_holds_its_figures_beside_its_button_and_a_click_anywhere_on_it_or_a_key_on_the_button_shows_the_reasons()
    {
        var page = await Desk.SignedInPageAsync("coordinator", width: 360, height: 740);
        await Assertions.Expect(page.Locator(".tile")).ToHaveCountAsync(14);
        // a button holds phrasing content only: the figures' list lies beside it, in the tile
        Assert.Empty(await page.EvaluateAsync<string[]>(
            "() => [...document.querySelectorAll('.tiles button *')].map(e => e.tagName).filter(n => !['STRONG', 'SPAN'].includes(n))"));
        Assert.Equal(14, await page.Locator(".tile > dl").CountAsync());
        Assert.Equal(14, await page.Locator(".tile button").CountAsync());

        // a click on the figures, as on any part of the tile, shows the district's reasons
        var reasons = page.Locator(".reasons h3");
        await page.Locator(".tile[data-district='61.10'] dd").Last.ScrollIntoViewIfNeededAsync();
        var figure = (await page.Locator(".tile[data-district='61.10'] dd").Last.BoundingBoxAsync())!;
        await page.Mouse.ClickAsync(figure.X + figure.Width / 2, figure.Y + figure.Height / 2);
        await Assertions.Expect(reasons).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^Melawi — "));
        await page.Locator(".tile[data-district='61.05']").ScrollIntoViewIfNeededAsync();
        var box = (await page.Locator(".tile[data-district='61.05']").BoundingBoxAsync())!;
        await page.Mouse.ClickAsync(box.X + box.Width - 4, box.Y + box.Height - 4);
        await Assertions.Expect(reasons).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^Sintang — "));

        // by keyboard: the focused tile is ringed whole, and Enter or Space shows its reasons
        var sambas = page.Locator(".tile[data-district='61.01'] button");
        await sambas.FocusAsync();
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Shift+Tab");
        await Assertions.Expect(sambas).ToBeFocusedAsync();
        Assert.Equal("solid", await page.Locator(".tile[data-district='61.01']").EvaluateAsync<string>("e => getComputedStyle(e).outlineStyle"));
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(reasons).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^Sambas — "));
        await page.Locator(".tile[data-district='61.07'] button").FocusAsync();
        await page.Keyboard.PressAsync(" ");
        await Assertions.Expect(reasons).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^Bengkayang — "));
        Assert.Empty(Desk.ConsoleErrors[page]);
    }

    [Fact]
    public async Task a_district_with_nobody_on_its_roster_has_no_share_certified_on_its_tile_rather_than_0_percent()
    {
        var page = await Desk.SignedInPageAsync("coordinator");
        // Kayong Utara as a district that has registered nobody yet (the demo gives every district people).
        await page.RouteAsync("**/api/readiness", async route =>
        {
            var response = await Fetches.WholeAsync(route);
            var rows = System.Text.Json.Nodes.JsonNode.Parse(await response.TextAsync())!.AsArray();
            var row = rows.Single(r => (string?)r!["district"] == "61.11")!;
            row["personnel"] = new System.Text.Json.Nodes.JsonObject { ["counselor"] = 0, ["tagana"] = 0, ["socialWorker"] = 0, ["total"] = 0 };
            row["certifiedCurrent"] = 0;
            row["availableResponders"] = 0;
            await route.FulfillAsync(new() { Response = response, Body = rows.ToJsonString() });
        });
        await page.ReloadAsync();
        var figures = page.Locator(".tile[data-district='61.11'] dd");
        await Assertions.Expect(figures.Nth(1)).ToHaveTextAsync("–");
        await Assertions.Expect(page.Locator(".tile[data-district='61.05'] dd").Nth(1)).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+%$"));
    }

    [Theory]
    [InlineData(1366)]
    [InlineData(360)]
    public async Task the_five_counts_of_people_affected_stand_on_one_line_when_a_label_takes_two(int width)
    {
        var page = await Desk.SignedInPageAsync("coordinator", width: width, height: 900);
        var counts = page.Locator("fieldset.people").First;
        await Assertions.Expect(counts.Locator("input")).ToHaveCountAsync(5);
        // The fields of one row of the grid (same top), and the tops of their inputs: one top per row.
        var rows = await counts.EvaluateAsync<double[][]>(@"set => {
            const byRow = new Map();
            for (const field of set.querySelectorAll('.field')) {
                const top = Math.round(field.getBoundingClientRect().top);
                byRow.set(top, [...(byRow.get(top) ?? []), field.querySelector('input').getBoundingClientRect().top]);
            }
            return [...byRow.values()];
        }");
        Assert.Contains(rows, row => row.Length > 1);
        Assert.Contains(await counts.Locator("label").AllInnerTextsAsync(), label => label == "Penyandang disabilitas");
        Assert.All(rows, row => Assert.True(row.Max() - row.Min() < 1, $"inputs at {string.Join(", ", row)} in one row"));
        Assert.Empty(Desk.ConsoleErrors[page]);
    }

    [Fact]
    public async Task on_a_laptop_no_word_on_a_readiness_tile_is_broken_across_lines()
    {
        var page = await Desk.SignedInPageAsync("coordinator");
        await Assertions.Expect(page.Locator(".tile")).ToHaveCountAsync(14);
        // Every word of every tile's text, measured: a word drawn on more than one line was broken.
        var broken = await page.EvaluateAsync<string[]>(@"() => {
            const found = [];
            const walker = document.createTreeWalker(document.querySelector('.tiles'), NodeFilter.SHOW_TEXT);
            for (let node; (node = walker.nextNode());)
                for (const m of node.textContent.matchAll(/\S+/g)) {
                    const range = document.createRange();
                    range.setStart(node, m.index);
                    range.setEnd(node, m.index + m[0].length);
                    const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
                    if (lines.size > 1) found.push(m[0]);
                }
            return found;
        }");
        Assert.Empty(broken);
        Assert.Empty(Desk.ConsoleErrors[page]);
    }
}
