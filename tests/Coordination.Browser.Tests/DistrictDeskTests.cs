using System.Net.Http.Json;
using System.Text.Json;
using Coordination.Browser.Tests.Support;
using Microsoft.Playwright;

namespace Coordination.Browser.Tests;

[Collection(DeskCollection.Name)]
public sealed class DistrictDeskTests(DeskFixture desk) : DeskTest(desk)
{
    [Fact]
    public async Task a_district_officer_on_a_phone_sees_a_request_arrive_live_accepts_deploys_arrives_and_records_a_service()
    {
        var incident = await Desk.ReportFloodAsync("Banjir Kecamatan Kapuas, Sintang");
        var page = await Desk.SignedInPageAsync("district", "61.05", width: 360, height: 740);
        await Assertions.Expect(page.Locator("h1 .live")).ToHaveTextAsync("● terhubung");

        var request = await Desk.IssueRequestAsync(incident, "61.05", count: 1);
        var card = page.Locator($"[data-request='{request}']");
        await Assertions.Expect(card).ToBeVisibleAsync(new() { Timeout = 20_000 }); // no reload: the event stream brought it
        await Assertions.Expect(card).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("fresh"));
        await card.GetByRole(AriaRole.Button, new() { Name = "Terima" }).ClickAsync();
        await Assertions.Expect(card.Locator(".badge.request-accepted")).ToHaveTextAsync("Diterima");
        await Assertions.Expect(card).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex("fresh")); // new until answered

        var deploy = page.Locator("section[aria-labelledby=deploy-title] form");
        await deploy.Locator("select[name=request]").SelectOptionAsync(request.ToString());
        await deploy.Locator("select[name=village]").SelectOptionAsync("Baning Kota");
        await deploy.Locator("input[name=member]").First.CheckAsync();
        await deploy.GetByRole(AriaRole.Button, new() { Name = "Berangkatkan" }).ClickAsync();

        var team = page.Locator("[data-deployment]").Filter(new() { HasText = "Diberangkatkan" });
        await Assertions.Expect(team).ToHaveCountAsync(1);
        await team.GetByRole(AriaRole.Button, new() { Name = "Tiba di lokasi" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-deployment]").Filter(new() { HasText = "Di lokasi" })).ToHaveCountAsync(1);

        var record = page.Locator("section[aria-labelledby=record-title] form");
        await record.Locator("input[name='newlyReached.total']").FillAsync("25");
        await record.Locator("input[name='newlyReached.children']").FillAsync("10");
        await record.Locator("input[name=contacts]").FillAsync("30");
        await record.GetByRole(AriaRole.Button, new() { Name = "Simpan catatan" }).ClickAsync();
        await Assertions.Expect(record.Locator(".running")).ToContainTextAsync("25 dari 1.200");

        var width = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(width <= 360, $"the page is {width} px wide in a 360 px viewport");
        Assert.Empty(Desk.ConsoleErrors[page]);
    }

    [Fact]
    public async Task an_incident_the_province_closes_shows_closed_at_once_on_the_pages_of_the_districts_working_on_it()
    {
        var incident = await Desk.ReportFloodAsync("Banjir Sungai Ambalau, Sintang", "61.05");
        var declined = await Desk.IssueRequestAsync(incident, "61.10");
        (await Desk.Api(DeskFixture.Token("district", "61.10")).PostAsJsonAsync($"/api/requests/{declined}/decline", new { reason = "semua bertugas" }))
            .EnsureSuccessStatusCode();
        var coordinator = await Desk.SignedInPageAsync("coordinator");
        await coordinator.GotoAsync($"/#/incident/{incident}");
        // Sintang's officer has the district's own incident open on a phone, with the forms that move it on
        var sintang = await Desk.SignedInPageAsync("district", "61.05", width: 360, height: 740);
        await sintang.GotoAsync($"/#/incident/{incident}");
        await Assertions.Expect(sintang.Locator("section[aria-labelledby=phase-title]")).ToBeVisibleAsync();
        await Assertions.Expect(sintang.Locator("section[aria-labelledby=requests-title] .live")).ToHaveTextAsync("● terhubung");
        // Melawi's officer, asked and having declined, has the district's page open on a laptop
        var melawi = await Desk.SignedInPageAsync("district", "61.10");
        var card = melawi.Locator($"[data-request='{declined}']");
        await Assertions.Expect(card.Locator(".for-incident")).ToContainTextAsync("Banjir Sungai Ambalau, Sintang");
        await Assertions.Expect(card.Locator(".for-incident .badge")).ToHaveCountAsync(0);
        await Assertions.Expect(melawi.Locator("h1 .live")).ToHaveTextAsync("● terhubung");

        var closing = coordinator.Locator("section[aria-labelledby=close-title]");
        await closing.GetByLabel("Ringkasan penutupan").FillAsync("Air sudah surut di Ambalau.");
        await closing.GetByRole(AriaRole.Button, new() { Name = "Tutup kejadian" }).ClickAsync();
        await Assertions.Expect(closing).ToContainTextAsync("Kejadian ditutup");

        // Without a reload: the incident shows closed, and no form offers to move it on
        await Assertions.Expect(sintang.Locator("main h1 + p .badge")).ToHaveTextAsync("Selesai");
        await Assertions.Expect(sintang.Locator("section[aria-labelledby=phase-title]")).ToBeHiddenAsync();
        await Assertions.Expect(card.Locator(".for-incident .badge")).ToHaveTextAsync("Selesai");
        foreach (var p in new[] { coordinator, sintang, melawi }) Assert.Empty(Desk.ConsoleErrors[p]);
    }

    [Fact]
    public async Task an_officer_on_a_phone_is_told_what_each_notice_was_a_request_come_in_cancelled_or_its_incident_closed()
    {
        var incident = await Desk.ReportFloodAsync("Banjir Sungai Tempunak, Sintang", "61.05");
        var officer = await Desk.SignedInPageAsync("district", "61.05", width: 360, height: 740);
        await Assertions.Expect(officer.Locator("h1 .live")).ToHaveTextAsync("● terhubung");
        // every message the page shows in its toast, in order, however quickly one follows another
        await officer.EvaluateAsync(@"() => {
            window.toasts = [];
            new MutationObserver(records => { for (const r of records) for (const n of r.addedNodes) window.toasts.push(n.textContent); })
              .observe(document.getElementById('toast'), { childList: true });
        }");
        async Task Toasted(string text) =>
            await officer.WaitForFunctionAsync("text => window.toasts.includes(text)", text, new() { Timeout = 15_000 });

        var request = await Desk.IssueRequestAsync(incident, "61.05");
        var card = officer.Locator($"[data-request='{request}']");
        await Assertions.Expect(card.GetByRole(AriaRole.Button, new() { Name = "Terima" })).ToBeVisibleAsync();
        await Toasted("Ada permintaan baru untuk kabupaten/kota ini.");

        var coordinator = await Desk.SignedInPageAsync("coordinator");
        await coordinator.GotoAsync($"/#/incident/{incident}");
        var closing = coordinator.Locator("section[aria-labelledby=close-title]");
        await closing.GetByLabel("Ringkasan penutupan").FillAsync("Air sudah surut di Tempunak.");
        await closing.GetByRole(AriaRole.Button, new() { Name = "Tutup kejadian" }).ClickAsync();
        await Assertions.Expect(closing).ToContainTextAsync("Kejadian ditutup");

        await Assertions.Expect(card.Locator(".badge.request-cancelled")).ToHaveTextAsync("Dibatalkan");
        await Toasted("Kejadian ditutup.");
        await Toasted("Permintaan dibatalkan.");
        Assert.DoesNotContain("Ada pemberitahuan permintaan baru.", await officer.EvaluateAsync<string[]>("() => window.toasts"));
        foreach (var p in new[] { officer, coordinator }) Assert.Empty(Desk.ConsoleErrors[p]);
    }

    [Theory]
    [InlineData(360, 740)]
    [InlineData(1366, 768)]
    public async Task an_officer_opens_a_request_s_incident_from_its_card_and_reads_when_and_why_it_was_closed(int width, int height)
    {
        var title = $"Banjir Sungai Sepauk, Sintang ({width})";
        var incident = await Desk.ReportFloodAsync(title, "61.05");
        var request = await Desk.IssueRequestAsync(incident, "61.05");
        var coordinator = Desk.Api(DeskFixture.Token("coordinator"));
        (await coordinator.PostAsJsonAsync($"/api/incidents/{incident}/close", new { summary = "Air sudah surut di Sepauk." })).EnsureSuccessStatusCode();

        var officer = await Desk.SignedInPageAsync("district", "61.05", width: width, height: height);
        var card = officer.Locator($"[data-request='{request}']");
        await Assertions.Expect(card.Locator(".badge.request-cancelled")).ToHaveTextAsync("Dibatalkan");
        await card.GetByRole(AriaRole.Link, new() { Name = title }).ClickAsync();
        await Assertions.Expect(officer).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"#/incident/{incident}$"));
        await Assertions.Expect(officer.Locator("main h1")).ToHaveTextAsync(title);
        var note = officer.Locator("main .closed-note");
        await Assertions.Expect(note).ToContainTextAsync("Kejadian ditutup");
        await Assertions.Expect(note).ToContainTextAsync("WIB. Air sudah surut di Sepauk.");
        await Assertions.Expect(officer.Locator("section[aria-labelledby=phase-title]")).ToBeHiddenAsync();
        Assert.Empty(Desk.ConsoleErrors[officer]);
    }

    [Fact]
    public async Task a_request_arriving_live_while_the_officer_types_a_decline_reason_keeps_what_was_typed_and_the_focus_in_it()
    {
        var incident = await Desk.ReportFloodAsync("Banjir Sungai Sekayam, Entikong", "61.02");
        var first = await Desk.IssueRequestAsync(incident, "61.02", count: 3);
        var page = await Desk.SignedInPageAsync("district", "61.02", width: 360, height: 740);
        await Assertions.Expect(page.Locator("h1 .live")).ToHaveTextAsync("● terhubung");
        var card = page.Locator($"[data-request='{first}']");
        await card.GetByLabel("Jumlah diterima").FillAsync("2");
        await card.GetByLabel("Alasan menolak").ClickAsync();
        await page.Keyboard.TypeAsync("Dua konselor sedang");

        // Another request reaches the inbox live while the reason is being typed.
        var second = await Desk.IssueRequestAsync(incident, "61.02", count: 1);
        await Assertions.Expect(page.Locator($"[data-request='{second}']")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Assertions.Expect(card.GetByLabel("Alasan menolak")).ToHaveValueAsync("Dua konselor sedang");
        await Assertions.Expect(card.GetByLabel("Jumlah diterima")).ToHaveValueAsync("2");
        await Assertions.Expect(card.GetByLabel("Alasan menolak")).ToBeFocusedAsync();
        // The typing goes on where it was, and Tab then Enter declines with the whole reason.
        await page.Keyboard.TypeAsync(" cuti");
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(card.GetByRole(AriaRole.Button, new() { Name = "Tolak" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(card.Locator(".badge.request-declined")).ToHaveTextAsync("Ditolak");
        var stored = await Desk.Api(DeskFixture.Token("analyst")).GetFromJsonAsync<JsonElement>($"/api/requests/{first}");
        Assert.Equal("Dua konselor sedang cuti", stored.GetProperty("reason").GetString());
        Assert.Empty(Desk.ConsoleErrors[page]);
    }

    [Fact]
    public async Task a_decline_reason_and_a_count_typed_in_an_inbox_card_stay_through_the_language_switch_and_back()
    {
        var incident = await Desk.ReportFloodAsync("Banjir Sungai Ambalau, Sintang", "61.05");
        var request = await Desk.IssueRequestAsync(incident, "61.05", count: 3);
        var page = await Desk.SignedInPageAsync("district", "61.05", width: 360, height: 740);
        var card = page.Locator($"[data-request='{request}']");
        await card.GetByLabel("Jumlah diterima").FillAsync("2");
        await card.GetByLabel("Alasan menolak").FillAsync("Konselor sedang pelatihan di Pontianak");

        await page.GetByRole(AriaRole.Button, new() { Name = "Ganti bahasa ke English" }).ClickAsync();
        await Assertions.Expect(page.Locator("#inbox-title")).ToHaveTextAsync("Incoming requests");
        await Assertions.Expect(card.GetByLabel("Reason for declining")).ToHaveValueAsync("Konselor sedang pelatihan di Pontianak");
        await Assertions.Expect(card.GetByLabel("Count accepted")).ToHaveValueAsync("2");

        await page.GetByRole(AriaRole.Button, new() { Name = "Switch language to Bahasa Indonesia" }).ClickAsync();
        await Assertions.Expect(page.Locator("#inbox-title")).ToHaveTextAsync("Permintaan masuk");
        await Assertions.Expect(card.GetByLabel("Alasan menolak")).ToHaveValueAsync("Konselor sedang pelatihan di Pontianak");
        await card.GetByRole(AriaRole.Button, new() { Name = "Tolak" }).ClickAsync();
        await Assertions.Expect(card.Locator(".badge.request-declined")).ToHaveTextAsync("Ditolak");
        var stored = await Desk.Api(DeskFixture.Token("analyst")).GetFromJsonAsync<JsonElement>($"/api/requests/{request}");
        Assert.Equal("Konselor sedang pelatihan di Pontianak", stored.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task a_refusal_in_an_inbox_card_stays_said_and_marked_when_a_live_update_draws_the_cards_again()
    {
        var incident = await Desk.ReportFloodAsync("Banjir Sungai Melawi, Nanga Pinoh", "61.10");
        var first = await Desk.IssueRequestAsync(incident, "61.10", count: 2);
        var page = await Desk.SignedInPageAsync("district", "61.10", width: 360, height: 740);
        await Assertions.Expect(page.Locator("h1 .live")).ToHaveTextAsync("● terhubung");
        var card = page.Locator($"[data-request='{first}']");
        var count = card.GetByLabel("Jumlah diterima");
        await count.FillAsync("5");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(card.Locator(".form-message")).ToContainTextAsync("Jumlah tidak boleh melebihi 2 orang yang diminta.");

        // Another request arrives live and the inbox is drawn again: the refusal is still said beside the count it marks.
        var second = await Desk.IssueRequestAsync(incident, "61.10", count: 1);
        await Assertions.Expect(page.Locator($"[data-request='{second}']")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Assertions.Expect(card.Locator(".form-message")).ToContainTextAsync("Jumlah tidak boleh melebihi 2 orang yang diminta.");
        await Assertions.Expect(count).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(count).ToHaveAccessibleDescriptionAsync(new System.Text.RegularExpressions.Regex("Jumlah tidak boleh melebihi 2"));
        await Assertions.Expect(count).ToHaveValueAsync("5");
    }

    [Fact]
    public async Task a_request_still_waiting_stays_in_the_inbox_after_a_hundred_newer_ones()
    {
        var incident = await Desk.ReportFloodAsync("Banjir Sungai Raya, Singkawang", "61.72");
        var oldest = await Desk.IssueRequestAsync(incident, "61.72", count: 2);
        await Desk.DeclinedRequestsAsync(incident, "61.72", 100);
        try
        {
            var page = await Desk.SignedInPageAsync("district", "61.72", width: 360, height: 740);
            var card = page.Locator($"[data-request='{oldest}']");
            await Assertions.Expect(card).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("section[aria-labelledby=inbox-title] [data-request]").First).ToHaveAttributeAsync("data-request", oldest.ToString());
            await card.GetByRole(AriaRole.Button, new() { Name = "Terima" }).ClickAsync();
            await Assertions.Expect(card.Locator(".badge.request-accepted")).ToHaveTextAsync("Diterima");
            await Assertions.Expect(page.Locator("section[aria-labelledby=deploy-title] select[name=request] option")).ToHaveCountAsync(1);
        }
        finally
        {
            var coordinator = Desk.Api(DeskFixture.Token("coordinator"));
            var read = await coordinator.GetAsync($"/api/incidents/{incident}");
            var close = new HttpRequestMessage(HttpMethod.Post, $"/api/incidents/{incident}/close") { Content = JsonContent.Create(new { summary = "Selesai" }) };
            close.Headers.TryAddWithoutValidation("If-Match", read.Headers.ETag?.Tag);
            await coordinator.SendAsync(close);
        }
    }

    [Fact]
    public async Task answering_in_the_inbox_by_keyboard_enter_sends_and_a_refused_field_is_marked_described_and_focused()
    {
        var incident = await Desk.ReportFloodAsync("Banjir Sungai Pawan, Ketapang", "61.04");
        var declined = await Desk.IssueRequestAsync(incident, "61.04", count: 2);
        var accepted = await Desk.IssueRequestAsync(incident, "61.04", count: 2);
        var page = await Desk.SignedInPageAsync("district", "61.04", width: 360, height: 740);

        // Enter in the empty reason: the reason is asked for beside the field that needs it.
        var card = page.Locator($"[data-request='{declined}']");
        var reason = card.GetByLabel("Alasan menolak");
        await reason.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(card.Locator(".form-message")).ToContainTextAsync("Alasan wajib diisi.");
        await Assertions.Expect(reason).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(reason).ToHaveAccessibleDescriptionAsync(new System.Text.RegularExpressions.Regex("Alasan wajib diisi"));
        await Assertions.Expect(reason).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("Semua konselor sedang bertugas");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(card.Locator(".badge.request-declined")).ToHaveTextAsync("Ditolak");

        // A count above the request: the count is marked; corrected, Enter accepts.
        card = page.Locator($"[data-request='{accepted}']");
        var count = card.GetByLabel("Jumlah diterima");
        await count.FillAsync("5");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(card.Locator(".form-message")).ToContainTextAsync("Jumlah tidak boleh melebihi 2 orang yang diminta.");
        await Assertions.Expect(count).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(count).ToBeFocusedAsync();
        await count.FillAsync("2");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(card.Locator(".badge.request-accepted")).ToHaveTextAsync("Diterima");

        var analyst = Desk.Api(DeskFixture.Token("analyst"));
        Assert.Equal("Semua konselor sedang bertugas", (await analyst.GetFromJsonAsync<JsonElement>($"/api/requests/{declined}")).GetProperty("reason").GetString());
        Assert.Equal(2, (await analyst.GetFromJsonAsync<JsonElement>($"/api/requests/{accepted}")).GetProperty("accepted").GetInt32());
        Assert.All(Desk.ConsoleErrors[page], error => Assert.Contains("400", error)); // the two refusals, and nothing else
    }

    [Fact]
    public async Task accepting_a_request_already_answered_shows_the_409_in_Indonesian()
    {
        var incident = await Desk.ReportFloodAsync("Banjir Nanga Pinoh", "61.10");
        var request = await Desk.IssueRequestAsync(incident, "61.10", count: 2);
        var page = await Desk.SignedInPageAsync("district", "61.10");
        var card = page.Locator($"[data-request='{request}']");
        await Assertions.Expect(card.GetByRole(AriaRole.Button, new() { Name = "Terima" })).ToBeVisibleAsync();

        var officer = Desk.Api(DeskFixture.Token("district", "61.10"));
        (await officer.PostAsJsonAsync($"/api/requests/{request}/decline", new { reason = "Personel sedang pelatihan" })).EnsureSuccessStatusCode();

        await card.GetByRole(AriaRole.Button, new() { Name = "Terima" }).ClickAsync();
        await Assertions.Expect(card.Locator(".form-message"))
            .ToContainTextAsync(new System.Text.RegularExpressions.Regex("Tidak dapat dilakukan pada keadaan sekarang|Permintaan ini sudah dijawab"));
    }

    [Fact]
    public async Task a_service_record_whose_first_answer_is_lost_on_the_network_is_retried_and_recorded_once()
    {
        var (officer, deployment) = await TeamOnSiteAsync("61.10", "Banjir Sokan, Melawi", "Yohanes Kapuas", "Tim LDP Melawi Sokan");

        var page = await Desk.SignedInPageAsync("district", "61.10");
        var record = page.Locator("section[aria-labelledby=record-title] form");
        await record.Locator("select[name=deployment]").SelectOptionAsync(deployment.ToString());
        await record.Locator("input[name='newlyReached.total']").FillAsync("12");
        await record.Locator("input[name=contacts]").FillAsync("15");

        // The server records the first submit, but its answer never reaches the page.
        var lost = 0;
        await page.RouteAsync($"**/api/deployments/{deployment}/services", async route =>
        {
            if (route.Request.Method != "POST" || Interlocked.Increment(ref lost) > 1)
            {
                await route.ContinueAsync();
                return;
            }
            await route.FetchAsync();
            await route.AbortAsync("connectionreset");
        });
        await record.GetByRole(AriaRole.Button, new() { Name = "Simpan catatan" }).ClickAsync();
        await Assertions.Expect(record.Locator(".form-message")).ToContainTextAsync("Jaringan terputus");
        await Assertions.Expect(record.Locator("input[name='newlyReached.total']")).ToHaveValueAsync("12");

        await record.GetByRole(AriaRole.Button, new() { Name = "Coba lagi" }).ClickAsync();
        await Assertions.Expect(page.Locator("#toast")).ToHaveTextAsync("Catatan layanan tersimpan.");

        var records = await officer.GetFromJsonAsync<JsonElement>($"/api/deployments/{deployment}/services");
        Assert.Equal(1, records.GetArrayLength());
        Assert.Equal(12, records[0].GetProperty("newlyReached").GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task a_service_record_form_pressed_again_after_it_was_saved_and_emptied_records_nothing_and_says_why()
    {
        var (officer, deployment) = await TeamOnSiteAsync("61.10", "Banjir Nanga Pinoh Hulu", "Petrus Pinoh", "Tim LDP Melawi Pinoh");

        var page = await Desk.SignedInPageAsync("district", "61.10");
        var record = page.Locator("section[aria-labelledby=record-title] form");
        await record.Locator("select[name=deployment]").SelectOptionAsync(deployment.ToString());
        await record.Locator("input[name='newlyReached.total']").FillAsync("12");
        await record.Locator("input[name=contacts]").FillAsync("15");
        var save = record.GetByRole(AriaRole.Button, new() { Name = "Simpan catatan" });
        await save.ClickAsync();
        await Assertions.Expect(page.Locator("#toast")).ToHaveTextAsync("Catatan layanan tersimpan.");
        await Assertions.Expect(record.Locator("input[name=contacts]")).ToHaveValueAsync("0");

        // a second press lands on the emptied form
        await save.ClickAsync();
        await Assertions.Expect(record.Locator("input[name=contacts]")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(record).ToContainTextAsync("Paling kecil 1.");
        var records = await officer.GetFromJsonAsync<JsonElement>($"/api/deployments/{deployment}/services");
        Assert.Equal(1, records.GetArrayLength());
    }

    [Fact]
    public async Task each_inbox_card_names_its_incident_and_its_district_and_says_when_the_request_came_in()
    {
        var incident = await Desk.ReportFloodAsync("Banjir Rob Mempawah Hilir", "61.02");
        var request = await Desk.IssueRequestAsync(incident, "61.03");
        var page = await Desk.SignedInPageAsync("district", "61.03", width: 360, height: 740);

        var card = page.Locator($"[data-request='{request}']");
        await Assertions.Expect(card.Locator(".for-incident")).ToHaveTextAsync("Untuk kejadian Banjir Rob Mempawah Hilir · Mempawah");
        await Assertions.Expect(card).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"Masuk \d{1,2} [A-Z][a-z]+ \d{4}, \d{2}\.\d{2} WIB")); // Indonesian writes 14.05, on the WIB clock
        await Assertions.Expect(card).Not.ToContainTextAsync("Diterima"); // the word is the status's alone: accepted
        await Assertions.Expect(card).ToContainTextAsync("; tanpa batas waktu"); // no deadline asked, where it read "dibutuhkan paling lambat –"
        await Assertions.Expect(card).Not.ToContainTextAsync("–");
        Assert.Empty(Desk.ConsoleErrors[page]);
    }

    [Fact]
    public async Task a_service_record_is_counted_on_the_team_s_card_at_once_and_standing_down_asks_first()
    {
        var (officer, deployment) = await TeamOnSiteAsync("61.04", "Banjir Sungai Pawan, Ketapang", "Rina Pawan", "Tim LDP Pawan");

        var page = await Desk.SignedInPageAsync("district", "61.04");
        var team = page.Locator($"[data-deployment='{deployment}']");
        await Assertions.Expect(team).ToContainTextAsync("0 catatan layanan");
        var record = page.Locator("section[aria-labelledby=record-title] form");
        await record.Locator("select[name=deployment]").SelectOptionAsync(deployment.ToString());
        await record.Locator("input[name='newlyReached.total']").FillAsync("8");
        await record.Locator("input[name=contacts]").FillAsync("9");
        await record.GetByRole(AriaRole.Button, new() { Name = "Simpan catatan" }).ClickAsync();
        await Assertions.Expect(team).ToContainTextAsync("1 catatan layanan"); // no reload

        var confirm = team.GetByRole(AriaRole.Button, new() { Name = "Ya, tarik tim" });
        await Assertions.Expect(confirm).ToBeHiddenAsync();
        await team.GetByText("Tarik tim…").ClickAsync();
        await Assertions.Expect(team).ToContainTextAsync("Tim LDP Pawan ditarik dari lokasi dan anggotanya kembali tersedia. Ini tidak dapat dibatalkan.");
        Assert.Equal("on-site", (await officer.GetFromJsonAsync<JsonElement>($"/api/deployments/{deployment}")).GetProperty("status").GetString());
        await confirm.ClickAsync();
        await Assertions.Expect(page.Locator("#toast")).ToHaveTextAsync("Tim ditarik.");
        await Assertions.Expect(team).ToHaveCountAsync(0);
        Assert.Equal("stood-down", (await officer.GetFromJsonAsync<JsonElement>($"/api/deployments/{deployment}")).GetProperty("status").GetString());
        Assert.Empty(Desk.ConsoleErrors[page]);
    }

    [Fact]
    public async Task escape_folds_the_stand_down_question_away_with_the_focus_on_it_and_the_keyboard_then_stands_the_team_down()
    {
        var (officer, deployment) = await TeamOnSiteAsync("61.01", "Banjir Sungai Sambas Besar", "Agus Sambas", "Tim LDP Sambas");
        var page = await Desk.SignedInPageAsync("district", "61.01", width: 360, height: 740);
        var team = page.Locator($"[data-deployment='{deployment}']");
        var ask = team.Locator("summary", new() { HasText = "Tarik tim…" });
        var confirm = team.GetByRole(AriaRole.Button, new() { Name = "Ya, tarik tim" });
        await ask.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(confirm).ToBeFocusedAsync();

        // Escape leaves the question as a dialog would: folded away, the focus back on what opened it, nothing done.
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(confirm).ToBeHiddenAsync();
        await Assertions.Expect(ask).ToBeFocusedAsync();
        Assert.Equal("on-site", (await officer.GetFromJsonAsync<JsonElement>($"/api/deployments/{deployment}")).GetProperty("status").GetString());

        await page.Keyboard.PressAsync("Space");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#toast")).ToHaveTextAsync("Tim ditarik.");
        Assert.Equal("stood-down", (await officer.GetFromJsonAsync<JsonElement>($"/api/deployments/{deployment}")).GetProperty("status").GetString());
        Assert.Empty(Desk.ConsoleErrors[page]);
    }

    [Fact]
    public async Task a_team_whose_answer_was_lost_and_which_was_deployed_after_all_is_not_sent_again_with_the_next_team()
    {
        var officer = Desk.Api(DeskFixture.Token("district", "61.71"));
        foreach (var name in new[] { "Hendra Singkawang", "Mei Ling Singkawang" })
            await Created(await officer.PostAsJsonAsync("/api/districts/61.71/personnel", new { name, role = "counselor", skills = Array.Empty<string>() }));
        var incident = await Desk.ReportFloodAsync("Banjir Sungai Selakau, Singkawang", "61.71");
        var first = await Desk.IssueRequestAsync(incident, "61.71");
        (await officer.PostAsJsonAsync($"/api/requests/{first}/accept", new { count = 1 })).EnsureSuccessStatusCode();

        var page = await Desk.SignedInPageAsync("district", "61.71", width: 360, height: 740);
        var deploy = page.Locator("section[aria-labelledby=deploy-title]");
        await deploy.Locator("select[name=request]").SelectOptionAsync(first.ToString());
        await deploy.GetByLabel("Hendra Singkawang").CheckAsync();
        // The server deploys the team, but its answer never reaches the phone.
        await page.RouteAsync("**/api/deployments", async route =>
        {
            if (route.Request.Method != "POST") { await route.ContinueAsync(); return; }
            await route.FetchAsync();
            await route.AbortAsync("connectionreset");
        });
        await deploy.GetByRole(AriaRole.Button, new() { Name = "Berangkatkan" }).ClickAsync();
        await Assertions.Expect(deploy.Locator(".form-message")).ToContainTextAsync("Jaringan terputus");
        await page.UnrouteAsync("**/api/deployments");

        // Back on the page later, the team is out and Sintang's next request is accepted: the form is for a new team.
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("[data-deployment]").Filter(new() { HasText = "Tim LDP" })).ToHaveCountAsync(1);
        var second = await Desk.IssueRequestAsync(incident, "61.71");
        (await officer.PostAsJsonAsync($"/api/requests/{second}/accept", new { count = 1 })).EnsureSuccessStatusCode();
        await page.ReloadAsync();
        await Assertions.Expect(deploy.Locator(".form-message")).ToHaveTextAsync("Yang Anda kirim sebelumnya ternyata sudah tercatat; isian ini untuk yang baru.");
        await Assertions.Expect(deploy.GetByRole(AriaRole.Button, new() { Name = "Coba lagi" })).ToBeHiddenAsync();
        await deploy.Locator("select[name=request]").SelectOptionAsync(second.ToString());
        await deploy.GetByLabel("Mei Ling Singkawang").CheckAsync();
        await deploy.GetByRole(AriaRole.Button, new() { Name = "Berangkatkan" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-deployment]").Filter(new() { HasText = "Tim LDP" })).ToHaveCountAsync(2);
        var teams = await officer.GetFromJsonAsync<JsonElement>($"/api/deployments?incidentId={incident}");
        Assert.Equal(2, teams.GetArrayLength());
        Assert.All(Desk.ConsoleErrors[page], error => Assert.Contains("ERR_CONNECTION_RESET", error)); // the lost answer, and nothing else
    }

    [Fact]
    public async Task a_service_record_changed_after_its_lost_answer_is_refused_in_the_page_s_words_with_no_id_in_them()
    {
        var (officer, deployment) = await TeamOnSiteAsync("61.07", "Banjir Sungai Sebangkau, Bengkayang", "Yakobus Bengkayang", "Tim LDP Bengkayang");
        var page = await Desk.SignedInPageAsync("district", "61.07", width: 360, height: 740);
        var record = page.Locator("section[aria-labelledby=record-title] form");
        await record.Locator("select[name=deployment]").SelectOptionAsync(deployment.ToString());
        await record.Locator("input[name='newlyReached.total']").FillAsync("12");
        await record.Locator("input[name=contacts]").FillAsync("15");
        await page.RouteAsync($"**/api/deployments/{deployment}/services", async route =>
        {
            if (route.Request.Method != "POST") { await route.ContinueAsync(); return; }
            await route.FetchAsync();
            await route.AbortAsync("connectionreset");
        });
        await record.GetByRole(AriaRole.Button, new() { Name = "Simpan catatan" }).ClickAsync();
        await Assertions.Expect(record.Locator(".form-message")).ToContainTextAsync("Jaringan terputus");
        await page.UnrouteAsync($"**/api/deployments/{deployment}/services");

        // The officer corrects a figure before trying again: the first record stands, and the page says so plainly.
        await record.Locator("input[name='newlyReached.total']").FillAsync("13");
        await record.GetByRole(AriaRole.Button, new() { Name = "Coba lagi" }).ClickAsync();
        await Assertions.Expect(record.Locator(".form-message")).ToHaveTextAsync(
            "Yang Anda kirim sebelumnya sudah tercatat, dan isian ini berbeda darinya. Periksa yang sudah tercatat; bila memang perlu, tekan lagi untuk mengirim isian ini sebagai yang baru.");
        await Assertions.Expect(record.Locator("input[name='newlyReached.total']")).ToHaveValueAsync("13");
        var records = await officer.GetFromJsonAsync<JsonElement>($"/api/deployments/{deployment}/services");
        Assert.Equal(1, records.GetArrayLength());
    }

    [Fact]
    public async Task a_request_arriving_live_while_the_stand_down_question_is_open_keeps_it_open_with_the_focus_on_its_button()
    {
        var (officer, deployment) = await TeamOnSiteAsync("61.12", "Banjir Sungai Ambawang, Kubu Raya", "Paulus Ambawang", "Tim LDP Ambawang");
        var page = await Desk.SignedInPageAsync("district", "61.12", width: 360, height: 740);
        await Assertions.Expect(page.Locator("h1 .live")).ToHaveTextAsync("● terhubung");
        var team = page.Locator($"[data-deployment='{deployment}']");
        await team.Locator("summary", new() { HasText = "Tarik tim…" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.Keyboard.PressAsync("Tab");
        var confirm = team.GetByRole(AriaRole.Button, new() { Name = "Ya, tarik tim" });
        await Assertions.Expect(confirm).ToBeFocusedAsync();

        var incident = await Desk.ReportFloodAsync("Banjir Sungai Kapuas Kecil, Kubu Raya", "61.12");
        var request = await Desk.IssueRequestAsync(incident, "61.12");
        await Assertions.Expect(page.Locator($"[data-request='{request}']")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Assertions.Expect(confirm).ToBeVisibleAsync();
        await Assertions.Expect(confirm).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#toast")).ToHaveTextAsync("Tim ditarik.");
        Assert.Equal("stood-down", (await officer.GetFromJsonAsync<JsonElement>($"/api/deployments/{deployment}")).GetProperty("status").GetString());
        Assert.Empty(Desk.ConsoleErrors[page]);
    }

    [Fact]
    public async Task a_team_sent_with_no_member_chosen_marks_the_members_described_by_the_reason_and_focuses_the_first()
    {
        var officer = Desk.Api(DeskFixture.Token("district", "61.09"));
        await Created(await officer.PostAsJsonAsync("/api/districts/61.09/personnel", new { name = "Theresia Sekadau", role = "counselor", skills = Array.Empty<string>() }));
        var incident = await Desk.ReportFloodAsync("Banjir Sungai Sekadau Hulu", "61.09");
        var request = await Desk.IssueRequestAsync(incident, "61.09");
        (await officer.PostAsJsonAsync($"/api/requests/{request}/accept", new { count = 1 })).EnsureSuccessStatusCode();

        var page = await Desk.SignedInPageAsync("district", "61.09", width: 360, height: 740);
        var deploy = page.Locator("section[aria-labelledby=deploy-title] form");
        await deploy.Locator("select[name=request]").SelectOptionAsync(request.ToString());
        await deploy.GetByRole(AriaRole.Button, new() { Name = "Berangkatkan" }).ClickAsync();

        var first = deploy.Locator("input[name=member]").First;
        await Assertions.Expect(deploy.Locator("[data-error-for=members]")).ToHaveTextAsync("Anggota tim harus menyebut sedikitnya satu orang.");
        await Assertions.Expect(first).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(first).ToHaveAccessibleDescriptionAsync("Anggota tim harus menyebut sedikitnya satu orang.");
        await Assertions.Expect(first).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Space");
        await deploy.GetByRole(AriaRole.Button, new() { Name = "Berangkatkan" }).ClickAsync();
        await Assertions.Expect(page.Locator("#toast")).ToHaveTextAsync("Tim diberangkatkan.");
        Assert.All(Desk.ConsoleErrors[page], error => Assert.Contains("400", error)); // the refusal, and nothing else
    }

    [Fact]
    public async Task the_same_submission_still_running_or_made_by_its_twin_is_said_in_the_page_s_words_and_retried_under_the_same_id_and_key()
    {
        var (officer, deployment) = await TeamOnSiteAsync("61.11", "Banjir Sungai Simpang, Kayong Utara", "Maria Kayong", "Tim LDP Kayong");
        var incident = (await officer.GetFromJsonAsync<JsonElement>($"/api/deployments/{deployment}")).GetProperty("incidentId").GetGuid();
        var page = await Desk.SignedInPageAsync("district", "61.11", width: 360, height: 740);

        // The twin of this record (the same draft in a second tab) is being stored at this very moment.
        var ids = new List<string>();
        await page.RouteAsync($"**/api/deployments/{deployment}/services", async route =>
        {
            ids.Add(JsonDocument.Parse(route.Request.PostData!).RootElement.GetProperty("id").GetString()!);
            if (ids.Count > 1) { await route.ContinueAsync(); return; }
            await route.FulfillAsync(new()
            {
                Status = 409, ContentType = "application/problem+json",
                Body = JsonSerializer.Serialize(new
                {
                    title = "Keadaan saat ini tidak memungkinkan hal ini", status = 409, code = "id-created-concurrently",
                    detail = $"Id {ids[0]} dibuat oleh permintaan lain pada saat yang sama; baca data tersebut, atau ulangi tanpa perubahan."
                })
            });
        });
        var record = page.Locator("section[aria-labelledby=record-title] form");
        await record.Locator("select[name=deployment]").SelectOptionAsync(deployment.ToString());
        await record.Locator("input[name='newlyReached.total']").FillAsync("7");
        await record.Locator("input[name=contacts]").FillAsync("9");
        await record.GetByRole(AriaRole.Button, new() { Name = "Simpan catatan" }).ClickAsync();
        await Assertions.Expect(record.Locator(".form-message")).ToHaveTextAsync("Kiriman yang sama sedang dicatat dari tab atau perangkat lain pada saat yang sama. "
            + "Isian Anda tetap tersimpan; tekan Coba lagi — tidak akan tercatat dua kali.");
        await record.GetByRole(AriaRole.Button, new() { Name = "Coba lagi" }).ClickAsync();
        await Assertions.Expect(page.Locator("#toast")).ToHaveTextAsync("Catatan layanan tersimpan.");
        Assert.Equal(2, ids.Count);
        Assert.Equal(ids[0], ids[1]);
        Assert.Equal(1, (await officer.GetFromJsonAsync<JsonElement>($"/api/deployments/{deployment}/services")).GetArrayLength());

        // A request arrives live, marked as new until it is answered; an accept whose first send is still being processed
        // when the retry arrives, its answer coming only after a live update (another request issued) has drawn the inbox again.
        await Assertions.Expect(page.Locator("h1 .live")).ToHaveTextAsync("● terhubung");
        var request = await Desk.IssueRequestAsync(incident, "61.11");
        await Assertions.Expect(page.Locator($"[data-request='{request}']")).ToHaveClassAsync("request fresh");
        var keys = new List<string>();
        var answered = new TaskCompletionSource();
        await page.RouteAsync($"**/api/requests/{request}/accept", async route =>
        {
            keys.Add(route.Request.Headers["idempotency-key"]);
            if (keys.Count > 1) { await route.ContinueAsync(); return; }
            await answered.Task;
            await route.FulfillAsync(new()
            {
                Status = 409, ContentType = "application/problem+json",
                Body = JsonSerializer.Serialize(new
                {
                    title = "Keadaan saat ini tidak memungkinkan hal ini", status = 409, code = "idempotency-in-progress",
                    detail = "Permintaan dengan Idempotency-Key ini masih diproses; coba lagi sebentar lagi."
                })
            });
        });
        var card = page.Locator($"[data-request='{request}']");
        await card.GetByRole(AriaRole.Button, new() { Name = "Terima" }).ClickAsync();
        await Assertions.Expect(card.GetByRole(AriaRole.Button, new() { Name = "Terima" })).ToBeDisabledAsync();
        var another = await Desk.IssueRequestAsync(incident, "61.11");
        await Assertions.Expect(page.Locator($"[data-request='{another}']")).ToBeVisibleAsync();
        await Assertions.Expect(card).ToHaveClassAsync("request fresh"); // drawn again, still new (its answer not yet through), the card it was
        answered.SetResult();
        await Assertions.Expect(card.Locator(".form-message")).ToHaveTextAsync("Kiriman yang sama masih diproses server. Tekan tombolnya sekali lagi — tidak akan tercatat dua kali.");
        await card.GetByRole(AriaRole.Button, new() { Name = "Terima" }).ClickAsync();
        await Assertions.Expect(card.Locator(".badge.request-accepted")).ToHaveTextAsync("Diterima");
        await Assertions.Expect(card).ToHaveClassAsync("request");
        Assert.Equal(keys[0], keys[1]);
    }

    [Fact]
    public async Task a_service_record_refused_after_a_live_update_changed_the_teams_on_site_is_said_in_the_form_drawn_anew_for_them()
    {
        var (officer, first) = await TeamOnSiteAsync("61.04", "Banjir Sungai Pesaguan, Ketapang", "Yohanes Ketapang", "Tim LDP Pesaguan");
        var incident = (await officer.GetFromJsonAsync<JsonElement>($"/api/deployments/{first}")).GetProperty("incidentId").GetGuid();
        var page = await Desk.SignedInPageAsync("district", "61.04", width: 360, height: 740);
        await Assertions.Expect(page.Locator("h1 .live")).ToHaveTextAsync("● terhubung");
        var record = page.Locator("section[aria-labelledby=record-title]");
        await record.Locator("select[name=deployment]").SelectOptionAsync(first.ToString());
        await record.Locator("input[name='newlyReached.total']").FillAsync("6");
        await record.Locator("input[name=contacts]").FillAsync("8");

        // The record is on its way on a slow connection while the team is stood down at the post and a second team arrives.
        var sent = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        await page.RouteAsync($"**/api/deployments/{first}/services", async route =>
        {
            sent.TrySetResult();
            await release.Task;
            await route.ContinueAsync();
        });
        await record.GetByRole(AriaRole.Button, new() { Name = "Simpan catatan" }).ClickAsync();
        await sent.Task;
        var member = await Created(await officer.PostAsJsonAsync("/api/districts/61.04/personnel",
            new { name = "Lusia Ketapang", role = "counselor", skills = Array.Empty<string>() }));
        var second = await Created(await officer.PostAsJsonAsync("/api/deployments",
            new { incidentId = incident, district = "61.04", teamName = "Tim LDP Pesaguan Dua", members = new[] { member }, village = "Baning Kota" }));
        (await officer.PostAsync($"/api/deployments/{second}/arrive", null)).EnsureSuccessStatusCode();
        (await officer.PostAsync($"/api/deployments/{first}/stand-down", null)).EnsureSuccessStatusCode();
        // A request issued meanwhile updates the page live: the teams on site it reads are no longer those the form offers.
        var request = await Desk.IssueRequestAsync(incident, "61.04");
        await Assertions.Expect(page.Locator($"[data-request='{request}']")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator($"[data-deployment='{second}']")).ToBeVisibleAsync();
        await Assertions.Expect(record.GetByRole(AriaRole.Button, new() { Name = "Mengirim…" })).ToBeDisabledAsync();

        // The refusal is said, and stays said in the form drawn for the teams now on site, with what was typed.
        release.SetResult();
        await Assertions.Expect(record.Locator("select[name=deployment] option")).ToHaveCountAsync(1);
        await Assertions.Expect(record.Locator("select[name=deployment]")).ToHaveValueAsync(second.ToString());
        await Assertions.Expect(record.Locator(".form-message")).ToHaveTextAsync(
            "Tidak dapat dilakukan pada keadaan sekarang. Tim “Tim LDP Pesaguan” berstatus sudah ditarik; layanan hanya dapat dicatat selama tim berada di lokasi.");
        await Assertions.Expect(record.Locator("input[name=contacts]")).ToHaveValueAsync("8");
        await Assertions.Expect(record.GetByRole(AriaRole.Button, new() { Name = "Simpan catatan" })).ToBeFocusedAsync();
        Assert.Equal(0, (await officer.GetFromJsonAsync<JsonElement>($"/api/deployments/{first}/services")).GetArrayLength());
    }

    [Fact]
    public async Task a_team_refused_for_a_member_sent_meanwhile_with_another_says_why_in_full_in_the_form_drawn_anew_without_them()
    {
        var officer = Desk.Api(DeskFixture.Token("district", "61.09"));
        var agnes = await Created(await officer.PostAsJsonAsync("/api/districts/61.09/personnel",
            new { name = "Agnes Sekadau", role = "counselor", skills = Array.Empty<string>() }));
        var incident = await Desk.ReportFloodAsync("Banjir Sungai Sekadau", "61.09");
        var first = await Desk.IssueRequestAsync(incident, "61.09");
        (await officer.PostAsJsonAsync($"/api/requests/{first}/accept", new { count = 1 })).EnsureSuccessStatusCode();
        var page = await Desk.SignedInPageAsync("district", "61.09", width: 360, height: 740);
        await Assertions.Expect(page.Locator("h1 .live")).ToHaveTextAsync("● terhubung");
        var deploy = page.Locator("section[aria-labelledby=deploy-title]");
        await deploy.Locator("select[name=request]").SelectOptionAsync(first.ToString());
        await deploy.GetByLabel("Agnes Sekadau").CheckAsync();

        // The team is on its way on a slow connection while a colleague sends Agnes with a team for the next request.
        var sent = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        await page.RouteAsync("**/api/deployments", async route =>
        {
            if (route.Request.Method != "POST") { await route.ContinueAsync(); return; }
            sent.TrySetResult();
            await release.Task;
            await route.ContinueAsync();
        });
        await deploy.GetByRole(AriaRole.Button, new() { Name = "Berangkatkan" }).ClickAsync();
        await sent.Task;
        var second = await Desk.IssueRequestAsync(incident, "61.09");
        (await officer.PostAsJsonAsync($"/api/requests/{second}/accept", new { count = 1 })).EnsureSuccessStatusCode();
        var other = await Created(await officer.PostAsJsonAsync("/api/deployments", new
        {
            incidentId = incident, requestId = second, district = "61.09", teamName = "Tim LDP Sekadau Hilir", members = new[] { agnes }, village = "Baning Kota"
        }));
        var third = await Desk.IssueRequestAsync(incident, "61.09");
        await Assertions.Expect(page.Locator($"[data-request='{third}']")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator($"[data-deployment='{other}']")).ToBeVisibleAsync();

        // Refused: the form drawn anew no longer lists Agnes, so its message says who and why rather than "beside the name".
        release.SetResult();
        await Assertions.Expect(deploy.GetByLabel("Agnes Sekadau")).ToHaveCountAsync(0);
        await Assertions.Expect(deploy.Locator(".form-message")).ToHaveTextAsync(
            "Personel sedang bertugas di tempat lain. 1 anggota tim tidak dapat diberangkatkan: Agnes Sekadau sedang bertugas dengan Tim LDP Sekadau Hilir.");
        Assert.Single((await officer.GetFromJsonAsync<JsonElement>($"/api/deployments?incidentId={incident}")).EnumerateArray());
    }

    /// <summary>
    /// Two officers of one district, one in the field on a phone: what the other records (a service, a person added) comes
    /// with no notice, and shows on the open page through the district's "changed" without a reload.
    /// </summary>
    [Fact]
    public async Task a_colleague_s_service_record_and_new_person_from_another_device_show_on_the_open_page_without_a_reload()
    {
        var (officer, deployment) = await TeamOnSiteAsync("61.08", "Banjir Sungai Landak, Ngabang", "Yosef Ngabang", "Tim LDP Ngabang");
        var page = await Desk.SignedInPageAsync("district", "61.08", width: 360, height: 740);
        var team = page.Locator($"[data-deployment='{deployment}']");
        await Assertions.Expect(team).ToContainTextAsync("0 catatan layanan");
        var unchanged = new System.Collections.Concurrent.ConcurrentQueue<string>();
        page.Response += (_, response) => { if (response.Status == 304) unchanged.Enqueue(new Uri(response.Url).PathAndQuery); };

        (await officer.PostAsJsonAsync($"/api/deployments/{deployment}/services", new
        {
            date = DateTime.UtcNow.AddHours(7).ToString("yyyy-MM-dd"), village = "Baning Kota", service = "group-support",
            newlyReached = new { total = 14, children = 6, elderly = 1, disabled = 0, pregnant = 0 }, contacts = 14
        })).EnsureSuccessStatusCode();
        (await officer.PostAsJsonAsync("/api/districts/61.08/personnel", new { name = "Maria Ngabang", role = "tagana", skills = Array.Empty<string>() }))
            .EnsureSuccessStatusCode();

        await Assertions.Expect(team).ToContainTextAsync("1 catatan layanan");
        await Assertions.Expect(page.Locator("section[aria-labelledby=roster-title] .person").Filter(new() { HasText = "Maria Ngabang" })).ToHaveCountAsync(1);
        // what did not change was read again in a few headers: no team waiting to arrive, then or now
        Assert.Contains(unchanged, read => read.StartsWith("/api/deployments?district=61.08&status=deployed&", StringComparison.Ordinal));
        Assert.Empty(Desk.ConsoleErrors[page]);
    }

    /// <summary>
    /// An officer halfway through the day's service record: the province's new assessment (more people affected, a village
    /// added) and another district's team recording at the same flood move the running total and the villages offered
    /// without a reload, and what was typed stays.
    /// </summary>
    [Fact]
    public async Task the_record_form_s_running_total_follows_a_new_assessment_and_another_district_s_team_while_it_is_filled_in()
    {
        var (_, deployment) = await TeamOnSiteAsync("61.07", "Banjir Sungai Sebalo, Bengkayang", "Lusia Bengkayang", "Tim LDP Sebalo");
        var incident = (await Desk.Api(DeskFixture.Token("district", "61.07")).GetFromJsonAsync<JsonElement>($"/api/deployments/{deployment}"))
            .GetProperty("incidentId").GetGuid();
        var page = await Desk.SignedInPageAsync("district", "61.07", width: 360, height: 740);
        var record = page.Locator("section[aria-labelledby=record-title] form");
        await record.Locator("select[name=deployment]").SelectOptionAsync(deployment.ToString());
        await Assertions.Expect(record.Locator(".running")).ToContainTextAsync("0 dari 1.200");
        await record.Locator("select[name=village]").SelectOptionAsync("Kapuas Kiri Hilir");
        await record.Locator("input[name=contacts]").FillAsync("12");

        (await Desk.Api(DeskFixture.Token("coordinator")).PostAsJsonAsync($"/api/incidents/{incident}/assessments", new
        {
            villages = new[] { "Baning Kota", "Kapuas Kiri Hilir", "Sungai Ayak" },
            affected = new { total = 2400, children = 800, elderly = 200, disabled = 40, pregnant = 20 }
        })).EnsureSuccessStatusCode();
        await Assertions.Expect(record.Locator(".running")).ToContainTextAsync("0 dari 2.400");
        await Assertions.Expect(record.Locator("select[name=village] option")).ToHaveTextAsync(["Baning Kota", "Kapuas Kiri Hilir", "Sungai Ayak"]);

        var request = await Desk.IssueRequestAsync(incident, "61.06");
        var kapuasHulu = Desk.Api(DeskFixture.Token("district", "61.06"));
        (await kapuasHulu.PostAsJsonAsync($"/api/requests/{request}/accept", new { count = 1 })).EnsureSuccessStatusCode();
        var member = await Created(await kapuasHulu.PostAsJsonAsync("/api/districts/61.06/personnel",
            new { name = "Theresia Putussibau", role = "counselor", skills = new[] { "psychological-first-aid" } }));
        var team = await Created(await kapuasHulu.PostAsJsonAsync("/api/deployments",
            new { incidentId = incident, requestId = request, district = "61.06", teamName = "Tim LDP Kapuas Hulu", members = new[] { member }, village = "Sungai Ayak" }));
        (await kapuasHulu.PostAsync($"/api/deployments/{team}/arrive", null)).EnsureSuccessStatusCode();
        (await kapuasHulu.PostAsJsonAsync($"/api/deployments/{team}/services", new
        {
            date = DateTime.UtcNow.AddHours(7).ToString("yyyy-MM-dd"), village = "Sungai Ayak", service = "group-support",
            newlyReached = new { total = 37, children = 12, elderly = 3, disabled = 0, pregnant = 1 }, contacts = 37
        })).EnsureSuccessStatusCode();

        await Assertions.Expect(record.Locator(".running")).ToContainTextAsync("37 dari 2.400");
        await Assertions.Expect(record.Locator("select[name=village]")).ToHaveValueAsync("Kapuas Kiri Hilir");
        await Assertions.Expect(record.Locator("input[name=contacts]")).ToHaveValueAsync("12");
        Assert.Empty(Desk.ConsoleErrors[page]);
    }

    /// <summary>A flood in the district with a one-counselor team on site, set up through the API as the district's officer.</summary>
    private async Task<(HttpClient Officer, Guid Deployment)> TeamOnSiteAsync(string district, string flood, string person, string team)
    {
        var officer = Desk.Api(DeskFixture.Token("district", district));
        var incident = await Desk.ReportFloodAsync(flood, district);
        var member = await Created(await officer.PostAsJsonAsync($"/api/districts/{district}/personnel",
            new { name = person, role = "counselor", skills = new[] { "psychological-first-aid" } }));
        var deployment = await Created(await officer.PostAsJsonAsync("/api/deployments",
            new { incidentId = incident, district, teamName = team, members = new[] { member }, village = "Baning Kota" }));
        (await officer.PostAsync($"/api/deployments/{deployment}/arrive", null)).EnsureSuccessStatusCode();
        return (officer, deployment);
    }

    private static async Task<Guid> Created(HttpResponseMessage response)
    {
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }
}
