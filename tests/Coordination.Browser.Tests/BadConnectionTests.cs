using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Coordination.Browser.Tests.Support;
using Microsoft.Playwright;

namespace Coordination.Browser.Tests;

/// <summary>A district officer on a bad connection: answers lost on the way, a gateway's own error page, the server out of reach.</summary>
[Collection(DeskCollection.Name)]
public sealed class BadConnectionTests(DeskFixture desk) : DeskTest(desk)
{
    [Fact]
    public async Task on_a_slow_connection_a_page_opened_says_it_is_loading_until_it_is_shown()
    {
        var page = await Desk.SignedInPageAsync("coordinator", width: 360, height: 740);
        var cdp = await page.Context.NewCDPSessionAsync(page);
        await cdp.SendAsync("Network.enable");
        await cdp.SendAsync("Network.emulateNetworkConditions", new Dictionary<string, object>
        {
            ["offline"] = false, ["latency"] = 400, ["downloadThroughput"] = 50_000, ["uploadThroughput"] = 50_000
        });

        await page.GetByRole(AriaRole.Link, new() { Name = "Analis" }).ClickAsync();
        var main = page.Locator("main");
        await Assertions.Expect(main.GetByRole(AriaRole.Status)).ToHaveTextAsync("Memuat halaman…");
        await Assertions.Expect(main).ToHaveAttributeAsync("aria-busy", "true");
        await Assertions.Expect(page.Locator("#readiness-title")).ToHaveCountAsync(0); // the page left is gone, not left to use

        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync("Dasbor analis", new() { Timeout = 30_000 });
        await Assertions.Expect(main).Not.ToHaveAttributeAsync("aria-busy", "true");
        await Assertions.Expect(main.GetByText("Memuat halaman…")).ToHaveCountAsync(0);
        Assert.Empty(Desk.ConsoleErrors[page]);
    }

    [Fact]
    public async Task accepting_a_request_whose_answer_is_lost_asks_to_press_again_and_the_second_press_reuses_the_key()
    {
        var incident = await Desk.ReportFloodAsync("Banjir Ngabang, Landak", "61.08");
        var request = await Desk.IssueRequestAsync(incident, "61.08");
        var page = await Desk.SignedInPageAsync("district", "61.08");
        var card = page.Locator($"[data-request='{request}']");

        // The server accepts the first press, but its answer never reaches the page.
        var keys = await FirstAcceptAnswerLostAsync(page, request, route => route.AbortAsync("connectionreset"));
        await card.GetByRole(AriaRole.Button, new() { Name = "Terima" }).ClickAsync();
        await Assertions.Expect(card.Locator(".form-message"))
            .ToHaveTextAsync("Jaringan terputus atau server tidak menjawab. Tekan tombolnya sekali lagi — tidak akan tercatat dua kali.");

        await card.GetByRole(AriaRole.Button, new() { Name = "Terima" }).ClickAsync();
        await Assertions.Expect(card.Locator(".badge.request-accepted")).ToHaveTextAsync("Diterima");
        await Assertions.Expect(card.Locator(".form-message")).ToBeEmptyAsync(); // no "already answered": it was the same press
        Assert.Equal(2, keys.Count);
        Assert.NotNull(keys[0]);
        Assert.Equal(keys[0], keys[1]);
        var stored = await Desk.Api(DeskFixture.Token("analyst")).GetFromJsonAsync<JsonElement>($"/api/requests/{request}");
        Assert.Equal("accepted", stored.GetProperty("status").GetString());
    }

    [Fact]
    public async Task an_accept_whose_answer_stalls_on_the_way_gives_the_button_back_after_30_seconds_and_the_retry_reuses_the_key()
    {
        var incident = await Desk.ReportFloodAsync("Banjir Sungai Landak, Ngabang", "61.08");
        var request = await Desk.IssueRequestAsync(incident, "61.08");
        var page = await Desk.SignedInPageAsync("district", "61.08", width: 360, height: 740, clock: true);
        var card = page.Locator($"[data-request='{request}']");

        // The server accepts the first press, but its answer stalls on the way: no reset, no error, nothing.
        var stalled = new TaskCompletionSource();
        var keys = await FirstAcceptAnswerLostAsync(page, request, _ => stalled.Task);
        var accept = card.GetByRole(AriaRole.Button, new() { Name = "Terima" });
        await accept.ClickAsync();
        await Assertions.Expect(accept).ToHaveAttributeAsync("aria-busy", "true");
        await Assertions.Expect(page.Locator($"[data-request='{request}'] .badge.request-accepted")).ToHaveCountAsync(0);

        await page.Clock.FastForwardAsync("00:31");
        await Assertions.Expect(card.Locator(".form-message"))
            .ToHaveTextAsync("Jaringan terputus atau server tidak menjawab. Tekan tombolnya sekali lagi — tidak akan tercatat dua kali.");
        await Assertions.Expect(accept).ToBeEnabledAsync();

        await accept.ClickAsync();
        await Assertions.Expect(card.Locator(".badge.request-accepted")).ToHaveTextAsync("Diterima");
        Assert.Equal(2, keys.Count);
        Assert.Equal(keys[0], keys[1]);
        var stored = await Desk.Api(DeskFixture.Token("analyst")).GetFromJsonAsync<JsonElement>($"/api/requests/{request}");
        Assert.Equal("accepted", stored.GetProperty("status").GetString());
        stalled.SetResult();
    }

    [Fact]
    public async Task a_reload_whose_read_stalls_on_the_way_gives_up_after_30_seconds_and_the_live_updates_asked_for_meanwhile_come()
    {
        var incident = await Desk.ReportFloodAsync("Banjir Sungai Sekayam, Sanggau", "61.03");
        var page = await Desk.SignedInPageAsync("district", "61.03", width: 360, height: 740, clock: true);
        await Assertions.Expect(page.Locator("h1 .live")).ToHaveTextAsync("● terhubung");

        // The reload the next notice starts meets a read whose answer never comes.
        var reads = 0;
        var stalling = new TaskCompletionSource();
        var stalled = new TaskCompletionSource();
        await page.RouteAsync("**/api/districts/61.03/readiness", async route =>
        {
            if (Interlocked.Increment(ref reads) != 1)
            {
                await route.ContinueAsync();
                return;
            }
            stalling.SetResult();
            await stalled.Task;
        });
        var first = await Desk.IssueRequestAsync(incident, "61.03");
        await Assertions.Expect(page.Locator($"[data-request='{first}']")).ToBeVisibleAsync();
        await stalling.Task.WaitAsync(TimeSpan.FromSeconds(15));

        // The next request's notice comes (its toast shows again) while that reload still waits.
        var toast = page.Locator("#toast");
        await Assertions.Expect(toast).Not.ToHaveClassAsync(new Regex("shown"));
        var second = await Desk.IssueRequestAsync(incident, "61.03");
        await Assertions.Expect(toast).ToHaveClassAsync(new Regex("shown"));
        await Assertions.Expect(page.Locator($"[data-request='{second}']")).ToHaveCountAsync(0);

        // Time stands still but for the 31 s moved on, so that nothing else (the live stream's watchdog) reads again.
        await PauseTheClockAsync(page);
        await page.Clock.FastForwardAsync("00:31");
        await Assertions.Expect(page.Locator($"[data-request='{second}']")).ToBeVisibleAsync();
        stalled.SetResult();
    }

    /// <summary>Stops the page's clock a second ahead of its time; a second lost on a busy machine asks again, as the
    /// clock cannot be paused at a time it has passed.</summary>
    private static async Task PauseTheClockAsync(IPage page)
    {
        for (var attempt = 1; ; attempt++)
        {
            var now = await page.EvaluateAsync<long>("Date.now()");
            try
            {
                await page.Clock.PauseAtAsync(DateTimeOffset.FromUnixTimeMilliseconds(now + 1_000).UtcDateTime);
                return;
            }
            catch (PlaywrightException e) when (attempt < 5 && e.Message.Contains("to the past"))
            {
            }
        }
    }

    [Fact]
    public async Task a_gateway_error_page_instead_of_an_answer_says_the_server_is_out_of_reach_and_the_retry_adds_the_person_once()
    {
        var page = await Desk.SignedInPageAsync("district", "61.09");
        var roster = page.Locator("section[aria-labelledby=roster-title]");
        await roster.GetByText("Tambah personel").ClickAsync();
        await roster.GetByLabel("Nama lengkap").FillAsync("Markus Sekadau");

        var gateway = true;
        await page.RouteAsync("**/api/districts/61.09/personnel", async route =>
        {
            if (route.Request.Method == "POST" && gateway)
                await route.FulfillAsync(new() { Status = 503, ContentType = "text/html", Body = "<html><h1>503 Service Temporarily Unavailable</h1>nginx</html>" });
            else await route.ContinueAsync();
        });
        var add = roster.Locator("details.add-person");
        await add.GetByRole(AriaRole.Button, new() { Name = "Tambahkan" }).ClickAsync();
        await Assertions.Expect(add.Locator(".form-message")).ToHaveTextAsync(
            "Server sedang tidak dapat dihubungi; coba lagi sebentar lagi. Isian Anda tetap tersimpan; tekan Coba lagi — tidak akan tercatat dua kali.");

        gateway = false;
        await add.GetByRole(AriaRole.Button, new() { Name = "Coba lagi" }).ClickAsync();
        await Assertions.Expect(page.Locator("#toast")).ToHaveTextAsync("Personel ditambahkan.");
        var roster6109 = await Desk.Api(DeskFixture.Token("analyst")).GetFromJsonAsync<JsonElement>("/api/districts/61.09/personnel?limit=1000");
        Assert.Single(roster6109.EnumerateArray(), p => p.GetProperty("name").GetString() == "Markus Sekadau");
        Assert.DoesNotContain(Desk.ConsoleErrors[page], e => !e.Contains("503"));
    }

    [Fact]
    public async Task a_page_opened_while_the_server_is_out_of_reach_says_so_in_Indonesian_and_loads_again_when_asked()
    {
        var page = await Desk.SignedInPageAsync("district", "61.11");
        await page.RouteAsync("**/api/**", route => route.AbortAsync("connectionrefused"));
        await page.ReloadAsync();
        var main = page.Locator("main");
        await Assertions.Expect(main.Locator("h1")).ToHaveTextAsync("Halaman ini belum dapat dimuat.");
        await Assertions.Expect(main.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Jaringan terputus atau server tidak menjawab.");

        await page.UnrouteAllAsync();
        await main.GetByRole(AriaRole.Button, new() { Name = "Muat lagi" }).ClickAsync();
        await Assertions.Expect(page.Locator("#roster-title")).ToHaveTextAsync("Personel kami");
        Assert.NotNull(await page.EvaluateAsync<string?>("sessionStorage.getItem('desk.session')")); // still signed in
    }

    [Fact]
    public async Task while_a_slow_submit_is_on_its_way_the_button_says_Mengirim_and_the_form_is_busy_until_the_answer()
    {
        var page = await Desk.SignedInPageAsync("district", "61.71");
        var add = page.Locator("section[aria-labelledby=roster-title] details.add-person");
        await add.Locator("summary").ClickAsync();
        await add.GetByLabel("Nama lengkap").FillAsync("Lambat Pontianak");
        var answer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await page.RouteAsync("**/api/districts/61.71/personnel", async route =>
        {
            if (route.Request.Method != "POST") { await route.ContinueAsync(); return; }
            arrived.TrySetResult();
            await answer.Task;
            await route.ContinueAsync();
        });

        var form = add.Locator("form");
        var submit = form.Locator(".actions button").First;
        await submit.ClickAsync();
        await arrived.Task.WaitAsync(TimeSpan.FromSeconds(15));
        await Assertions.Expect(submit).ToHaveTextAsync("Mengirim…");
        await Assertions.Expect(submit).ToBeDisabledAsync();
        await Assertions.Expect(form).ToHaveAttributeAsync("aria-busy", "true");

        answer.SetResult();
        await Assertions.Expect(page.Locator("#toast")).ToHaveTextAsync("Personel ditambahkan.");
        await Assertions.Expect(submit).ToHaveTextAsync("Tambahkan");
        await Assertions.Expect(submit).ToBeEnabledAsync();
        await Assertions.Expect(form).Not.ToHaveAttributeAsync("aria-busy", "true");
    }

    [Fact]
    public async Task a_slow_command_button_is_busy_until_its_answer_and_then_ready_again()
    {
        var incident = await Desk.ReportFloodAsync("Banjir Sungai Kapuas, Pontianak", "61.72");
        var request = await Desk.IssueRequestAsync(incident, "61.72");
        var page = await Desk.SignedInPageAsync("district", "61.72");
        var card = page.Locator($"[data-request='{request}']");
        var answer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await page.RouteAsync($"**/api/requests/{request}/decline", async route =>
        {
            arrived.TrySetResult();
            await answer.Task;
            await route.ContinueAsync();
        });

        var decline = card.GetByRole(AriaRole.Button, new() { Name = "Tolak" });
        await decline.ClickAsync(); // without a reason: the service refuses it, and the button stays for the next press
        await arrived.Task.WaitAsync(TimeSpan.FromSeconds(15));
        await Assertions.Expect(decline).ToHaveAttributeAsync("aria-busy", "true");
        await Assertions.Expect(decline).ToBeDisabledAsync();

        answer.SetResult();
        await Assertions.Expect(card.Locator(".form-message")).ToContainTextAsync("Isian belum benar.");
        await Assertions.Expect(decline).Not.ToHaveAttributeAsync("aria-busy", "true");
        await Assertions.Expect(decline).ToBeEnabledAsync();
    }

    /// <summary>
    /// Accepting <paramref name="request"/> on the page: the first press reaches the server, which accepts it, and its answer
    /// is then lost as <paramref name="lose"/> loses it; later presses go through. Answers each press's Idempotency-Key.
    /// </summary>
    private static async Task<List<string?>> FirstAcceptAnswerLostAsync(IPage page, Guid request, Func<IRoute, Task> lose)
    {
        var keys = new List<string?>();
        await page.RouteAsync($"**/api/requests/{request}/accept", async route =>
        {
            lock (keys) keys.Add(route.Request.Headers.GetValueOrDefault("idempotency-key"));
            if (keys.Count > 1)
            {
                await route.ContinueAsync();
                return;
            }
            await route.FetchAsync();
            await lose(route);
        });
        return keys;
    }
}
