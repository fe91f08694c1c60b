using System.Net.Http.Json;
using System.Text.Json;
using Coordination.Browser.Tests.Support;
using Microsoft.Playwright;

namespace Coordination.Browser.Tests;

/// <summary>The incident page's phase, rapid assessment and emergency status forms.</summary>
[Collection(DeskCollection.Name)]
public sealed class IncidentProgressTests(DeskFixture desk) : DeskTest(desk)
{
    [Fact]
    public async Task the_coordinator_moves_an_incident_from_Tanggap_Darurat_to_Transisi_offered_only_the_next_phase_in_words()
    {
        var incident = await Desk.ReportFloodAsync("Banjir Sungai Ketungau, Sintang", "61.05");
        var page = await Desk.SignedInPageAsync("coordinator");
        await page.GotoAsync($"/#/incident/{incident}");
        var phasing = page.Locator("section[aria-labelledby=phase-title]");
        await Assertions.Expect(phasing).ToContainTextAsync("Fase sekarang: Tanggap Darurat");
        var next = phasing.GetByLabel("Fase berikutnya");
        await Assertions.Expect(next.Locator("option")).ToHaveTextAsync(["Transisi Darurat ke Pemulihan"]);

        await phasing.GetByRole(AriaRole.Button, new() { Name = "Ubah fase" }).ClickAsync();
        await Assertions.Expect(page.Locator("main h1 + p .badge")).ToHaveTextAsync("Transisi Darurat ke Pemulihan");
        await Assertions.Expect(phasing).ToContainTextAsync("Fase sekarang: Transisi Darurat ke Pemulihan");
        await Assertions.Expect(phasing).ToContainTextAsync("Ini fase terakhir sebelum kejadian ditutup");
        await Assertions.Expect(phasing.Locator("select")).ToHaveCountAsync(0);
        var stored = await Desk.Api(DeskFixture.Token("analyst")).GetFromJsonAsync<JsonElement>($"/api/incidents/{incident}");
        Assert.Equal("recovery", stored.GetProperty("phase").GetString());
        Assert.Empty(Desk.ConsoleErrors[page]);
    }

    [Fact]
    public async Task new_figures_from_a_rapid_assessment_start_from_the_current_ones_and_replace_them_in_the_coverage()
    {
        var incident = await Desk.ReportFloodAsync("Banjir Sungai Sambas, Tebas", "61.01");
        var page = await Desk.SignedInPageAsync("coordinator");
        await page.GotoAsync($"/#/incident/{incident}");
        var assessing = page.Locator("section[aria-labelledby=assess-title]");
        await Assertions.Expect(assessing.GetByLabel("Desa terdampak")).ToHaveValueAsync("Baning Kota\nKapuas Kiri Hilir");
        await Assertions.Expect(assessing.GetByLabel("Semua", new() { Exact = true })).ToHaveValueAsync("1200");
        await Assertions.Expect(assessing.GetByLabel("Anak", new() { Exact = true })).ToHaveValueAsync("400");

        await assessing.GetByLabel("Desa terdampak").FillAsync("Baning Kota\nKapuas Kiri Hilir\nSemangau");
        await assessing.GetByLabel("Semua", new() { Exact = true }).FillAsync("3400");
        await assessing.GetByLabel("Anak", new() { Exact = true }).FillAsync("1100");
        await assessing.GetByRole(AriaRole.Button, new() { Name = "Simpan kaji cepat" }).ClickAsync();

        var total = page.Locator("table.coverage tr[data-group=total] td").First;
        await Assertions.Expect(total).ToHaveTextAsync("3.400");
        await Assertions.Expect(page.Locator("table.coverage tr[data-group=children] td").First).ToHaveTextAsync("1.100");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Desa terdampak: Baning Kota, Kapuas Kiri Hilir, Semangau");
        await Assertions.Expect(assessing.GetByLabel("Semua", new() { Exact = true })).ToHaveValueAsync("3400");
        var stored = await Desk.Api(DeskFixture.Token("analyst")).GetFromJsonAsync<JsonElement>($"/api/incidents/{incident}");
        Assert.Equal(3400, stored.GetProperty("affected").GetProperty("total").GetInt32());
        Assert.Equal(3, stored.GetProperty("villages").GetArrayLength());
        Assert.Empty(Desk.ConsoleErrors[page]);
    }

    /// <summary>
    /// A coverage view that does not yet hold the incident's figures is read again each second while the page is in view,
    /// not while it is hidden (another tab, a phone's screen off), and again once it is shown. The page's clock is paused and
    /// moved on by the test, so "not while hidden" is five of the page's seconds passing with no read sent.
    /// </summary>
    [Fact]
    public async Task a_hidden_incident_page_reads_the_lagging_coverage_no_more_until_it_is_shown_again()
    {
        var incident = await Desk.ReportFloodAsync("Banjir Sungai Kapuas, Sanggau Kapuas", "61.03");
        var page = await Desk.SignedInPageAsync("coordinator");
        var reads = 0;
        var readAgain = new TaskCompletionSource();
        // coverage that never holds the incident's figures: the page would go on reading it
        await page.RouteAsync($"**/api/incidents/{incident}/coverage", async route =>
        {
            var response = await Fetches.WholeAsync(route);
            var coverage = System.Text.Json.Nodes.JsonNode.Parse(await response.TextAsync())!;
            coverage["affected"]!["total"] = 1;
            await route.FulfillAsync(new() { Response = response, Body = coverage.ToJsonString() });
            if (Interlocked.Increment(ref reads) >= 2) readAgain.TrySetResult();
        });
        await page.Clock.InstallAsync();
        await page.Clock.PauseAtAsync(DateTime.Now.AddMinutes(1));
        await Fetches.CountAsync(page, $"/api/incidents/{incident}/coverage");
        await page.GotoAsync($"/#/incident/{incident}");
        // read, and read again once a second of the page's has passed: the page is waiting for it
        await Fetches.ReadAgainAsync(page, readAgain.Task, every: 1_000);

        // the browser hides the page, as it does for a tab in the background
        await page.EvaluateAsync(@"() => {
            Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
            document.dispatchEvent(new Event('visibilitychange'));
        }");
        var readsWhenHidden = await Fetches.SoFarAsync(page);
        await page.Clock.RunForAsync(5_000);
        Assert.Equal(readsWhenHidden, await Fetches.SoFarAsync(page));

        var shown = page.WaitForRequestAsync(r => r.Url.EndsWith($"/api/incidents/{incident}/coverage"));
        await page.EvaluateAsync(@"() => {
            Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'visible' });
            document.dispatchEvent(new Event('visibilitychange'));
        }");
        await shown;
        Assert.Empty(Desk.ConsoleErrors[page]);
    }

    [Fact]
    public async Task the_coordinator_declares_the_emergency_status_sees_berlaku_sampai_and_an_extension_must_run_later()
    {
        var incident = await Desk.ReportFloodAsync("Banjir Sungai Landak, Menjalin", "61.08");
        var page = await Desk.SignedInPageAsync("coordinator");
        await page.GotoAsync($"/#/incident/{incident}");
        var declaring = page.Locator("section[aria-labelledby=emergency-title]");
        await Assertions.Expect(declaring).ToContainTextAsync("Belum ada SK status keadaan darurat.");

        await declaring.GetByLabel("Nomor SK").FillAsync("360/412/BPBD/2026");
        await declaring.GetByLabel("Berlaku sampai").FillAsync("2030-12-13");
        await declaring.GetByRole(AriaRole.Button, new() { Name = "Tetapkan status keadaan darurat" }).ClickAsync();
        await Assertions.Expect(page.Locator("main h1 ~ p").Nth(1)).ToHaveTextAsync("SK 360/412/BPBD/2026 berlaku sampai 13 Desember 2030");
        await Assertions.Expect(declaring).ToContainTextAsync("SK 360/412/BPBD/2026 berlaku sampai 13 Desember 2030");

        // An extension must run past the current end: the page says so beside the date before sending.
        await declaring.GetByLabel("Nomor SK").FillAsync("360/431/BPBD/2026");
        await declaring.GetByLabel("Diperpanjang sampai").FillAsync("2030-12-13");
        await declaring.GetByRole(AriaRole.Button, new() { Name = "Perpanjang status keadaan darurat" }).ClickAsync();
        await Assertions.Expect(declaring.Locator("[data-error-for=validUntil]")).ToHaveTextAsync("Tidak boleh sebelum 14 Desember 2030.");

        await declaring.GetByLabel("Diperpanjang sampai").FillAsync("2030-12-27");
        await declaring.GetByRole(AriaRole.Button, new() { Name = "Perpanjang status keadaan darurat" }).ClickAsync();
        await Assertions.Expect(page.Locator("main h1 ~ p").Nth(1)).ToHaveTextAsync("SK 360/431/BPBD/2026 berlaku sampai 27 Desember 2030");
        var stored = await Desk.Api(DeskFixture.Token("analyst")).GetFromJsonAsync<JsonElement>($"/api/incidents/{incident}");
        Assert.Equal("2030-12-27", stored.GetProperty("emergency").GetProperty("validUntil").GetString());
        Assert.Empty(Desk.ConsoleErrors[page]);
    }

    [Fact]
    public async Task steps_the_server_refuses_show_its_text_beside_the_field_and_keep_what_was_typed()
    {
        var incident = await Desk.ReportFloodAsync("Banjir Sungai Sekayam, Entikong", "61.03", new DateTimeOffset(2026, 11, 20, 2, 0, 0, TimeSpan.Zero));
        var page = await Desk.SignedInPageAsync("coordinator");
        await page.GotoAsync($"/#/incident/{incident}");

        var declaring = page.Locator("section[aria-labelledby=emergency-title]");
        await declaring.GetByLabel("Nomor SK").FillAsync("360/77/BPBD/2026");
        await declaring.GetByLabel("Berlaku sampai").FillAsync("2026-11-10");
        await declaring.GetByRole(AriaRole.Button, new() { Name = "Tetapkan status keadaan darurat" }).ClickAsync();
        var beside = declaring.Locator("[data-error-for=validUntil]");
        await Assertions.Expect(beside).ToContainTextAsync("lebih awal daripada waktu kejadian");
        await Assertions.Expect(declaring.GetByLabel("Berlaku sampai")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(declaring.GetByLabel("Nomor SK")).ToHaveValueAsync("360/77/BPBD/2026");

        var assessing = page.Locator("section[aria-labelledby=assess-title]");
        await assessing.GetByLabel("Semua", new() { Exact = true }).FillAsync("300");
        await assessing.GetByRole(AriaRole.Button, new() { Name = "Simpan kaji cepat" }).ClickAsync();
        await Assertions.Expect(assessing.Locator("[data-error-for='affected.children']")).Not.ToBeEmptyAsync();
        await Assertions.Expect(assessing.GetByLabel("Semua", new() { Exact = true })).ToHaveValueAsync("300");
        await Assertions.Expect(page.Locator("table.coverage tr[data-group=total] td").First).ToHaveTextAsync("1.200");
        Assert.All(Desk.ConsoleErrors[page], error => Assert.Matches("409|400", error)); // the two refusals, and nothing else
    }

    [Fact]
    public async Task an_assessment_from_a_page_opened_before_someone_else_s_says_so_keeps_the_figures_typed_and_goes_through_on_the_next_press()
    {
        var incident = await Desk.ReportFloodAsync("Banjir Sungai Kapuas, Putussibau", "61.06");
        var page = await Desk.SignedInPageAsync("coordinator");
        await page.GotoAsync($"/#/incident/{incident}");
        var assessing = page.Locator("section[aria-labelledby=assess-title]");
        await Assertions.Expect(assessing.GetByLabel("Semua", new() { Exact = true })).ToHaveValueAsync("1200");

        // The district's own assessment arrives while this page still shows the reported figures.
        var officer = Desk.Api(DeskFixture.Token("district", "61.06"));
        (await officer.PostAsJsonAsync($"/api/incidents/{incident}/assessments", new
        {
            villages = new[] { "Baning Kota", "Kapuas Kiri Hilir" },
            affected = new { total = 2000, children = 600, elderly = 150, disabled = 30, pregnant = 15 }
        })).EnsureSuccessStatusCode();

        await assessing.GetByLabel("Semua", new() { Exact = true }).FillAsync("2500");
        await assessing.GetByRole(AriaRole.Button, new() { Name = "Simpan kaji cepat" }).ClickAsync();
        await Assertions.Expect(assessing.Locator(".form-message")).ToContainTextAsync("Kejadian ini sudah diubah orang lain sejak halaman dibuka.");
        var total = page.Locator("table.coverage tr[data-group=total] td").First;
        await Assertions.Expect(total).ToHaveTextAsync("2.000");
        await Assertions.Expect(assessing.GetByLabel("Semua", new() { Exact = true })).ToHaveValueAsync("2500");
        var stored = await officer.GetFromJsonAsync<JsonElement>($"/api/incidents/{incident}");
        Assert.Equal(2000, stored.GetProperty("affected").GetProperty("total").GetInt32());

        await assessing.GetByRole(AriaRole.Button, new() { Name = "Simpan kaji cepat" }).ClickAsync();
        await Assertions.Expect(total).ToHaveTextAsync("2.500");
        Assert.All(Desk.ConsoleErrors[page], error => Assert.Contains("412", error)); // the stale assessment, and nothing else
    }

    [Fact]
    public async Task a_district_officer_moves_their_own_district_s_incident_on_a_phone_with_nothing_off_screen_and_not_another_district_s()
    {
        var own = await Desk.ReportFloodAsync("Banjir Sungai Melawi, Nanga Pinoh", "61.10");
        var other = await Desk.ReportFloodAsync("Banjir Sungai Kapuas, Sanggau Kapuas", "61.03");
        var page = await Desk.SignedInPageAsync("district", "61.10", width: 360, height: 740);
        await page.GotoAsync($"/#/incident/{own}");
        var phasing = page.Locator("section[aria-labelledby=phase-title]");
        await Assertions.Expect(phasing).ToContainTextAsync("Fase sekarang: Tanggap Darurat");
        foreach (var name in new[] { "Ubah fase", "Tetapkan status keadaan darurat", "Simpan kaji cepat" })
        {
            var box = (await page.GetByRole(AriaRole.Button, new() { Name = name }).BoundingBoxAsync())!;
            Assert.True(box.X >= 0 && box.X + box.Width <= 360, $"{name} lies at {box.X}–{box.X + box.Width} px in a 360 px viewport");
        }
        Assert.True(await page.EvaluateAsync<int>("document.documentElement.scrollWidth") <= 360);

        await phasing.GetByRole(AriaRole.Button, new() { Name = "Ubah fase" }).ClickAsync();
        await Assertions.Expect(page.Locator("main h1 + p .badge")).ToHaveTextAsync("Transisi Darurat ke Pemulihan");

        await page.GotoAsync($"/#/incident/{other}");
        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync("Banjir Sungai Kapuas, Sanggau Kapuas");
        await Assertions.Expect(page.Locator("section[aria-labelledby=phase-title]")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("section[aria-labelledby=assess-title]")).ToBeHiddenAsync();
        Assert.Empty(Desk.ConsoleErrors[page]);
    }

}
