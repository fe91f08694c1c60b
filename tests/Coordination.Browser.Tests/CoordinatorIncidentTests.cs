using System.Net.Http.Json;
using System.Text.Json;
using Coordination.Browser.Tests.Support;
using Microsoft.Playwright;

namespace Coordination.Browser.Tests;

[Collection(DeskCollection.Name)]
public sealed class CoordinatorIncidentTests(DeskFixture desk) : DeskTest(desk)
{
    [Theory]
    [InlineData("not-a-guid")]
    [InlineData("3f8e2b1c-0d4a-4e6b-9c7d-5a1b2c3d4e5f")]
    public async Task an_address_naming_no_incident_says_so_in_Indonesian_and_leads_back_to_the_coordinator_page(string id)
    {
        var page = await Desk.SignedInPageAsync("coordinator");
        await page.GotoAsync($"/#/incident/{id}");
        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync("Kejadian");
        await Assertions.Expect(page.Locator("main p.failed")).ToHaveTextAsync(
            "Kejadian ini tidak ditemukan. Alamatnya mungkin salah, atau kejadian itu tidak ada.");
        await Assertions.Expect(page.Locator("main section.panel")).ToHaveCountAsync(0); // no empty panels, no request form
        await Assertions.Expect(page.Locator("main")).Not.ToContainTextAsync("/api/");

        await page.GetByRole(AriaRole.Link, new() { Name = "Kembali ke dasbor koordinator" }).ClickAsync();
        await Assertions.Expect(page.Locator("main h1")).ToContainTextAsync("Dasbor koordinator provinsi");
        Assert.All(Desk.ConsoleErrors[page], error => Assert.Contains("404", error)); // the missing incident, and nothing else
    }

    [Fact]
    public async Task closing_lists_the_team_still_out_shows_the_refusal_and_closes_once_the_team_stood_down()
    {
        var (incident, officer, deployment) = await TeamOutAsync("Banjir Sungai Landak, Ngabang", "61.08", "Markus Landak", "Tim LDP Ngabang");

        var page = await Desk.SignedInPageAsync("coordinator");
        await page.GotoAsync($"/#/incident/{incident}");
        var closing = page.Locator("section[aria-labelledby=close-title]");
        await Assertions.Expect(closing.Locator(".still-out li")).ToHaveTextAsync("Tim LDP Ngabang · Landak");

        await closing.GetByLabel("Ringkasan penutupan").FillAsync("Air sudah surut; layanan dilanjutkan dinas kabupaten.");
        await closing.GetByRole(AriaRole.Button, new() { Name = "Tutup kejadian" }).ClickAsync();
        // the team as the page names it, by its name and district, never by its deployment's id
        await Assertions.Expect(closing.Locator(".form-message")).ToContainTextAsync(
            "masih memiliki 1 tim yang bertugas: Tim LDP Ngabang dari Kabupaten Landak (61.08). Tarik tim tersebut terlebih dahulu.");
        await Assertions.Expect(closing.Locator(".form-message")).Not.ToContainTextAsync(deployment.ToString());
        await Assertions.Expect(closing.GetByLabel("Ringkasan penutupan")).ToHaveValueAsync("Air sudah surut; layanan dilanjutkan dinas kabupaten.");

        (await officer.PostAsync($"/api/deployments/{deployment}/stand-down", null)).EnsureSuccessStatusCode();
        await page.ReloadAsync();
        await Assertions.Expect(closing.GetByText("Tidak ada tim yang masih bertugas.")).ToBeVisibleAsync();
        await closing.GetByLabel("Ringkasan penutupan").FillAsync("Air sudah surut.");
        await closing.GetByRole(AriaRole.Button, new() { Name = "Tutup kejadian" }).ClickAsync();
        await Assertions.Expect(closing).ToContainTextAsync("Kejadian ditutup");
        await Assertions.Expect(page.Locator("main h1 + p .badge")).ToHaveTextAsync("Selesai");
        Assert.All(Desk.ConsoleErrors[page], error => Assert.Contains("409", error)); // the refusal, and nothing else
    }

    /// <summary>
    /// What no notice announces (a team's arrival, its service records) reaches an open incident page without a reload (by the
    /// province's "changed" or the refresh every 15 s while the page is in view); a refresh that finds nothing new draws nothing again.
    /// </summary>
    [Fact]
    public async Task a_team_s_arrival_and_its_service_record_show_on_the_coordinator_s_incident_page_without_a_reload()
    {
        var (incident, officer, deployment) = await TeamOutAsync("Banjir Sungai Melawi, Nanga Pinoh", "61.10", "Yohana Pinoh", "Tim LDP Nanga Pinoh");

        var page = await Desk.SignedInPageAsync("coordinator");
        await page.GotoAsync($"/#/incident/{incident}");
        var teams = page.Locator("section[aria-labelledby=teams-title]");
        var coverage = page.Locator("section[aria-labelledby=coverage-title]");
        await Assertions.Expect(teams).ToContainTextAsync("Tim LDP Nanga Pinoh · Melawi · Baning Kota · Diberangkatkan");
        // the coverage view holds the report's figures: the page stops reading it again to catch up
        await Assertions.Expect(coverage).ToContainTextAsync("1.200");
        var firstRow = page.Locator("section[aria-labelledby=timeline-title] tbody tr").First;
        await firstRow.EvaluateAsync("row => row.dataset.seen = 'yes'");

        // a refresh that finds nothing new leaves the page as it was drawn
        await page.WaitForResponseAsync(r => r.Url.EndsWith($"/api/incidents/{incident}/coverage"), new() { Timeout = 30_000 });
        await Assertions.Expect(firstRow).ToHaveAttributeAsync("data-seen", "yes");

        (await officer.PostAsync($"/api/deployments/{deployment}/arrive", null)).EnsureSuccessStatusCode();
        (await officer.PostAsJsonAsync($"/api/deployments/{deployment}/services", new
        {
            date = DateTime.UtcNow.AddHours(7).ToString("yyyy-MM-dd"), village = "Baning Kota", service = "group-support",
            newlyReached = new { total = 37, children = 12, elderly = 0, disabled = 0, pregnant = 0 }, contacts = 37
        })).EnsureSuccessStatusCode();
        await Assertions.Expect(teams).ToContainTextAsync("Tim LDP Nanga Pinoh · Melawi · Baning Kota · Di lokasi", new() { Timeout = 30_000 });
        await Assertions.Expect(coverage).ToContainTextAsync("sesi layanan: 37");
        Assert.Empty(Desk.ConsoleErrors[page]);
    }

    /// <summary>
    /// The province's stream says "changed" once the views took in what a district did: the open page reads again then, not at
    /// its next refresh. The page's clock is stopped, so its 15 s refresh cannot be what brought the change; the clock is moved
    /// on by at most 10 s, enough for the 2 s between two such reads.
    /// </summary>
    [Fact]
    public async Task a_team_s_arrival_shows_on_an_open_incident_page_as_soon_as_the_views_took_it_in()
    {
        var (incident, officer, deployment) = await TeamOutAsync("Banjir Sungai Kapuas, Sanggau", "61.03", "Lukas Sanggau", "Tim LDP Sanggau");

        var page = await Desk.SignedInPageAsync("coordinator");
        await page.Clock.InstallAsync();
        await page.Clock.PauseAtAsync(DateTime.Now.AddMinutes(1));
        await page.GotoAsync($"/#/incident/{incident}");
        var teams = page.Locator("section[aria-labelledby=teams-title]");
        await Assertions.Expect(teams).ToContainTextAsync("Tim LDP Sanggau · Sanggau · Baning Kota · Diberangkatkan");
        await Assertions.Expect(page.Locator("main .live")).ToHaveTextAsync("● terhubung");

        (await officer.PostAsync($"/api/deployments/{deployment}/arrive", null)).EnsureSuccessStatusCode();
        var arrived = teams.GetByText("Tim LDP Sanggau · Sanggau · Baning Kota · Di lokasi");
        for (var moved = 0; moved < 5 && !await Shown(arrived); moved++) await page.Clock.RunForAsync(2_000);
        await Assertions.Expect(arrived).ToBeVisibleAsync(new() { Timeout = 1 });
        Assert.Empty(Desk.ConsoleErrors[page]);
    }

    private static async Task<bool> Shown(ILocator locator)
    {
        try
        {
            await locator.WaitForAsync(new() { Timeout = 5_000 });
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    [Fact]
    public async Task closing_from_a_page_opened_before_someone_else_moved_the_phase_says_so_keeps_the_summary_and_closes_on_the_next_press()
    {
        var incident = await Desk.ReportFloodAsync("Banjir Sungai Pinoh, Nanga Pinoh", "61.10");
        var page = await Desk.SignedInPageAsync("coordinator");
        await page.GotoAsync($"/#/incident/{incident}");
        var phase = page.Locator("main h1 + p .badge");
        await Assertions.Expect(phase).ToHaveTextAsync("Tanggap Darurat");

        // Another coordinator moves the incident on while this page still shows it in response.
        var other = Desk.Api(DeskFixture.Token("coordinator"));
        (await other.PostAsJsonAsync($"/api/incidents/{incident}/phase", new { phase = "recovery" })).EnsureSuccessStatusCode();

        var closing = page.Locator("section[aria-labelledby=close-title]");
        await closing.GetByLabel("Ringkasan penutupan").FillAsync("Air sudah surut di Nanga Pinoh.");
        await closing.GetByRole(AriaRole.Button, new() { Name = "Tutup kejadian" }).ClickAsync();
        await Assertions.Expect(closing.Locator(".form-message")).ToContainTextAsync("Kejadian ini sudah diubah orang lain sejak halaman dibuka.");
        await Assertions.Expect(phase).ToHaveTextAsync("Transisi Darurat ke Pemulihan");
        await Assertions.Expect(closing.GetByLabel("Ringkasan penutupan")).ToHaveValueAsync("Air sudah surut di Nanga Pinoh.");
        var stored = await other.GetFromJsonAsync<JsonElement>($"/api/incidents/{incident}");
        Assert.Equal("recovery", stored.GetProperty("phase").GetString());

        // Having seen the change, one press closes it.
        await closing.GetByRole(AriaRole.Button, new() { Name = "Tutup kejadian" }).ClickAsync();
        await Assertions.Expect(closing).ToContainTextAsync("Kejadian ditutup");
        await Assertions.Expect(phase).ToHaveTextAsync("Selesai");
        Assert.All(Desk.ConsoleErrors[page], error => Assert.Contains("412", error)); // the stale close, and nothing else
    }

    [Fact]
    public async Task a_live_update_brings_the_incident_s_new_version_so_closing_after_it_needs_no_second_press()
    {
        var incident = await Desk.ReportFloodAsync("Banjir Sungai Kayan, Sintang", "61.05");
        var request = await Desk.IssueRequestAsync(incident, "61.05");
        var page = await Desk.SignedInPageAsync("coordinator");
        await page.GotoAsync($"/#/incident/{incident}");
        var phase = page.Locator("main h1 + p .badge");
        await Assertions.Expect(phase).ToHaveTextAsync("Tanggap Darurat");

        (await Desk.Api(DeskFixture.Token("coordinator")).PostAsJsonAsync($"/api/incidents/{incident}/phase", new { phase = "recovery" }))
            .EnsureSuccessStatusCode();
        // Sintang's answer reaches the page live, and the page reads the incident again with it.
        (await Desk.Api(DeskFixture.Token("district", "61.05")).PostAsJsonAsync($"/api/requests/{request}/decline", new { reason = "semua sedang bertugas" }))
            .EnsureSuccessStatusCode();
        await Assertions.Expect(page.Locator($"tr[data-request='{request}']")).ToContainTextAsync("Ditolak");
        await Assertions.Expect(phase).ToHaveTextAsync("Transisi Darurat ke Pemulihan");

        var closing = page.Locator("section[aria-labelledby=close-title]");
        await closing.GetByLabel("Ringkasan penutupan").FillAsync("Air sudah surut di Kayan.");
        await closing.GetByRole(AriaRole.Button, new() { Name = "Tutup kejadian" }).ClickAsync();
        await Assertions.Expect(phase).ToHaveTextAsync("Selesai");
        Assert.Empty(Desk.ConsoleErrors[page]);
    }

    [Fact]
    public async Task closing_an_incident_shows_its_open_request_cancelled_live_to_the_coordinators_and_in_the_district_s_inbox()
    {
        var (request, page, colleague, officer, card) = await RequestWatchedLiveAsync("Banjir Sungai Melawi, Sintang", 3);
        await Assertions.Expect(page.Locator($"tr[data-request='{request}'] .badge")).ToHaveTextAsync("Menunggu jawaban");

        await CloseAsync(page, "Air sudah surut di Nanga Pinoh.");

        // The request the close cancelled shows as cancelled on both coordinators' pages without a reload, and Sintang's
        // card says so and no longer offers an answer.
        foreach (var p in new[] { page, colleague })
        {
            var row = p.Locator($"tr[data-request='{request}']");
            await Assertions.Expect(row.Locator(".badge")).ToHaveTextAsync("Dibatalkan");
            await Assertions.Expect(row).ToContainTextAsync("Kejadian ditutup: Air sudah surut di Nanga Pinoh.");
            await Assertions.Expect(p.Locator("main h1 + p .badge")).ToHaveTextAsync("Selesai");
        }
        await Assertions.Expect(card.Locator(".badge.request-cancelled")).ToHaveTextAsync("Dibatalkan");
        await Assertions.Expect(card.GetByRole(AriaRole.Button, new() { Name = "Terima" })).ToHaveCountAsync(0);
        await Assertions.Expect(card).ToContainTextAsync("Kejadian ditutup: Air sudah surut di Nanga Pinoh.");
        foreach (var p in new[] { page, colleague, officer }) Assert.Empty(Desk.ConsoleErrors[p]);
    }

    [Fact]
    public async Task closing_an_incident_with_no_request_shows_it_closed_live_on_a_colleague_s_incident_page_and_dashboard()
    {
        var incident = await Desk.ReportFloodAsync("Banjir Sungai Ketungau, Sintang", "61.05");
        var page = await Desk.SignedInPageAsync("coordinator");
        await page.GotoAsync($"/#/incident/{incident}");
        // a colleague at the province has the same incident open in one browser, and their dashboard in another
        var colleague = await Desk.SignedInPageAsync("coordinator");
        await colleague.GotoAsync($"/#/incident/{incident}");
        var dashboard = await Desk.SignedInPageAsync("coordinator", width: 360, height: 740);
        var listed = dashboard.Locator($"article.incident a[href='#/incident/{incident}']");
        await Assertions.Expect(listed).ToBeVisibleAsync();
        await Assertions.Expect(colleague.Locator("main h1 + p .badge")).ToHaveTextAsync("Tanggap Darurat");
        await Assertions.Expect(colleague.Locator("section[aria-labelledby=requests-title] .live")).ToHaveTextAsync("● terhubung");
        await Assertions.Expect(dashboard.Locator("h1 .live")).ToHaveTextAsync("● terhubung");

        await CloseAsync(page, "Air sudah surut di Ketungau Hilir.");

        // No request was cancelled, yet the colleague's pages follow the close without a reload.
        await Assertions.Expect(colleague.Locator("main h1 + p .badge")).ToHaveTextAsync("Selesai");
        await Assertions.Expect(colleague.GetByRole(AriaRole.Button, new() { Name = "Tutup kejadian" })).ToHaveCountAsync(0);
        await Assertions.Expect(listed).ToHaveCountAsync(0);
        foreach (var p in new[] { page, colleague, dashboard }) Assert.Empty(Desk.ConsoleErrors[p]);
    }

    [Fact]
    public async Task a_request_one_coordinator_cancels_shows_cancelled_live_on_a_colleague_s_page_and_leaves_the_district_s_inbox()
    {
        var (request, page, colleague, officer, card) = await RequestWatchedLiveAsync("Banjir Sungai Kapuas, Sintang kota", 2);

        var row = page.Locator($"tr[data-request='{request}']");
        await row.GetByText("Batalkan…").ClickAsync();
        await row.GetByLabel("Alasan pembatalan").FillAsync("Sudah dipenuhi Sanggau");
        await row.GetByRole(AriaRole.Button, new() { Name = "Batalkan permintaan" }).ClickAsync();
        await Assertions.Expect(page.Locator($"tr[data-request='{request}'] .badge")).ToHaveTextAsync("Dibatalkan");

        var theirs = colleague.Locator($"tr[data-request='{request}']");
        await Assertions.Expect(theirs.Locator(".badge")).ToHaveTextAsync("Dibatalkan");
        await Assertions.Expect(theirs.GetByText("Batalkan…")).ToHaveCountAsync(0);
        await Assertions.Expect(colleague.Locator("#toast")).ToHaveTextAsync("Permintaan dibatalkan.");
        await Assertions.Expect(card.Locator(".badge.request-cancelled")).ToHaveTextAsync("Dibatalkan");
        await Assertions.Expect(card.GetByRole(AriaRole.Button, new() { Name = "Terima" })).ToHaveCountAsync(0);
        foreach (var p in new[] { page, colleague, officer }) Assert.Empty(Desk.ConsoleErrors[p]);
    }

    [Fact]
    public async Task the_coordinator_cancels_a_request_and_reads_it_on_the_incident_s_timeline()
    {
        var incident = await Desk.ReportFloodAsync("Banjir Sungai Sekadau", "61.09");
        var request = await Desk.IssueRequestAsync(incident, "61.09", count: 2);

        var page = await Desk.SignedInPageAsync("coordinator");
        await page.GotoAsync($"/#/incident/{incident}");
        var row = page.Locator($"tr[data-request='{request}']");
        await Assertions.Expect(row).ToContainTextAsync("Menunggu jawaban");
        var timeline = page.Locator("section[aria-labelledby=timeline-title]");
        await Assertions.Expect(timeline.Locator("tbody tr")).ToHaveCountAsync(2);
        await Assertions.Expect(timeline.Locator("tbody tr").Nth(0)).ToContainTextAsync("Kejadian dilaporkan");
        await Assertions.Expect(timeline.Locator("tbody tr").Nth(1)).ToContainTextAsync("Personel diminta");

        await row.GetByText("Batalkan…").ClickAsync();
        await row.GetByLabel("Alasan pembatalan").FillAsync("Sudah dipenuhi Sanggau");
        await row.GetByRole(AriaRole.Button, new() { Name = "Batalkan permintaan" }).ClickAsync();
        await Assertions.Expect(page.Locator($"tr[data-request='{request}']")).ToContainTextAsync("Dibatalkan");
        await Assertions.Expect(timeline.Locator("tbody tr")).ToHaveCountAsync(3);
        await Assertions.Expect(timeline.Locator("tbody tr").Nth(2)).ToContainTextAsync("Permintaan dibatalkan");
        await Assertions.Expect(timeline.Locator("tbody tr").Nth(2)).ToContainTextAsync("Sudah dipenuhi Sanggau");

        var stored = await Desk.Api(DeskFixture.Token("analyst")).GetFromJsonAsync<JsonElement>($"/api/requests/{request}");
        Assert.Equal("cancelled", stored.GetProperty("status").GetString());
        Assert.Empty(Desk.ConsoleErrors[page]);
    }

    [Fact]
    public async Task cancelling_a_request_the_district_answered_since_the_page_showed_it_says_so_keeps_the_reason_and_cancels_on_the_next_press()
    {
        var incident = await Desk.ReportFloodAsync("Banjir Sungai Melawi, Nanga Pinoh", "61.10");
        var request = await Desk.IssueRequestAsync(incident, "61.10", count: 2);
        var page = await Desk.SignedInPageAsync("coordinator");
        // A bad connection: the live stream never gets through, so the page learns nothing of the answer by itself.
        await page.RouteAsync("**/api/events/stream", route => route.AbortAsync());
        await page.GotoAsync($"/#/incident/{incident}");
        var row = page.Locator($"tr[data-request='{request}']");
        await Assertions.Expect(row).ToContainTextAsync("Menunggu jawaban");

        // Melawi accepts while this page still shows the request waiting for its answer.
        (await Desk.Api(DeskFixture.Token("district", "61.10")).PostAsJsonAsync($"/api/requests/{request}/accept", new { count = 2 }))
            .EnsureSuccessStatusCode();

        await row.GetByText("Batalkan…").ClickAsync();
        await row.GetByLabel("Alasan pembatalan").FillAsync("Sudah dipenuhi Sintang");
        await row.GetByRole(AriaRole.Button, new() { Name = "Batalkan permintaan" }).ClickAsync();
        await Assertions.Expect(row.Locator(".form-message")).ToContainTextAsync("Permintaan ini sudah diubah orang lain sejak halaman dibuka.");
        await Assertions.Expect(row.Locator(".badge")).ToHaveTextAsync("Diterima");
        await Assertions.Expect(row.GetByLabel("Alasan pembatalan")).ToHaveValueAsync("Sudah dipenuhi Sintang");
        // The keyboard goes on from the button pressed, not from the top of the page.
        await Assertions.Expect(row.GetByRole(AriaRole.Button, new() { Name = "Batalkan permintaan" })).ToBeFocusedAsync();
        var stored = await Desk.Api(DeskFixture.Token("analyst")).GetFromJsonAsync<JsonElement>($"/api/requests/{request}");
        Assert.Equal("accepted", stored.GetProperty("status").GetString());

        // Having seen the answer, one press (Enter, from where the focus is) cancels it.
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(row.Locator(".badge")).ToHaveTextAsync("Dibatalkan");
        stored = await Desk.Api(DeskFixture.Token("analyst")).GetFromJsonAsync<JsonElement>($"/api/requests/{request}");
        Assert.Equal("cancelled", stored.GetProperty("status").GetString());
        Assert.All(Desk.ConsoleErrors[page], error => Assert.True(error.Contains("412") || error.Contains("ERR_FAILED"), error));
    }

    [Fact]
    public async Task an_answer_arriving_live_while_the_coordinator_types_a_cancel_reason_keeps_the_reason_and_the_focus_in_it()
    {
        var (page, row, _, answer) = await TwoRequestsOnAPhoneAsync("Banjir Sungai Ketungau, Sintang", "61.05", answering: "61.11", cancelling: "61.12");
        await row.GetByText("Batalkan…").ClickAsync();
        await row.GetByLabel("Alasan pembatalan").FillAsync("Sudah dipenuhi");

        // Another district's answer reaches the page live and the requests are drawn again.
        await answer();
        await Assertions.Expect(row.GetByLabel("Alasan pembatalan")).ToHaveValueAsync("Sudah dipenuhi");
        await Assertions.Expect(row.GetByLabel("Alasan pembatalan")).ToBeFocusedAsync();
        // The row, unchanged, is the one being typed in: nothing in it says a draft was restored.
        await Assertions.Expect(row.GetByText("Isian yang belum terkirim dipulihkan.")).ToHaveCountAsync(0);
        await page.Keyboard.TypeAsync(" Sanggau");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(row.Locator(".badge")).ToHaveTextAsync("Dibatalkan");
        await Assertions.Expect(row).ToContainTextAsync("Sudah dipenuhi Sanggau");
        Assert.Empty(Desk.ConsoleErrors[page]);
    }

    [Fact]
    public async Task a_cancel_whose_connection_drops_after_a_live_update_drew_the_requests_again_says_so_in_its_row_and_is_sent_again_under_the_same_key()
    {
        var (page, row, cancelled, answer) = await TwoRequestsOnAPhoneAsync("Banjir Sungai Kapuas, Sanggau", "61.03", answering: "61.04", cancelling: "61.03");

        // The first press hangs on a bad connection until a live update has drawn the rows again, then the connection drops.
        var keys = new List<string?>();
        var redrawn = new TaskCompletionSource();
        await page.RouteAsync($"**/api/requests/{cancelled}/cancel", async route =>
        {
            lock (keys) keys.Add(route.Request.Headers.GetValueOrDefault("idempotency-key"));
            if (keys.Count > 1) { await route.ContinueAsync(); return; }
            await redrawn.Task;
            await route.AbortAsync("connectionreset");
        });
        await row.GetByText("Batalkan…").ClickAsync();
        await row.GetByLabel("Alasan pembatalan").FillAsync("Sudah dipenuhi Sanggau");
        await row.GetByRole(AriaRole.Button, new() { Name = "Batalkan permintaan" }).ClickAsync();
        await Assertions.Expect(row.Locator("form")).ToHaveAttributeAsync("aria-busy", "true");
        await answer();
        redrawn.SetResult();

        await Assertions.Expect(row.Locator(".form-message")).ToContainTextAsync("Jaringan terputus atau server tidak menjawab.");
        await Assertions.Expect(row.GetByLabel("Alasan pembatalan")).ToHaveValueAsync("Sudah dipenuhi Sanggau");
        await row.GetByRole(AriaRole.Button, new() { Name = "Coba lagi" }).ClickAsync();
        await Assertions.Expect(row.Locator(".badge")).ToHaveTextAsync("Dibatalkan");
        Assert.Equal(2, keys.Count);
        Assert.NotNull(keys[0]);
        Assert.Equal(keys[0], keys[1]);
        var stored = await Desk.Api(DeskFixture.Token("analyst")).GetFromJsonAsync<JsonElement>($"/api/requests/{cancelled}");
        Assert.Equal("cancelled", stored.GetProperty("status").GetString());
    }

    /// <summary>
    /// A flood with two requests waiting for their answer, on the coordinator's incident page on a phone with its live stream
    /// connected: the row of the one to cancel, its id, and the other's answer by district <paramref name="answering"/>, which
    /// returns once the page shows it (the requests drawn again by a live update).
    /// </summary>
    private async Task<(IPage Page, ILocator Row, Guid Cancelled, Func<Task> Answer)> TwoRequestsOnAPhoneAsync(
        string flood, string district, string answering, string cancelling)
    {
        var incident = await Desk.ReportFloodAsync(flood, district);
        var answered = await Desk.IssueRequestAsync(incident, answering);
        var cancelled = await Desk.IssueRequestAsync(incident, cancelling, count: 2);
        var page = await Desk.SignedInPageAsync("coordinator", width: 360, height: 740);
        await page.GotoAsync($"/#/incident/{incident}");
        var row = page.Locator($"tr[data-request='{cancelled}']");
        await Assertions.Expect(row).ToContainTextAsync("Menunggu jawaban");
        await Assertions.Expect(page.Locator("section[aria-labelledby=requests-title] .live")).ToHaveTextAsync("● terhubung");
        return (page, row, cancelled, async () =>
        {
            (await Desk.Api(DeskFixture.Token("district", answering)).PostAsJsonAsync($"/api/requests/{answered}/accept", new { count = 1 }))
                .EnsureSuccessStatusCode();
            await Assertions.Expect(page.Locator($"tr[data-request='{answered}'] .badge")).ToHaveTextAsync("Diterima");
        });
    }

    [Fact]
    public async Task a_request_pressed_again_as_it_was_sent_is_issued_once_and_a_changed_one_is_a_new_request()
    {
        var incident = await Desk.ReportFloodAsync("Banjir Sungai Kapuas, Putussibau", "61.06");
        var page = await Desk.SignedInPageAsync("coordinator");
        await page.GotoAsync($"/#/incident/{incident}");
        var form = page.Locator("section[aria-labelledby=request-title] form");
        await form.GetByLabel("Kepada kabupaten/kota").SelectOptionAsync("61.10");
        var send = form.GetByRole(AriaRole.Button, new() { Name = "Kirim permintaan" });

        // A double click whose second press lands after the first answer (a quick server, a slow hand).
        await send.ClickAsync();
        await Assertions.Expect(page.Locator("#toast")).ToHaveTextAsync("Permintaan terkirim.");
        await Assertions.Expect(page.Locator("table.requests tbody tr")).ToHaveCountAsync(1);
        await send.ClickAsync();
        await Assertions.Expect(send).ToBeEnabledAsync();
        await Assertions.Expect(form.Locator(".form-message")).ToBeEmptyAsync();
        var analyst = Desk.Api(DeskFixture.Token("analyst"));
        Assert.Equal(1, (await analyst.GetFromJsonAsync<JsonElement>($"/api/requests?incidentId={incident}")).GetArrayLength());

        // Several districts: the next district chosen is a new request.
        await form.GetByLabel("Kepada kabupaten/kota").SelectOptionAsync("61.05");
        await send.ClickAsync();
        await Assertions.Expect(page.Locator("table.requests tbody tr")).ToHaveCountAsync(2);
        var requests = await analyst.GetFromJsonAsync<JsonElement>($"/api/requests?incidentId={incident}");
        Assert.Equal(new[] { "61.05", "61.10" }, requests.EnumerateArray().Select(r => r.GetProperty("district").GetString()).Order());
        Assert.Empty(Desk.ConsoleErrors[page]);
    }

    [Fact]
    public async Task on_a_phone_each_request_and_each_coverage_group_is_a_card_with_nothing_off_screen_and_a_laptop_keeps_the_tables()
    {
        var incident = await Desk.ReportFloodAsync("Banjir Sungai Kapuas, Sanggau", "61.03");
        var request = await Desk.IssueRequestAsync(incident, "61.03", count: 2);
        await Desk.IssueRequestAsync(incident, "61.08", count: 3);

        var page = await Desk.SignedInPageAsync("coordinator", width: 360, height: 740);
        await page.GotoAsync($"/#/incident/{incident}");
        var row = page.Locator($"tr[data-request='{request}']");
        await Assertions.Expect(row).ToContainTextAsync("Sanggau");
        // Scrolling into view would scroll a box sideways too: where each one lies as the page opens is what counts.
        var cancel = row.GetByText("Batalkan…");
        var share = page.Locator("table.numbers tbody tr").First.Locator("td").Nth(2);
        await Assertions.Expect(share).ToContainTextAsync("0%");
        foreach (var (name, shown) in new[] { ("Batalkan…", cancel), ("coverage %", share) })
        {
            var box = (await shown.BoundingBoxAsync())!;
            Assert.True(box.X >= 0 && box.X + box.Width <= 360, $"{name} lies at {box.X}–{box.X + box.Width} px in a 360 px viewport");
        }
        // Neither box scrolls sideways: everything to read or press is on the screen.
        var sideways = await page.EvaluateAsync<string[]>("[...document.querySelectorAll('main .scroll:has(> table.requests, > table.coverage)')]"
            + ".filter(b => b.scrollWidth > b.clientWidth + 1).map(b => b.firstElementChild.className)");
        Assert.Empty(sideways);
        await cancel.ClickAsync();
        await Assertions.Expect(row.GetByRole(AriaRole.Button, new() { Name = "Batalkan permintaan" })).ToBeInViewportAsync(new() { Ratio = 1 });

        await page.SetViewportSizeAsync(1366, 768);
        Assert.Equal("table", await page.Locator("table.requests").EvaluateAsync<string>("t => getComputedStyle(t).display"));
        Assert.Equal("table", await page.Locator("table.coverage").EvaluateAsync<string>("t => getComputedStyle(t).display"));
        await Assertions.Expect(page.Locator("table.requests thead th")).ToHaveCountAsync(6);
        Assert.Equal("Sanggau", await row.Locator("th").TextContentAsync());
        await Assertions.Expect(page.Locator("table.requests thead")).ToBeVisibleAsync();
        Assert.Empty(Desk.ConsoleErrors[page]);
    }

    [Fact]
    public async Task a_request_without_a_deadline_says_so_a_done_one_how_long_it_lived_an_open_ones_age_past_two_days_is_in_days_and_English_counts_one_person()
    {
        var incident = await Desk.ReportFloodAsync("Banjir Sungai Ambawang, Kubu Raya", "61.12");
        var request = await Desk.IssueRequestAsync(incident, "61.12", count: 1);
        var officer = Desk.Api(DeskFixture.Token("district", "61.12"));
        var person = await Created(await officer.PostAsJsonAsync("/api/districts/61.12/personnel",
            new { name = "Hendra Ambawang", role = "counselor", skills = Array.Empty<string>() }));
        (await officer.PostAsJsonAsync("/api/deployments",
            new { incidentId = incident, district = "61.12", teamName = "Tim LDP Ambawang", members = new[] { person }, village = "Baning Kota" })).EnsureSuccessStatusCode();

        var page = await Desk.SignedInPageAsync("coordinator");
        await page.GotoAsync($"/#/incident/{incident}");
        var row = page.Locator($"tr[data-request='{request}']");
        await Assertions.Expect(row.Locator("td").Nth(2)).ToHaveTextAsync("tanpa batas waktu");
        await Assertions.Expect(row.Locator("td").Nth(3)).ToHaveTextAsync("0 jam");

        // A request that is done stops ageing: the 2021 flood's requests say how long each lived (issued → fulfilled or
        // declined), not "1.856 hari" since they were issued.
        await page.GotoAsync($"/#/incident/{Coordination.Demo.DemoHistory.SintangFlood}");
        await Assertions.Expect(page.Locator("table.requests tbody tr td:nth-of-type(4)")).ToHaveTextAsync(
            ["ditutup setelah 4 jam", "ditutup setelah 8 jam", "ditutup setelah 5 jam", "ditutup setelah 3 jam", "ditutup setelah 3 jam", "ditutup setelah 4 jam"]);

        // An open request's age past two days is in days, not hours: three days on in the page's clock.
        var later = await Desk.SignedInPageAsync("coordinator", clock: true, at: $"#/incident/{incident}");
        await Assertions.Expect(later.Locator($"tr[data-request='{request}'] td").Nth(3)).ToHaveTextAsync("0 jam");
        await later.Clock.SetSystemTimeAsync(DateTime.UtcNow.AddDays(3).AddHours(1));
        await later.ReloadAsync();
        await Assertions.Expect(later.Locator($"tr[data-request='{request}'] td").Nth(3)).ToHaveTextAsync("3 hari");
        Assert.Empty(Desk.ConsoleErrors[later]);

        await page.GotoAsync($"/#/incident/{incident}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ganti bahasa ke English" }).ClickAsync();
        await Assertions.Expect(page.Locator("section[aria-labelledby=teams-title]")).ToContainTextAsync("Tim LDP Ambawang · Kubu Raya · Baning Kota · Deployed · 1 person");
        await Assertions.Expect(row.Locator("td").Nth(2)).ToHaveTextAsync("no deadline");
        await Assertions.Expect(row.Locator("td").Nth(3)).ToHaveTextAsync("0 hours");
        await page.GetByRole(AriaRole.Button, new() { Name = "Switch language to Bahasa Indonesia" }).ClickAsync();
        Assert.Empty(Desk.ConsoleErrors[page]);
    }

    [Fact]
    public async Task a_new_request_shows_which_districts_have_available_certified_people_with_the_role_and_skills_chosen()
    {
        var incident = await Desk.ReportFloodAsync("Banjir Sungai Melawi", "61.10");
        var page = await Desk.SignedInPageAsync("coordinator");
        await page.GotoAsync($"/#/incident/{incident}");
        var form = page.Locator("section[aria-labelledby=request-title] form");
        var matches = form.Locator(".matches");

        await form.Locator("select[name=role]").SelectOptionAsync("tagana");
        await form.Locator("input[name=skill][value=child-friendly-space]").CheckAsync();
        await Assertions.Expect(matches).ToContainTextAsync("Personel tersedia dengan peran dan keahlian itu (bersertifikat):");
        await Assertions.Expect(matches).ToContainTextAsync("Sintang");

        await form.Locator("input[name=skill][value=trauma-counseling]").CheckAsync();
        await form.Locator("input[name=skill][value=referral]").CheckAsync();
        await Assertions.Expect(matches).ToHaveTextAsync("Tidak ada kabupaten/kota dengan personel tersedia untuk peran dan keahlian itu.");
        Assert.Empty(Desk.ConsoleErrors[page]);
    }

    [Fact]
    public async Task an_export_range_the_wrong_way_round_is_said_beside_its_start_in_the_page_s_words_and_asks_nothing()
    {
        var page = await Desk.SignedInPageAsync("coordinator", width: 360, height: 740);
        var exports = page.Locator("section[aria-labelledby=export-title]");
        var from = exports.GetByLabel("Dari tanggal");
        await from.FillAsync("2026-12-01");
        await exports.GetByLabel("Sampai tanggal").FillAsync("2026-01-31");
        var asked = new List<string>();
        page.Request += (_, request) => { if (request.Url.Contains("/api/exports/")) asked.Add(request.Url); };

        await exports.GetByRole(AriaRole.Button, new() { Name = "Unduh 4W (CSV)" }).ClickAsync();
        await Assertions.Expect(from).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(from).ToHaveAccessibleDescriptionAsync("Tanggal awal tidak boleh sesudah tanggal akhir.");
        await Assertions.Expect(from).ToBeFocusedAsync();
        await Assertions.Expect(exports.Locator(".form-message")).ToHaveTextAsync("Periksa isian yang ditandai.");
        await Assertions.Expect(exports).Not.ToContainTextAsync("(from)");
        Assert.Empty(asked);

        await from.FillAsync("2026-01-01");
        var download = await page.RunAndWaitForDownloadAsync(() =>
            exports.GetByRole(AriaRole.Button, new() { Name = "Unduh 4W (CSV)" }).ClickAsync());
        await Assertions.Expect(from).Not.ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(exports.Locator(".form-message")).ToContainTextAsync(download.SuggestedFilename);
    }

    [Fact]
    public async Task answers_arriving_together_leave_the_incident_page_on_the_newest_even_when_an_older_reload_answers_last()
    {
        var incident = await Desk.ReportFloodAsync("Banjir Kota Singkawang", "61.72");
        var first = await Desk.IssueRequestAsync(incident, "61.72", count: 1);
        var second = await Desk.IssueRequestAsync(incident, "61.07", count: 1);
        var page = await Desk.SignedInPageAsync("coordinator", width: 360, height: 740);
        await page.GotoAsync($"/#/incident/{incident}");
        await Assertions.Expect(page.Locator("#requests-title ~ .live")).ToHaveTextAsync("● terhubung");

        // The reload after the first answer is slow: its answer is read at once but reaches the page only when let go.
        var calls = 0;
        var held = new TaskCompletionSource();
        var read = new TaskCompletionSource();
        var secondRead = new TaskCompletionSource();
        await page.RouteAsync($"**/api/requests?incidentId={incident}*", async route =>
        {
            var call = Interlocked.Increment(ref calls);
            var response = await Fetches.WholeAsync(route);
            if (call == 1)
            {
                var body = await response.BodyAsync();
                read.SetResult();
                await held.Task;
                await route.FulfillAsync(new() { Response = response, BodyBytes = body });
                return;
            }
            if (call == 2) secondRead.TrySetResult();
            await route.FulfillAsync(new() { Response = response });
        });
        var officer = Desk.Api(DeskFixture.Token("district", "61.72"));
        (await officer.PostAsJsonAsync($"/api/requests/{first}/accept", new { count = 1 })).EnsureSuccessStatusCode();
        await read.Task.WaitAsync(TimeSpan.FromSeconds(20));
        var other = Desk.Api(DeskFixture.Token("district", "61.07"));
        (await other.PostAsJsonAsync($"/api/requests/{second}/decline", new { reason = "Semua konselor sedang bertugas" })).EnsureSuccessStatusCode();
        var secondRow = page.Locator($"tr[data-request='{second}']");
        // A reload that starts beside the slow one draws the decline first. Reloads one at a time start none while the
        // first is out, so this wait for one is bounded.
        if (await Task.WhenAny(secondRead.Task, Task.Delay(5_000)) == secondRead.Task)
            await Assertions.Expect(secondRow.Locator(".badge.request-declined")).ToHaveTextAsync("Ditolak");
        var heldAnswered = page.WaitForResponseAsync(r => r.Url.Contains($"/api/requests?incidentId={incident}"));
        held.SetResult();
        await heldAnswered;
        await page.EvaluateAsync("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))");

        // The older answer, arriving last, does not draw over the newer: the page ends on both answers.
        await Assertions.Expect(secondRow.Locator(".badge.request-declined")).ToHaveTextAsync("Ditolak");
        await Assertions.Expect(page.Locator($"tr[data-request='{first}'] .badge.request-accepted")).ToHaveTextAsync("Diterima");
    }

    [Fact]
    public async Task an_incident_s_page_lists_its_oldest_request_after_a_thousand_newer_and_closing_counts_it()
    {
        var incident = await Desk.ReportFloodAsync("Banjir Sungai Selakau, Sambas", "61.01");
        var oldest = await Desk.IssueRequestAsync(incident, "61.01", count: 2);
        // more than one read of the API's list holds: the page reads them all, not the newest thousand
        await Desk.DeclinedRequestsAsync(incident, "61.01", 1000);
        var page = await Desk.SignedInPageAsync("coordinator", width: 360, height: 740);
        await page.GotoAsync($"/#/incident/{incident}");
        var row = page.Locator($"tr[data-request='{oldest}']");
        await Assertions.Expect(row.Locator(".badge.request-open")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("table.requests tbody tr")).ToHaveCountAsync(1001);

        // Closing names the request it would cancel.
        await Assertions.Expect(page.Locator("section[aria-labelledby=close-title]")).ToContainTextAsync("Permintaan yang akan dibatalkan saat ditutup: 1");
    }

    [Fact]
    public async Task an_incident_s_timeline_of_more_than_a_thousand_events_is_shown_a_hundred_at_a_time_to_its_last_event()
    {
        var incident = await Desk.ReportFloodAsync("Banjir panjang Sungai Sekayam, Sanggau", "61.03");
        var coordinator = Desk.Api(DeskFixture.Token("coordinator"));
        for (var i = 1; i <= 1000; i++)
            (await coordinator.PostAsJsonAsync($"/api/incidents/{incident}/assessments", new
            {
                villages = new[] { "Balai Karangan", "Entikong" },
                affected = new { total = 1345 + i, children = 400, elderly = 100, disabled = 20, pregnant = 10 }
            })).EnsureSuccessStatusCode();

        var page = await Desk.SignedInPageAsync("coordinator");
        await page.GotoAsync($"/#/incident/{incident}");
        var timeline = page.Locator("section[aria-labelledby=timeline-title]");
        var rows = timeline.Locator("tbody tr");
        var pages = timeline.Locator("p.pages");
        await Assertions.Expect(pages).ToContainTextAsync("1–100 dari 1.001");
        await Assertions.Expect(rows).ToHaveCountAsync(100);
        await Assertions.Expect(rows.First).ToContainTextAsync("Kejadian dilaporkan");

        var more = pages.GetByRole(AriaRole.Button);
        await Assertions.Expect(more).ToHaveTextAsync("Tampilkan 100 berikutnya");
        await more.ClickAsync();
        await Assertions.Expect(pages).ToContainTextAsync("1–200 dari 1.001");
        await Assertions.Expect(rows).ToHaveCountAsync(200);
        for (var shown = 200; shown < 1000; shown += 100)
        {
            await more.ClickAsync();
            await Assertions.Expect(pages).ToContainTextAsync($"1–{shown + 100:#,0} dari 1.001".Replace(',', '.'));
        }
        await Assertions.Expect(more).ToHaveTextAsync("Tampilkan 1 berikutnya");
        await more.ClickAsync();
        await Assertions.Expect(pages).ToContainTextAsync("1–1.001 dari 1.001");
        await Assertions.Expect(more).ToBeHiddenAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(1001);
        await Assertions.Expect(rows.Last).ToContainTextAsync("2.345");
        await Assertions.Expect(pages.Locator("span")).ToBeFocusedAsync();
        Assert.Empty(Desk.ConsoleErrors[page]);
    }

    [Fact]
    public async Task the_4W_export_downloads_the_CSV_for_the_chosen_dates()
    {
        var page = await Desk.SignedInPageAsync("coordinator");
        var exports = page.Locator("section[aria-labelledby=export-title]");
        await exports.GetByLabel("Dari tanggal").FillAsync("2021-10-01");
        await exports.GetByLabel("Sampai tanggal").FillAsync("2021-12-31");
        var asked = new List<string>();
        page.Request += (_, request) => { if (request.Url.Contains("/api/exports/")) asked.Add(request.Url); };

        var download = await page.RunAndWaitForDownloadAsync(() =>
            exports.GetByRole(AriaRole.Button, new() { Name = "Unduh 4W (CSV)" }).ClickAsync());

        Assert.Contains(asked, url => url.Contains("/api/exports/4w.csv?from=2021-10-01&to=2021-12-31"));
        Assert.EndsWith(".csv", download.SuggestedFilename);
        var path = await download.PathAsync();
        var csv = await File.ReadAllTextAsync(path);
        Assert.Contains("#reached+ind", csv);
        Assert.Contains("Sintang", csv);
        await Assertions.Expect(exports.Locator(".form-message")).ToContainTextAsync(download.SuggestedFilename);
        Assert.Empty(Desk.ConsoleErrors[page]);
    }

    /// <summary>
    /// A Sintang incident with one request waiting for an answer, open on a coordinator's page and a colleague's at the province,
    /// and in Sintang's officer's inbox on a phone, each page connected to the live stream.
    /// </summary>
    private async Task<(Guid Request, IPage Page, IPage Colleague, IPage Officer, ILocator Card)> RequestWatchedLiveAsync(
        string title, int count)
    {
        var incident = await Desk.ReportFloodAsync(title, "61.05");
        var request = await Desk.IssueRequestAsync(incident, "61.05", count: count);
        var page = await Desk.SignedInPageAsync("coordinator");
        await page.GotoAsync($"/#/incident/{incident}");
        var colleague = await Desk.SignedInPageAsync("coordinator");
        await colleague.GotoAsync($"/#/incident/{incident}");
        var officer = await Desk.SignedInPageAsync("district", "61.05", width: 360, height: 740);
        var card = officer.Locator($"[data-request='{request}']");
        await Assertions.Expect(card.GetByRole(AriaRole.Button, new() { Name = "Terima" })).ToBeVisibleAsync();
        await Assertions.Expect(colleague.Locator($"tr[data-request='{request}'] .badge")).ToHaveTextAsync("Menunggu jawaban");
        foreach (var p in new[] { page, colleague })
            await Assertions.Expect(p.Locator("section[aria-labelledby=requests-title] .live")).ToHaveTextAsync("● terhubung");
        await Assertions.Expect(officer.Locator("h1 .live")).ToHaveTextAsync("● terhubung");
        return (request, page, colleague, officer, card);
    }

    private static async Task CloseAsync(IPage page, string summary)
    {
        var closing = page.Locator("section[aria-labelledby=close-title]");
        await closing.GetByLabel("Ringkasan penutupan").FillAsync(summary);
        await closing.GetByRole(AriaRole.Button, new() { Name = "Tutup kejadian" }).ClickAsync();
        await Assertions.Expect(closing).ToContainTextAsync("Kejadian ditutup");
    }

    /// <summary>
    /// Officers record a day's sessions later (yesterday's today): a service record on the timeline says the day it was for,
    /// as the desk writes dates, on the coordinator's and the district officer's incident page and in the analyst's timeline.
    /// </summary>
    [Fact]
    public async Task a_service_record_on_the_timeline_says_the_day_it_was_for_on_the_incident_and_analyst_pages_in_both_languages()
    {
        var (incident, officer, deployment) = await TeamOutAsync("Banjir Sungai Sekayam, Balai Karangan", "61.03", "Maria Sekayam", "Tim LDP Sekayam");
        (await officer.PostAsync($"/api/deployments/{deployment}/arrive", null)).EnsureSuccessStatusCode();
        var day = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(7)); // the WIB calendar, on or after the team's deployment
        (await officer.PostAsJsonAsync($"/api/deployments/{deployment}/services", new
        {
            date = day.ToString("yyyy-MM-dd"), village = "Baning Kota", service = "group-support",
            newlyReached = new { total = 12, children = 4, elderly = 0, disabled = 0, pregnant = 0 }, contacts = 12
        })).EnsureSuccessStatusCode();
        var indonesian = day.ToString("d MMMM yyyy", new System.Globalization.CultureInfo("id-ID"));
        var english = day.ToString("d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture);

        foreach (var (role, district, address) in new[] { ("coordinator", (string?)null, "incident"), ("district", "61.03", "incident"), ("analyst", null, "analyst") })
        {
            var page = await Desk.SignedInPageAsync(role, district);
            await page.GotoAsync($"/#/{address}/{incident}");
            var facts = page.Locator("tr[data-type=services-recorded] td.full");
            await Assertions.Expect(facts).ToContainTextAsync($"tanggal layanan {indonesian}");
            await page.GetByRole(AriaRole.Button, new() { Name = "Ganti bahasa ke English" }).ClickAsync();
            await Assertions.Expect(facts).ToContainTextAsync($"service day {english}");
            Assert.Empty(Desk.ConsoleErrors[page]);
        }
    }

    /// <summary>A flood in the district with a team of one counselor sent to Baning Kota: the incident, the district's officer, the team.</summary>
    private async Task<(Guid Incident, HttpClient Officer, Guid Deployment)> TeamOutAsync(string title, string district, string counselor, string teamName)
    {
        var incident = await Desk.ReportFloodAsync(title, district);
        var officer = Desk.Api(DeskFixture.Token("district", district));
        var person = await Created(await officer.PostAsJsonAsync($"/api/districts/{district}/personnel",
            new { name = counselor, role = "counselor", skills = new[] { "psychological-first-aid" } }));
        var deployment = await Created(await officer.PostAsJsonAsync("/api/deployments",
            new { incidentId = incident, district, teamName, members = new[] { person }, village = "Baning Kota" }));
        return (incident, officer, deployment);
    }

    private static async Task<Guid> Created(HttpResponseMessage response)
    {
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }
}
