using System.Net.Http.Json;
using System.Text.Json;
using Coordination.Browser.Tests.Support;
using Microsoft.Playwright;

namespace Coordination.Browser.Tests;

/// <summary>Signing in with an account, a refused access token traded for a new one unnoticed, and the live stream after a network loss.</summary>
[Collection(DeskCollection.Name)]
public sealed class SessionTests(DeskFixture desk) : DeskTest(desk)
{
    [Fact]
    public async Task a_coordinator_signs_in_with_email_and_password_after_a_wrong_one_is_refused_in_Indonesian()
    {
        var (email, password) = await Desk.AccountAsync("coordinator", "Ani Rahmawati Uji");
        var page = await Desk.SignInPageAsync();

        await page.GetByLabel("Email akun").FillAsync(email);
        await page.GetByLabel("Kata sandi").FillAsync("bukan-kata-sandinya-123");
        await page.GetByRole(AriaRole.Button, new() { Name = "Masuk", Exact = true }).ClickAsync();
        var message = page.Locator("form[aria-labelledby=signin-title] .form-message");
        await Assertions.Expect(message).ToContainTextAsync("Tidak dapat masuk. Email atau kata sandi salah");
        await Assertions.Expect(page.GetByLabel("Email akun")).ToHaveValueAsync(email);

        await page.GetByLabel("Kata sandi").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Masuk", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#who")).ToHaveTextAsync("Ani Rahmawati Uji");
        await Assertions.Expect(page.Locator(".tile")).ToHaveCountAsync(14);
        Assert.DoesNotContain(password, page.Url);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task a_session_the_server_ends_says_so_on_the_sign_in_page_and_signing_in_again_leads_back_to_the_page()
    {
        var (email, password) = await Desk.AccountAsync("analyst", "Rudi Sesi Uji");
        var page = await Desk.SignInPageAsync();
        await page.GotoAsync($"/#/analyst/{Coordination.Demo.DemoHistory.SintangFlood}"); // a link opened before signing in
        await SignInAsync(page, email, password);
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"#/analyst/{Coordination.Demo.DemoHistory.SintangFlood}$"));
        await Assertions.Expect(page.Locator("#analyst-timeline-title")).ToBeVisibleAsync();

        // the administrator disables the account and enables it again: the session's tokens are over
        var admin = Desk.Api(DeskFixture.Token("admin"));
        var accounts = await admin.GetFromJsonAsync<JsonElement>("/api/accounts?limit=1000");
        var id = accounts.EnumerateArray().Single(a => a.GetProperty("email").GetString() == email).GetProperty("id").GetString();
        (await admin.PostAsync($"/api/accounts/{id}/disable", null)).EnsureSuccessStatusCode();
        (await admin.PostAsync($"/api/accounts/{id}/enable", null)).EnsureSuccessStatusCode();

        await page.ReloadAsync();
        await Assertions.Expect(page.Locator(".signin [role=alert]").First).ToContainTextAsync("Sesi Anda telah berakhir");
        await SignInAsync(page, email, password);
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"#/analyst/{Coordination.Demo.DemoHistory.SintangFlood}$"));
        await Assertions.Expect(page.Locator("#analyst-timeline-title")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    private static async Task SignInAsync(IPage page, string email, string password)
    {
        await page.GetByLabel("Email akun").FillAsync(email);
        await page.GetByLabel("Kata sandi").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Masuk", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#who")).Not.ToBeEmptyAsync();
    }

    [Fact]
    public async Task an_access_token_the_API_refuses_is_refreshed_without_the_user_noticing()
    {
        var (email, password) = await Desk.AccountAsync("analyst", "Rina Analis Uji");
        var page = await Desk.SignInPageAsync();
        await SignInAsync(page, email, password);
        await Assertions.Expect(page.Locator("#who")).ToHaveTextAsync("Rina Analis Uji");
        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync("Dasbor analis");
        var before = await page.EvaluateAsync<JsonElement>("JSON.parse(sessionStorage.getItem('desk.session'))");

        // The access token has run out (a token the API no longer accepts); the refresh token still holds.
        await page.EvaluateAsync("() => { const s = JSON.parse(sessionStorage.getItem('desk.session')); s.accessToken = 'kedaluwarsa'; sessionStorage.setItem('desk.session', JSON.stringify(s)); }");
        var refreshes = 0;
        page.Request += (_, request) => { if (request.Url.EndsWith("/api/account/refresh")) Interlocked.Increment(ref refreshes); };
        await page.ReloadAsync();
        await page.GotoAsync("/#/coordinator");

        await Assertions.Expect(page.Locator(".tile")).ToHaveCountAsync(14);
        await Assertions.Expect(page.Locator("#who")).ToHaveTextAsync("Rina Analis Uji");
        await Assertions.Expect(page.GetByLabel("Email akun")).ToHaveCountAsync(0);
        var after = await page.EvaluateAsync<JsonElement>("JSON.parse(sessionStorage.getItem('desk.session'))");
        var token = after.GetProperty("accessToken").GetString();
        Assert.NotEqual("kedaluwarsa", token);
        Assert.NotEqual(before.GetProperty("accessToken").GetString(), token);
        Assert.NotEqual(before.GetProperty("refreshToken").GetString(), after.GetProperty("refreshToken").GetString());
        Assert.Equal(1, refreshes);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task a_gateway_failing_the_refresh_of_a_token_past_its_hour_keeps_the_session_and_the_report_and_the_retry_sends_it_once()
    {
        var (page, report, title) = await ReportFilledInAsync($"Banjir Sungai Kapuas, Sintang {Guid.NewGuid():N}", "61.05", "Baning Kota");

        // The tab was left open past the token's hour, and the gateway in front of the service fails the refresh (502).
        await ExpireAccessTokenAsync(page);
        await page.RouteAsync("**/api/account/refresh", route => route.FulfillAsync(new()
        {
            Status = 502, ContentType = "text/html", Body = "<html><body><h1>502 Bad Gateway</h1></body></html>"
        }));
        await report.GetByRole(AriaRole.Button, new() { Name = "Laporkan" }).ClickAsync();
        await Assertions.Expect(report.Locator(".form-message")).ToHaveTextAsync(
            "Server sedang tidak dapat dihubungi; coba lagi sebentar lagi. Isian Anda tetap tersimpan; tekan Coba lagi — tidak akan tercatat dua kali.");
        await Assertions.Expect(page.GetByLabel("Email akun")).ToHaveCountAsync(0); // still signed in
        await Assertions.Expect(report.GetByLabel("Judul kejadian")).ToHaveValueAsync(title);

        // The gateway is back: the retry refreshes the token and reports the incident once.
        await page.UnrouteAsync("**/api/account/refresh");
        await report.GetByRole(AriaRole.Button, new() { Name = "Coba lagi" }).ClickAsync();
        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync(title);
        var open = await Desk.Api(DeskFixture.Token("analyst")).GetFromJsonAsync<JsonElement>("/api/incidents?status=open&limit=1000");
        Assert.Single(open.EnumerateArray(), incident => incident.GetProperty("title").GetString() == title);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task a_refresh_refused_for_too_many_sign_ins_from_the_office_keeps_the_session_and_says_how_long_to_wait()
    {
        var (page, report, title) = await ReportFilledInAsync($"Banjir Sungai Melawi {Guid.NewGuid():N}", "61.10", "Nanga Pinoh");

        // The token's hour is over, and the office's address has made more sign-ins this minute than the service allows.
        await ExpireAccessTokenAsync(page);
        await page.RouteAsync("**/api/account/refresh", route => route.FulfillAsync(new()
        {
            Status = 429, ContentType = "application/problem+json", Headers = new Dictionary<string, string> { ["Retry-After"] = "42" },
            Body = """{"title":"Terlalu banyak permintaan","status":429,"code":"too-many-sign-ins","detail":"Terlalu banyak percobaan masuk dari alamat jaringan ini. Silakan coba lagi dalam 42 detik."}"""
        }));
        await report.GetByRole(AriaRole.Button, new() { Name = "Laporkan" }).ClickAsync();
        await Assertions.Expect(report.Locator(".form-message")).ToContainTextAsync("coba lagi dalam 42 detik");
        await Assertions.Expect(page.GetByLabel("Email akun")).ToHaveCountAsync(0); // still signed in
        await Assertions.Expect(report.GetByLabel("Judul kejadian")).ToHaveValueAsync(title);

        await page.UnrouteAsync("**/api/account/refresh");
        await report.GetByRole(AriaRole.Button, new() { Name = "Laporkan" }).Or(report.GetByRole(AriaRole.Button, new() { Name = "Coba lagi" })).ClickAsync();
        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync(title);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task an_access_token_about_to_run_out_is_refreshed_before_any_call_meets_it_expired()
    {
        var (email, password) = await Desk.AccountAsync("coordinator", "Yosef Koordinator Uji");
        var page = await Desk.SignInPageAsync();
        await SignInAsync(page, email, password);
        await Assertions.Expect(page.Locator(".tile")).ToHaveCountAsync(14);
        var session = await page.EvaluateAsync<JsonElement>("JSON.parse(sessionStorage.getItem('desk.session'))");
        var expiresAt = session.GetProperty("expiresAt").GetDouble();
        Assert.InRange(expiresAt - DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), 30 * 60_000, 61 * 60_000); // an hour, less a minute

        // An hour later: the access token is in its last minute.
        await page.EvaluateAsync("() => { const s = JSON.parse(sessionStorage.getItem('desk.session')); s.expiresAt = Date.now() - 1000; sessionStorage.setItem('desk.session', JSON.stringify(s)); }");
        var refreshes = 0;
        var refused = 0;
        page.Request += (_, request) => { if (request.Url.EndsWith("/api/account/refresh")) Interlocked.Increment(ref refreshes); };
        page.Response += (_, response) => { if (response.Status == 401) Interlocked.Increment(ref refused); };
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator(".tile")).ToHaveCountAsync(14);
        await page.GotoAsync("/#/analyst");
        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync("Dasbor analis");

        var after = await page.EvaluateAsync<JsonElement>("JSON.parse(sessionStorage.getItem('desk.session'))");
        Assert.NotEqual(session.GetProperty("accessToken").GetString(), after.GetProperty("accessToken").GetString());
        Assert.True(after.GetProperty("expiresAt").GetDouble() > DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + 30 * 60_000);
        Assert.Equal(1, refreshes);
        Assert.Equal(0, refused);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task until_the_live_stream_first_answers_the_live_mark_says_it_is_connecting()
    {
        var page = await Desk.SignedInPageAsync("district", "61.01", width: 360, height: 740);
        var live = page.Locator("h1 .live");
        await Assertions.Expect(live).ToHaveTextAsync("● terhubung");
        // A slow connection: the stream's answer is held back until the page has been read.
        var release = new TaskCompletionSource();
        await page.RouteAsync("**/api/events/stream", async route => { await release.Task; await route.ContinueAsync(); });
        await page.ReloadAsync();
        await Assertions.Expect(live).ToHaveTextAsync("○ menghubungkan…");
        await Assertions.Expect(live).ToHaveClassAsync("live connecting");
        release.SetResult();
        await Assertions.Expect(live).ToHaveTextAsync("● terhubung", new() { Timeout = 20_000 });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task the_live_stream_reconnects_after_a_network_loss_and_shows_the_request_that_arrived_meanwhile()
    {
        var incident = await Desk.ReportFloodAsync("Banjir Sambas", "61.01");
        var page = await Desk.SignedInPageAsync("district", "61.01", width: 360, height: 740);
        var live = page.Locator("h1 .live");
        await Assertions.Expect(live).ToHaveTextAsync("● terhubung");

        await page.Context.SetOfflineAsync(true);
        await Assertions.Expect(live).ToHaveTextAsync("○ menghubungkan kembali…", new() { Timeout = 20_000 });
        // issued while the page cannot hear of it: it is not there until the page is back online
        var request = await Desk.IssueRequestAsync(incident, "61.01", count: 2);
        Assert.Equal(0, await page.Locator($"[data-request='{request}']").CountAsync());

        await page.Context.SetOfflineAsync(false);
        await Assertions.Expect(live).ToHaveTextAsync("● terhubung", new() { Timeout = 20_000 });
        await Assertions.Expect(page.Locator($"[data-request='{request}']")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Assertions.Expect(page.Locator($"[data-request='{request}']")).ToContainTextAsync("Menunggu jawaban");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task the_live_mark_is_a_status_so_a_screen_reader_hears_the_connection_drop_and_come_back()
    {
        var incident = await Desk.ReportFloodAsync("Banjir Sungai Sambas Besar", "61.01");
        var district = await Desk.SignedInPageAsync("district", "61.01", width: 360, height: 740);
        var coordinator = await Desk.SignedInPageAsync("coordinator");
        var incidentPage = await Desk.SignedInPageAsync("coordinator");
        await incidentPage.GotoAsync($"/#/incident/{incident}");
        foreach (var page in new[] { district, coordinator, incidentPage })
        {
            var live = page.Locator(".live");
            await Assertions.Expect(live).ToHaveTextAsync("● terhubung");
            await Assertions.Expect(live).ToHaveRoleAsync(AriaRole.Status);
            await Assertions.Expect(live).ToHaveAttributeAsync("aria-live", "polite");
            await Assertions.Expect(live).ToHaveAttributeAsync("aria-atomic", "true");
            // what a screen reader announces is the status as it now is
            await page.Context.SetOfflineAsync(true);
            await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "○ menghubungkan kembali…" })).ToHaveCountAsync(1,
                new() { Timeout = 20_000 });
            await page.Context.SetOfflineAsync(false);
            await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "● terhubung" })).ToHaveCountAsync(1,
                new() { Timeout = 20_000 });
            await page.Context.CloseAsync();
        }
    }

    /// <summary>A coordinator signed in with their own account, with the report form filled in and not yet sent.</summary>
    [Fact]
    public async Task a_tab_duplicated_with_its_session_takes_the_other_tab_s_refreshed_tokens_and_neither_ends_the_session()
    {
        var (email, password) = await Desk.AccountAsync("coordinator", "Sari Dua Tab Uji");
        var first = await Desk.SignInPageAsync();
        await SignInAsync(first, email, password);
        await Assertions.Expect(first.Locator(".tile")).ToHaveCountAsync(14);

        // the browser copies the tab's session into its duplicate (and into a link opened in a new tab)
        var copied = await first.EvaluateAsync<string>("sessionStorage.getItem('desk.session')");
        var second = await first.Context.NewPageAsync();
        await second.AddInitScriptAsync($"if (!sessionStorage.getItem('desk.session')) sessionStorage.setItem('desk.session', {JsonSerializer.Serialize(copied)})");
        await second.GotoAsync("/#/coordinator");
        await Assertions.Expect(second.Locator(".tile")).ToHaveCountAsync(14);

        // the first tab refreshes twice: the refresh token the duplicate was born with is two generations old
        for (var i = 0; i < 2; i++) Assert.True(await first.EvaluateAsync<bool>(Core + " return core.refresh(); }"));
        var latest = await first.EvaluateAsync<string>("JSON.parse(sessionStorage.getItem('desk.session')).refreshToken");
        await second.WaitForFunctionAsync("token => JSON.parse(sessionStorage.getItem('desk.session')).refreshToken === token", latest);

        // the duplicate's access token runs out: it refreshes with the newest token, and both tabs stay signed in
        await ExpireAccessTokenAsync(second);
        Assert.Equal(email, await second.EvaluateAsync<string>(Core + " return (await core.api('/api/account/me')).email; }"));
        Assert.Equal(email, await first.EvaluateAsync<string>(Core + " return (await core.api('/api/account/me')).email; }"));
        await Assertions.Expect(first.GetByLabel("Email akun")).ToHaveCountAsync(0);
        await Assertions.Expect(second.GetByLabel("Email akun")).ToHaveCountAsync(0);
        await first.Context.CloseAsync();
    }

    /// <summary>The start of a script that holds the desk's core module as <c>core</c>; the caller ends the function.</summary>
    private const string Core = "async () => { const core = await import(document.querySelector('link[rel=modulepreload]').href);";

    private async Task<(IPage Page, ILocator Report, string Title)> ReportFilledInAsync(string title, string district, string village)
    {
        var (email, password) = await Desk.AccountAsync("coordinator", "Dewi Koordinator Uji");
        var page = await Desk.SignInPageAsync();
        await SignInAsync(page, email, password);
        await Assertions.Expect(page.Locator(".tile")).ToHaveCountAsync(14);
        var report = page.Locator("section[aria-labelledby=report-title] form");
        await report.GetByLabel("Judul kejadian").FillAsync(title);
        await report.GetByLabel("Kabupaten/kota").SelectOptionAsync(district);
        await report.GetByLabel("Desa terdampak").FillAsync(village);
        return (page, report, title);
    }

    /// <summary>The tab was left open past the token's hour: the page holds an access token that has run out.</summary>
    private static Task ExpireAccessTokenAsync(IPage page) =>
        page.EvaluateAsync(Core + " core.keepSession({ ...core.currentSession(), expiresAt: Date.now() - 1000, accessToken: 'kedaluwarsa' }); }");
}
