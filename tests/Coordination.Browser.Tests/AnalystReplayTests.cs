using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Coordination.Browser.Tests.Support;
using Coordination.Demo;
using Coordination.Infrastructure.EventSourcing;
using Coordination.Personnel;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Coordination.Browser.Tests;

[Collection(DeskCollection.Name)]
public sealed class AnalystReplayTests(DeskFixture desk) : DeskTest(desk)
{
    private static readonly TimeZoneInfo Wib = TimeZoneInfo.FindSystemTimeZoneById("Asia/Pontianak");

    [Theory]
    [InlineData("0193b000-0000-7000-8000-0000000000ff")]
    [InlineData("bukan-kejadian")]
    public async Task a_link_to_no_incident_says_so_replays_nothing_and_replays_the_incident_then_chosen(string stale)
    {
        var page = await Desk.SignedInPageAsync("analyst", width: 360, height: 740, at: $"#/analyst/{stale}");
        var replay = page.Locator("section[aria-labelledby=replay-title]");
        await Assertions.Expect(replay.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Kejadian ini tidak ditemukan. Alamatnya mungkin salah, atau kejadian itu tidak ada.");
        await Assertions.Expect(replay.GetByLabel("Kejadian", new() { Exact = true })).ToHaveValueAsync("");
        await Assertions.Expect(replay.Locator(".stepper")).ToBeHiddenAsync();
        await Assertions.Expect(replay.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);
        await Assertions.Expect(replay.Locator("table")).ToHaveCountAsync(0);
        // the sections below the replay say what they wait for, where they stood empty under their headings
        foreach (var section in new[] { "daily-title", "times-title", "analyst-timeline-title" })
            await Assertions.Expect(page.Locator($"section[aria-labelledby={section}]")).ToContainTextAsync("Pilih kejadian di atas untuk melihatnya di sini.");

        await replay.GetByLabel("Kejadian", new() { Exact = true }).SelectOptionAsync(DemoHistory.SintangFlood.ToString());
        await Assertions.Expect(page.Locator("section[aria-labelledby=daily-title] table")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("section[aria-labelledby=daily-title]")).Not.ToContainTextAsync("Pilih kejadian di atas");
        await Assertions.Expect(page.Locator(".stepper .day")).ToContainTextAsync("Hari 1 dari");
        await Assertions.Expect(replay.GetByRole(AriaRole.Alert)).ToHaveCountAsync(0);
        await Assertions.Expect(replay.Locator("option[value='']")).ToHaveCountAsync(0);
        Assert.All(Desk.ConsoleErrors[page], error => Assert.Contains("404", error)); // the incident looked up, and nothing else
    }

    [Fact]
    public async Task on_an_installation_with_no_incident_yet_every_section_of_the_analyst_page_says_so_in_Indonesian()
    {
        var page = await Desk.SignedInPageAsync("analyst", width: 360, height: 740);
        // a new installation: the incidents list answers none (every other call is the service's own)
        await page.RouteAsync(new Regex(@"/api/incidents(\?|$)"), route => route.FulfillAsync(new()
        {
            Status = 200, ContentType = "application/json", Body = "[]"
        }));
        await page.ReloadAsync();
        var replay = page.Locator("section[aria-labelledby=replay-title]");
        await Assertions.Expect(replay).ToContainTextAsync("Belum ada kejadian yang tercatat.");
        foreach (var section in new[] { "daily-title", "times-title", "analyst-timeline-title" })
            await Assertions.Expect(page.Locator($"section[aria-labelledby={section}]")).ToContainTextAsync(
                "Belum ada kejadian yang tercatat. Bagian ini terisi setelah kejadian pertama dilaporkan.");
        await Assertions.Expect(replay.Locator(".stepper")).ToBeHiddenAsync();
        Assert.Empty(Desk.ConsoleErrors[page]);
    }

    [Fact]
    public async Task an_incident_behind_hundreds_of_newer_ones_is_found_by_its_name_district_and_year_and_replayed_from_the_keyboard()
    {
        var old = await Desk.ReportFloodAsync("Banjir Bandang Nanga Serawai", "61.05", new DateTimeOffset(2024, 3, 12, 2, 0, 0, TimeSpan.Zero));
        await Desk.ClosedIncidentsAsync("Banjir rob Singkawang", "61.72", 205);

        var page = await Desk.SignedInPageAsync("analyst", width: 360, height: 740);
        await page.GotoAsync("/#/analyst");
        var replay = page.Locator("section[aria-labelledby=replay-title]");
        var picker = replay.GetByLabel("Kejadian", new() { Exact = true });
        Assert.True(await picker.Locator("option").CountAsync() > 206);
        await Assertions.Expect(picker.Locator($"option[value='{old}']")).ToHaveCountAsync(1);

        var search = replay.GetByLabel("Cari kejadian");
        // what it looks through is said in full on a phone, not cut off inside the narrow field
        var hint = replay.Locator("#replay-search-hint");
        await Assertions.Expect(hint).ToHaveTextAsync("Nama, kabupaten/kota, jenis bencana, tanggal atau tahun");
        Assert.True((await hint.BoundingBoxAsync())!.X + (await hint.BoundingBoxAsync())!.Width <= 360);
        Assert.Equal("replay-search-hint replay-search-count", await search.GetAttributeAsync("aria-describedby"));
        await search.FocusAsync();
        await page.Keyboard.TypeAsync("serawai sintang 2024");
        await Assertions.Expect(replay.Locator("#replay-search-count")).ToHaveTextAsync(new Regex(@"^1 dari \d{3}(\.\d{3})? kejadian$"));
        await Assertions.Expect(picker.Locator($"option[value='{old}']")).ToHaveTextAsync("Banjir Bandang Nanga Serawai · Sintang (12 Maret 2024)");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(picker).ToHaveValueAsync(old.ToString());
        await Assertions.Expect(page.Locator(".stepper .day")).ToContainTextAsync("Hari 1 dari");
        await Assertions.Expect(page.Locator(".stepper .day")).ToContainTextAsync("12 Maret 2024");

        // the same search by the day of impact as the calendar writes it
        await search.FillAsync("2024-03-12");
        await Assertions.Expect(picker.Locator("option")).ToHaveCountAsync(1);
        Assert.Empty(Desk.ConsoleErrors[page]);
    }

    [Fact]
    public async Task the_demo_history_s_timeline_names_who_acted_by_their_names_and_roles()
    {
        var page = await Desk.SignedInPageAsync("analyst", at: $"#/analyst/{DemoHistory.SintangFlood}");
        var timeline = page.Locator("section[aria-labelledby=analyst-timeline-title]");
        var reported = timeline.Locator("tbody tr").First;
        await Assertions.Expect(reported).ToContainTextAsync("Kejadian dilaporkan");
        await Assertions.Expect(reported).ToContainTextAsync("Ani Rahmawati (Koordinator provinsi)");
        await timeline.GetByLabel("Oleh").SelectOptionAsync(new SelectOptionValue { Label = "Budi Santoso" });
        await Assertions.Expect(timeline.Locator("tbody tr").First).ToContainTextAsync("Budi Santoso (Petugas kabupaten/kota)");
        await Assertions.Expect(timeline).Not.ToContainTextAsync("operator.");
        await Assertions.Expect(timeline).Not.ToContainTextAsync("ani.koordinator");
        Assert.Empty(Desk.ConsoleErrors[page]);
    }

    [Fact]
    public async Task on_a_slow_connection_a_replay_step_says_it_is_loading_and_dims_the_step_before_until_its_numbers_come()
    {
        var page = await Desk.SignedInPageAsync("analyst", width: 360, height: 740, at: $"#/analyst/{DemoHistory.SintangFlood}");
        var replay = page.Locator("section[aria-labelledby=replay-title]");
        await Assertions.Expect(page.Locator(".stepper .day")).ToContainTextAsync("Hari 1 dari");
        var cdp = await page.Context.NewCDPSessionAsync(page);
        await cdp.SendAsync("Network.enable");
        await cdp.SendAsync("Network.emulateNetworkConditions", new Dictionary<string, object>
        {
            ["offline"] = false, ["latency"] = 400, ["downloadThroughput"] = 50_000, ["uploadThroughput"] = 50_000
        });

        // The step's answer is held until the page has been read while it waits: a small answer may otherwise come within
        // moments even at this speed, and the wait would be over before it was looked at.
        var answer = new TaskCompletionSource();
        await page.RouteAsync(url => url.Contains("/replay?"), async route => { await answer.Task; await route.ContinueAsync(); });
        await page.GetByRole(AriaRole.Button, new() { Name = "Hari berikutnya ›" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Hari berikutnya ›" }).ClickAsync();
        await Assertions.Expect(page.Locator(".stepper .day")).ToContainTextAsync("Hari 3 dari");
        var view = replay.Locator(".replay-view");
        await Assertions.Expect(view.GetByRole(AriaRole.Status)).ToHaveTextAsync("Memuat…");
        await Assertions.Expect(view).ToHaveAttributeAsync("aria-busy", "true");
        answer.SetResult();

        await Assertions.Expect(view.GetByText(new System.Text.RegularExpressions.Regex("^Permintaan: "))).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(view.GetByRole(AriaRole.Status)).ToHaveCountAsync(0);
        await Assertions.Expect(view).Not.ToHaveAttributeAsync("aria-busy", "true");
        Assert.Empty(Desk.ConsoleErrors[page]);
    }

    [Fact]
    public async Task readiness_as_of_a_day_after_today_or_of_no_day_is_said_beside_the_field_in_Indonesian_and_asks_nothing()
    {
        var page = await Desk.SignedInPageAsync("analyst", width: 360, height: 740);
        var panel = page.Locator("section[aria-labelledby=readiness-at-title]");
        var day = panel.GetByLabel("Pada akhir tanggal (WIB)");
        await Assertions.Expect(panel.Locator("table caption")).ToContainTextAsync("Kesiapan pada");
        var asked = new List<string>();
        page.Request += (_, request) => { if (request.Url.Contains("/api/readiness?at=")) asked.Add(request.Url); };
        var today = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Wib);
        var written = today.ToString("d MMMM yyyy", new CultureInfo("id-ID"));

        await day.FillAsync(today.AddDays(40).ToString("yyyy-MM-dd"));
        await panel.GetByRole(AriaRole.Button, new() { Name = "Tampilkan" }).ClickAsync();
        await Assertions.Expect(day).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(day).ToHaveAccessibleDescriptionAsync($"Tidak boleh setelah {written}.");
        await Assertions.Expect(day).ToBeFocusedAsync();

        await day.FillAsync("");
        await panel.GetByRole(AriaRole.Button, new() { Name = "Tampilkan" }).ClickAsync();
        await Assertions.Expect(day).ToHaveAccessibleDescriptionAsync("Wajib diisi.");
        Assert.Empty(asked);

        await day.FillAsync("2021-11-02");
        await panel.GetByRole(AriaRole.Button, new() { Name = "Tampilkan" }).ClickAsync();
        await Assertions.Expect(panel.Locator("table caption")).ToHaveTextAsync("Kesiapan pada 2 November 2021");
        await Assertions.Expect(day).Not.ToHaveAttributeAsync("aria-invalid", "true");
        Assert.Empty(Desk.ConsoleErrors[page]);
    }

    [Fact]
    public async Task the_analyst_steps_the_Sintang_flood_event_by_event()
    {
        var flood = DemoHistory.SintangFlood;
        var timeline = await Desk.Api(DeskFixture.Token("analyst")).GetFromJsonAsync<JsonElement>($"/api/incidents/{flood}/timeline?limit=1000");
        var page = await Desk.SignedInPageAsync("analyst", at: $"#/analyst/{flood}");
        await Assertions.Expect(page.Locator(".stepper .day")).ToContainTextAsync("Hari 1 dari"); await Assertions.Expect(page.Locator(".stepper .day")).ToContainTextAsync("31 Oktober 2021");

        await page.GetByLabel("Peristiwa demi peristiwa").CheckAsync();
        var label = page.Locator(".stepper .day");
        await Assertions.Expect(label).ToContainTextAsync($"Peristiwa 1 dari {timeline.GetArrayLength().ToString("N0", new CultureInfo("id-ID"))}: Kejadian dilaporkan");
        await Assertions.Expect(page.GetByText("Peristiwa pertama kejadian.")).ToBeVisibleAsync();
        // who reported it, by name and role as the timeline says it, never the account's id
        var reporter = timeline[0].GetProperty("actorName").GetString();
        Assert.False(string.IsNullOrEmpty(reporter));
        await Assertions.Expect(page.Locator("p.event")).ToContainTextAsync($"oleh {reporter} (Koordinator provinsi)");

        for (var step = 2; step <= 4; step++)
        {
            await page.GetByRole(AriaRole.Button, new() { Name = "Peristiwa berikutnya ›" }).ClickAsync();
            await Assertions.Expect(label).ToContainTextAsync($"Peristiwa {step} dari");
        }

        // The fourth step is the fourth event of the timeline, and the replay shown is the one at its moment.
        var fourth = timeline[3];
        var replay = await Desk.Api(DeskFixture.Token("analyst"))
            .GetFromJsonAsync<JsonElement>($"/api/incidents/{flood}/replay?at={Uri.EscapeDataString(fourth.GetProperty("at").GetString()!)}");
        await Assertions.Expect(page.Locator("p.event")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText($"Permintaan: {replay.GetProperty("requests").GetArrayLength()}", new() { Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText($"versi {replay.GetProperty("version").GetInt64()}", new() { Exact = false })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Perubahan sejak peristiwa sebelumnya")).ToBeVisibleAsync();
        Assert.Empty(Desk.ConsoleErrors[page]);
    }

    [Fact]
    public async Task a_step_that_answers_a_request_says_which_request_changed_and_how()
    {
        var flood = DemoHistory.SintangFlood;
        var entries = (await Desk.Api(DeskFixture.Token("analyst")).GetFromJsonAsync<JsonElement>($"/api/incidents/{flood}/timeline?limit=1000"))
            .EnumerateArray().ToList();
        var answered = entries.FindIndex(e => e.GetProperty("type").GetString() == "request-accepted");
        var request = await Desk.Api(DeskFixture.Token("analyst"))
            .GetFromJsonAsync<JsonElement>($"/api/requests/{entries[answered].GetProperty("streamId").GetString()}");
        var page = await Desk.SignedInPageAsync("analyst", at: $"#/analyst/{flood}");
        await Assertions.Expect(page.Locator(".stepper .day")).ToContainTextAsync("31 Oktober 2021");

        await page.GetByLabel("Peristiwa demi peristiwa").CheckAsync();
        for (var step = 2; step <= answered + 1; step++)
        {
            await page.GetByRole(AriaRole.Button, new() { Name = "Peristiwa berikutnya ›" }).ClickAsync();
            await Assertions.Expect(page.Locator(".stepper .day")).ToContainTextAsync($"Peristiwa {step} dari");
        }
        await Assertions.Expect(page.Locator(".stepper .day")).ToContainTextAsync("Permintaan diterima");

        // The acceptance changed one request's status: the step says so, where it said "no changes".
        var asked = $"{request.GetProperty("count").GetInt32()} {(request.GetProperty("role").GetString() == "tagana" ? "relawan TAGANA" : "konselor")}";
        await Assertions.Expect(page.Locator("section[aria-labelledby=replay-title] li").Filter(new() { HasText = "→" }))
            .ToHaveTextAsync(new Regex($"^Permintaan kepada Sintang \\({asked}\\): Menunggu jawaban → Diterima"));
        await Assertions.Expect(page.GetByText("Tidak ada perubahan.")).ToHaveCountAsync(0);
        Assert.Empty(Desk.ConsoleErrors[page]);
    }

    [Fact]
    public async Task the_analyst_filters_the_timeline_by_event_type_district_and_date()
    {
        var flood = DemoHistory.SintangFlood;
        var entries = (await Desk.Api(DeskFixture.Token("analyst")).GetFromJsonAsync<JsonElement>($"/api/incidents/{flood}/timeline?limit=1000"))
            .EnumerateArray().ToList();
        var page = await Desk.SignedInPageAsync("analyst", at: $"#/analyst/{flood}");
        await Assertions.Expect(page.Locator(".stepper .day")).ToContainTextAsync("31 Oktober 2021"); // the flood's page, not the first one shown
        var section = page.Locator("section[aria-labelledby=analyst-timeline-title]");
        var rows = section.Locator("table.timeline tbody tr");
        // a hundred at a time, the count of all beside them
        await Assertions.Expect(rows).ToHaveCountAsync(Math.Min(entries.Count, 100));
        if (entries.Count > 100) await Assertions.Expect(section.Locator("p.pages")).ToContainTextAsync($"1–100 dari {entries.Count}");

        await section.GetByLabel("Peristiwa", new() { Exact = true }).SelectOptionAsync("personnel-requested");
        var requested = entries.Count(e => e.GetProperty("type").GetString() == "personnel-requested");
        await Assertions.Expect(rows).ToHaveCountAsync(Math.Min(requested, 100));
        await Assertions.Expect(rows.First).ToContainTextAsync("Personel diminta");

        await section.GetByLabel("Kabupaten/kota").SelectOptionAsync("61.10");
        var toMelawi = entries.Count(e => e.GetProperty("type").GetString() == "personnel-requested"
            && e.GetProperty("data").TryGetProperty("district", out var d) && d.GetString() == "61.10");
        Assert.True(toMelawi > 0);
        await Assertions.Expect(rows).ToHaveCountAsync(Math.Min(toMelawi, 100));
        await Assertions.Expect(rows.First).ToContainTextAsync("Melawi");

        await section.GetByLabel("Kabupaten/kota").SelectOptionAsync("");
        await section.GetByLabel("Peristiwa", new() { Exact = true }).SelectOptionAsync("");
        var day = DayOf(entries[0]);
        await section.GetByLabel("Dari tanggal").FillAsync(day);
        await section.GetByLabel("Sampai tanggal").FillAsync(day);
        await section.GetByLabel("Sampai tanggal").DispatchEventAsync("change");
        await Assertions.Expect(rows).ToHaveCountAsync(Math.Min(entries.Count(e => DayOf(e) == day), 100));
        Assert.Empty(Desk.ConsoleErrors[page]);
    }

    [Fact]
    public async Task the_analyst_reads_every_district_s_readiness_as_of_a_chosen_date()
    {
        var rows = await Desk.Api(DeskFixture.Token("analyst")).GetFromJsonAsync<JsonElement>("/api/readiness?at=2021-11-04T16:59:59Z");
        var page = await Desk.SignedInPageAsync("analyst");
        var section = page.Locator("section[aria-labelledby=readiness-at-title]");
        await section.GetByLabel("Pada akhir tanggal (WIB)").FillAsync("2021-11-04");
        await section.GetByRole(AriaRole.Button, new() { Name = "Tampilkan" }).ClickAsync();

        await Assertions.Expect(section.Locator("caption")).ToHaveTextAsync("Kesiapan pada 4 November 2021");
        await Assertions.Expect(section.Locator("tbody tr")).ToHaveCountAsync(14);
        var levels = new Dictionary<string, string> { ["ready"] = "Siap", ["limited"] = "Terbatas", ["not-ready"] = "Belum siap" };
        foreach (var row in rows.EnumerateArray())
        {
            var shown = section.Locator($"tr[data-district='{row.GetProperty("district").GetString()}']");
            await Assertions.Expect(shown.Locator(".badge")).ToHaveTextAsync(levels[row.GetProperty("level").GetString()!]);
            await Assertions.Expect(shown.Locator("td").Nth(1)).ToHaveTextAsync(row.GetProperty("availableResponders").GetInt32().ToString("N0", new CultureInfo("id-ID")));
        }
        Assert.Empty(Desk.ConsoleErrors[page]);
    }

    [Fact]
    public async Task the_timeline_says_how_many_of_those_asked_an_answer_accepted_and_how_many_people_a_team_took()
    {
        var entries = (await Desk.Api(DeskFixture.Token("analyst")).GetFromJsonAsync<JsonElement>($"/api/incidents/{DemoHistory.SintangFlood}/timeline?limit=1000"))
            .EnumerateArray().ToList();
        var accepted = entries.First(e => e.GetProperty("type").GetString() == "request-accepted").GetProperty("data");
        var deployed = entries.First(e => e.GetProperty("type").GetString() == "team-deployed").GetProperty("data");
        var page = await Desk.SignedInPageAsync("analyst", at: $"#/analyst/{DemoHistory.SintangFlood}");
        var timeline = page.Locator("section[aria-labelledby=analyst-timeline-title]");

        await Assertions.Expect(timeline.Locator("tr[data-type=request-accepted] td.full").First)
            .ToContainTextAsync($"{accepted.GetProperty("accepted").GetInt32()} dari {accepted.GetProperty("requested").GetInt32()} diterima");
        await Assertions.Expect(timeline.Locator("tr[data-type=team-deployed] td.full").First)
            .ToContainTextAsync($"{deployed.GetProperty("teamName").GetString()} · {deployed.GetProperty("members").GetArrayLength()} orang");
        Assert.Empty(Desk.ConsoleErrors[page]);
    }

    [Fact]
    public async Task on_a_laptop_no_column_heading_of_the_analyst_s_tables_breaks_inside_a_word()
    {
        var page = await Desk.SignedInPageAsync("analyst", at: $"#/analyst/{DemoHistory.SintangFlood}");
        var section = page.Locator("section[aria-labelledby=readiness-at-title]");
        await section.GetByRole(AriaRole.Button, new() { Name = "Tampilkan" }).ClickAsync();
        await Assertions.Expect(section.Locator("tbody tr")).ToHaveCountAsync(14);
        await Assertions.Expect(page.Locator("section[aria-labelledby=times-title] table").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("section[aria-labelledby=analyst-timeline-title] tbody tr").First).ToBeVisibleAsync();

        // each word of a heading on one line ("Konselor/TAGANA", never "Konselor/" over "TAGANA"), a level badge ("Belum siap") too
        var broken = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('main thead th, main td .badge')].flatMap(el => {
              const text = el.firstChild?.nodeType === 3 ? el.firstChild : null;
              if (!text) return [];
              const words = [...text.data.matchAll(/\S+/g)];
              return words.filter(w => {
                const range = document.createRange();
                range.setStart(text, w.index); range.setEnd(text, w.index + w[0].length);
                return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size > 1;
              }).map(w => `${el.closest('section')?.getAttribute('aria-labelledby')}: ${w[0]}`);
            })
            """);
        Assert.Empty(broken);
        Assert.Empty(Desk.ConsoleErrors[page]);
    }

    [Fact]
    public async Task readiness_as_of_today_shows_the_available_counselors_and_TAGANA_the_coordinator_s_board_shows()
    {
        var rows = await Desk.Api(DeskFixture.Token("coordinator")).GetFromJsonAsync<JsonElement>("/api/readiness");
        var sintang = rows.EnumerateArray().Single(r => r.GetProperty("district").GetString() == "61.05");
        var responders = sintang.GetProperty("availableResponders").GetInt32().ToString("N0", new CultureInfo("id-ID"));
        Assert.True(sintang.GetProperty("available").GetInt32() > sintang.GetProperty("availableResponders").GetInt32(),
            "Sintang's available social workers make every role's count larger than the counselors' and TAGANA's");

        var board = await Desk.SignedInPageAsync("coordinator");
        var tile = board.Locator(".tile[data-district='61.05'] dl > div").First;
        await Assertions.Expect(tile.Locator("dt")).ToHaveTextAsync("Konselor/TAGANA tersedia");
        await Assertions.Expect(tile.Locator("dd")).ToHaveTextAsync(responders);

        var page = await Desk.SignedInPageAsync("analyst");
        var section = page.Locator("section[aria-labelledby=readiness-at-title]");
        await Assertions.Expect(section.Locator("tbody tr")).ToHaveCountAsync(14);
        await Assertions.Expect(section.Locator("thead th").Nth(2)).ToHaveTextAsync("Konselor/TAGANA tersedia");
        await Assertions.Expect(section.Locator("tr[data-district='61.05'] td.available")).ToHaveTextAsync(responders);
        Assert.Empty(Desk.ConsoleErrors[board]);
        Assert.Empty(Desk.ConsoleErrors[page]);
    }

    [Fact]
    public async Task readiness_as_of_a_date_counts_what_was_stored_in_the_last_second_of_that_day_as_the_api_does()
    {
        // Two people join Kayong Utara's roster in the last second of 15 October 2021 (WIB), half a second before midnight
        var store = Desk.Services.GetRequiredService<IDocumentStore>();
        using (EventClock.PretendNow(new DateTimeOffset(2021, 10, 15, 23, 59, 59, 500, TimeSpan.FromHours(7)).ToUniversalTime()))
        {
            await using var session = store.LightweightSession();
            foreach (var person in new[] { Guid.NewGuid(), Guid.NewGuid() })
                session.Events.StartStream<Person>(person, new PersonnelRegistered(person, "61.11", $"Relawan {person:N}"[..16], PersonnelRole.Tagana, []));
            await session.SaveChangesAsync();
        }

        var api = Desk.Api(DeskFixture.Token("analyst"));
        var endOfDay = Uri.EscapeDataString(new DateTimeOffset(2021, 10, 16, 0, 0, 0, TimeSpan.FromHours(7)).AddTicks(-10).ToString("O"));
        var rows = await api.GetFromJsonAsync<JsonElement>($"/api/readiness?at={endOfDay}");
        var kayong = rows.EnumerateArray().Single(r => r.GetProperty("district").GetString() == "61.11");
        var before = (await api.GetFromJsonAsync<JsonElement>("/api/districts/61.11/readiness?at=2021-10-15T16:59:59Z")).GetProperty("availableResponders").GetInt32();
        Assert.Equal(before + 2, kayong.GetProperty("availableResponders").GetInt32());

        var page = await Desk.SignedInPageAsync("analyst");
        var section = page.Locator("section[aria-labelledby=readiness-at-title]");
        await section.GetByLabel("Pada akhir tanggal (WIB)").FillAsync("2021-10-15");
        await section.GetByRole(AriaRole.Button, new() { Name = "Tampilkan" }).ClickAsync();
        await Assertions.Expect(section.Locator("caption")).ToHaveTextAsync("Kesiapan pada 15 Oktober 2021");
        await Assertions.Expect(section.Locator("tr[data-district='61.11'] td.available"))
            .ToHaveTextAsync(kayong.GetProperty("availableResponders").GetInt32().ToString("N0", new CultureInfo("id-ID")));
        Assert.Empty(Desk.ConsoleErrors[page]);
    }

    [Fact]
    public async Task the_median_time_to_answer_as_of_a_date_reads_in_hours_and_minutes_as_the_response_times_do()
    {
        var rows = await Desk.Api(DeskFixture.Token("analyst")).GetFromJsonAsync<JsonElement>("/api/readiness?at=2021-12-31T16:59:59Z");
        var page = await Desk.SignedInPageAsync("analyst");
        var section = page.Locator("section[aria-labelledby=readiness-at-title]");
        await section.GetByLabel("Pada akhir tanggal (WIB)").FillAsync("2021-12-31");
        await section.GetByRole(AriaRole.Button, new() { Name = "Tampilkan" }).ClickAsync();
        await Assertions.Expect(section.Locator("tbody tr")).ToHaveCountAsync(14);

        var medians = rows.EnumerateArray().Where(r => r.GetProperty("medianResponseMinutes").ValueKind == JsonValueKind.Number).ToList();
        Assert.Contains(medians, r => r.GetProperty("medianResponseMinutes").GetDouble() >= 60);
        foreach (var row in medians)
        {
            var minutes = (int)Math.Round(row.GetProperty("medianResponseMinutes").GetDouble(), MidpointRounding.AwayFromZero);
            var words = minutes < 60 ? $"{minutes} menit" : minutes % 60 == 0 ? $"{minutes / 60} jam" : $"{minutes / 60} jam {minutes % 60} menit";
            await Assertions.Expect(section.Locator($"tr[data-district='{row.GetProperty("district").GetString()}'] td.median")).ToHaveTextAsync(words);
        }
        Assert.Empty(Desk.ConsoleErrors[page]);
    }

    [Fact]
    public async Task each_level_of_the_readiness_as_of_a_date_is_a_badge_in_its_colour_without_a_bar_beside_it()
    {
        var page = await Desk.SignedInPageAsync("analyst");
        var section = page.Locator("section[aria-labelledby=readiness-at-title]");
        await Assertions.Expect(section.Locator("tbody tr")).ToHaveCountAsync(14);

        var styles = await section.Locator("td.level").EvaluateAllAsync<string[]>(
            "cells => cells.map(td => getComputedStyle(td).borderLeftWidth + ' ' + td.firstElementChild.className + ' ' + getComputedStyle(td.firstElementChild).backgroundColor)");
        var colours = new Dictionary<string, string> { ["ready"] = "rgb(223, 242, 229)", ["limited"] = "rgb(255, 241, 204)", ["not-ready"] = "rgb(251, 224, 221)" };
        foreach (var style in styles)
        {
            var level = Regex.Match(style, @"level-([a-z-]+)").Groups[1].Value;
            Assert.Equal($"0px badge level-{level} {colours[level]}", style);
        }
        Assert.Empty(Desk.ConsoleErrors[page]);
    }

    [Fact]
    public async Task on_a_phone_the_readiness_as_of_a_date_shows_each_district_as_a_card_with_its_reasons_at_full_width()
    {
        var page = await Desk.SignedInPageAsync("analyst", width: 360, height: 740);
        var section = page.Locator("section[aria-labelledby=readiness-at-title]");
        await section.GetByLabel("Pada akhir tanggal (WIB)").FillAsync("2026-11-25");
        await section.GetByRole(AriaRole.Button, new() { Name = "Tampilkan" }).ClickAsync();
        await Assertions.Expect(section.Locator("tbody tr")).ToHaveCountAsync(14);

        var sambas = section.Locator("tr[data-district='61.01']");
        Assert.Equal("\"Konselor/TAGANA tersedia\"", await sambas.Locator("td.available").EvaluateAsync<string>("td => getComputedStyle(td, '::before').content")); // each figure names itself
        var card = (await sambas.BoundingBoxAsync())!;
        var reasons = (await sambas.Locator("td.reasons").BoundingBoxAsync())!;
        Assert.True(reasons.Width >= card.Width - 20, $"the reasons are {reasons.Width} px wide in a {card.Width} px card");
        Assert.True(reasons.Y > (await sambas.Locator("td.median").BoundingBoxAsync())!.Y, "the reasons come below the figures");
        var width = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(width <= 360, $"the page is {width} px wide in a 360 px viewport");
        Assert.Empty(Desk.ConsoleErrors[page]);
    }

    private static string DayOf(JsonElement entry) =>
        TimeZoneInfo.ConvertTime(entry.GetProperty("at").GetDateTimeOffset(), Wib).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
