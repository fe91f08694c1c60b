using System.Net.Http.Json;
using System.Text.Json;
using Coordination.Browser.Tests.Support;
using Microsoft.Playwright;

namespace Coordination.Browser.Tests;

[Collection(DeskCollection.Name)]
public sealed class DistrictRosterTests(DeskFixture desk) : DeskTest(desk)
{
    [Fact]
    public async Task the_district_officer_adds_a_person_records_a_training_and_sets_availability()
    {
        var page = await Desk.SignedInPageAsync("district", "61.12", width: 360, height: 740);
        var roster = page.Locator("section[aria-labelledby=roster-title]");
        await roster.GetByText("Tambah personel").ClickAsync();
        await roster.GetByLabel("Nama lengkap").FillAsync("Siti Aminah");
        await roster.Locator("select[name=role]").SelectOptionAsync("counselor");
        await roster.Locator("details.add-person input[name=skill][value=psychological-first-aid]").CheckAsync();
        await roster.GetByRole(AriaRole.Button, new() { Name = "Tambahkan" }).ClickAsync();

        var card = roster.Locator(".person").Filter(new() { HasText = "Siti Aminah" });
        await Assertions.Expect(card).ToHaveCountAsync(1);
        await Assertions.Expect(card.Locator(".badge")).ToHaveTextAsync("Tersedia");
        await Assertions.Expect(card).ToContainTextAsync("Dukungan psikologis awal (PFA)");

        var validUntil = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(20)).ToString("yyyy-MM-dd");
        await card.GetByText("Catat pelatihan").ClickAsync();
        await card.GetByLabel("Nama pelatihan").FillAsync("PFA dasar");
        await card.GetByLabel("Berlaku sampai (kosongkan bila tanpa batas)").FillAsync(validUntil);
        await card.GetByRole(AriaRole.Button, new() { Name = "Simpan pelatihan" }).ClickAsync();
        card = roster.Locator(".person").Filter(new() { HasText = "Siti Aminah" });
        await Assertions.Expect(card.Locator(".trainings")).ToContainTextAsync("PFA dasar");
        await Assertions.Expect(card.Locator(".trainings")).ToContainTextAsync("(habis dalam 30 hari)");

        await card.GetByText("Ubah ketersediaan").ClickAsync();
        await card.Locator("select[name=available]").SelectOptionAsync("false");
        await card.GetByLabel("Alasan (bila tidak tersedia)").FillAsync("Cuti melahirkan");
        await card.GetByRole(AriaRole.Button, new() { Name = "Simpan ketersediaan" }).ClickAsync();
        card = roster.Locator(".person").Filter(new() { HasText = "Siti Aminah" });
        await Assertions.Expect(card.Locator(".badge")).ToHaveTextAsync("Tidak tersedia");
        await Assertions.Expect(card).ToContainTextAsync("Tidak tersedia: Cuti melahirkan");

        var stored = await Desk.Api(DeskFixture.Token("analyst")).GetFromJsonAsync<JsonElement>("/api/districts/61.12/personnel");
        var person = stored.EnumerateArray().Single(p => p.GetProperty("name").GetString() == "Siti Aminah");
        Assert.False(person.GetProperty("available").GetBoolean());
        Assert.Equal("PFA dasar", person.GetProperty("trainings")[0].GetProperty("course").GetString());
        var width = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(width <= 360, $"the page is {width} px wide in a 360 px viewport");
        Assert.Empty(Desk.ConsoleErrors[page]);
    }

    [Fact]
    public async Task the_readiness_to_do_counts_a_person_just_added_and_then_made_unavailable_without_a_reload()
    {
        var reader = Desk.Api(DeskFixture.Token("analyst"));
        var page = await Desk.SignedInPageAsync("district", "61.08", width: 360, height: 740);
        var todo = page.Locator("section[aria-labelledby=my-readiness-title] ul.todo").First;
        var row = await reader.GetFromJsonAsync<JsonElement>("/api/districts/61.08/readiness");
        var available = row.GetProperty("availableResponders").GetInt32();
        // one more counselor still leaves the district under its target of 10, so the to-do keeps saying how many are available
        Assert.True(available + 1 < 10, row.ToString());
        await Assertions.Expect(todo).ToContainTextAsync($"{available} konselor dan relawan TAGANA tersedia");

        var roster = page.Locator("section[aria-labelledby=roster-title]");
        await roster.GetByText("Tambah personel").ClickAsync();
        await roster.GetByLabel("Nama lengkap").FillAsync("Yosef Ngabang");
        await roster.Locator("select[name=role]").SelectOptionAsync("counselor");
        await roster.GetByRole(AriaRole.Button, new() { Name = "Tambahkan" }).ClickAsync();
        await Assertions.Expect(todo).ToContainTextAsync($"{available + 1} konselor dan relawan TAGANA tersedia");

        var card = roster.Locator(".person").Filter(new() { HasText = "Yosef Ngabang" });
        await card.GetByText("Ubah ketersediaan").ClickAsync();
        await card.Locator("select[name=available]").SelectOptionAsync("false");
        await card.GetByLabel("Alasan (bila tidak tersedia)").FillAsync("Rumah terendam banjir");
        await card.GetByRole(AriaRole.Button, new() { Name = "Simpan ketersediaan" }).ClickAsync();
        await Assertions.Expect(todo).ToContainTextAsync($"{available} konselor dan relawan TAGANA tersedia");
        Assert.Empty(Desk.ConsoleErrors[page]);
    }

    /// <summary>
    /// Readiness that does not yet count the roster is read again for a while, and not once the officer has left the page. The
    /// page's clock is paused and moved on by the test, so "not once left" is five of the page's seconds passing with no read.
    /// </summary>
    [Fact]
    public async Task the_page_left_while_readiness_is_awaited_reads_it_no_more()
    {
        var page = await Desk.SignedInPageAsync("district", "61.02");
        var reads = 0;
        var awaited = new TaskCompletionSource();
        // readiness that never counts the roster: the page would go on reading it
        await page.RouteAsync("**/api/districts/61.02/readiness", async route =>
        {
            var response = await Fetches.WholeAsync(route);
            var row = System.Text.Json.Nodes.JsonNode.Parse(await response.TextAsync())!;
            row["personnel"]!["total"] = -1;
            await route.FulfillAsync(new() { Response = response, Body = row.ToJsonString() });
            if (Interlocked.Increment(ref reads) >= 2) awaited.TrySetResult();
        });

        await page.Clock.InstallAsync();
        await page.Clock.PauseAtAsync(DateTime.Now.AddMinutes(1));
        await Fetches.CountAsync(page, "/api/districts/61.02/readiness");

        var roster = page.Locator("section[aria-labelledby=roster-title]");
        await roster.GetByText("Tambah personel").ClickAsync();
        await roster.GetByLabel("Nama lengkap").FillAsync("Petrus Mempawah");
        await roster.GetByRole(AriaRole.Button, new() { Name = "Tambahkan" }).ClickAsync();
        await Fetches.ReadAgainAsync(page, awaited.Task, every: 500); // read, and read again: the page is waiting

        await page.EvaluateAsync("location.hash = '#/account'");
        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync("Akun saya");
        var readsWhenLeft = await Fetches.SoFarAsync(page);
        await page.Clock.RunForAsync(5_000);
        Assert.Equal(readsWhenLeft, await Fetches.SoFarAsync(page));
        Assert.Empty(Desk.ConsoleErrors[page]);
    }

    [Fact]
    public async Task adding_people_one_after_another_keeps_the_add_form_open_with_the_name_field_ready()
    {
        var page = await Desk.SignedInPageAsync("district", "61.03", width: 360, height: 740);
        var roster = page.Locator("section[aria-labelledby=roster-title]");
        await roster.GetByText("Tambah personel").ClickAsync();
        foreach (var name in new[] { "Yohanes Sekayam", "Maria Entikong", "Stefanus Balai" })
        {
            var field = roster.GetByLabel("Nama lengkap");
            await Assertions.Expect(field).ToBeVisibleAsync();
            await field.FillAsync(name);
            await roster.Locator("details.add-person input[name=skill][value=psychological-first-aid]").CheckAsync();
            await roster.GetByRole(AriaRole.Button, new() { Name = "Tambahkan" }).ClickAsync();
            await Assertions.Expect(roster.Locator(".person").Filter(new() { HasText = name })).ToHaveCountAsync(1);
            // the form stays open, emptied, with the focus in the name for the next person
            await Assertions.Expect(roster.Locator("details.add-person")).ToHaveAttributeAsync("open", "");
            await Assertions.Expect(roster.GetByLabel("Nama lengkap")).ToBeFocusedAsync();
            await Assertions.Expect(roster.GetByLabel("Nama lengkap")).ToHaveValueAsync("");
        }
        Assert.Empty(Desk.ConsoleErrors[page]);
    }

    [Fact]
    public async Task the_folds_opened_with_nothing_typed_stay_open_when_a_colleague_s_change_draws_the_roster_anew()
    {
        var incident = await Desk.ReportFloodAsync("Banjir Sungai Pawan, Ketapang", "61.04");
        var officer = Desk.Api(DeskFixture.Token("district", "61.04"));
        var yakobus = await Created(await officer.PostAsJsonAsync("/api/districts/61.04/personnel", new { name = "Yakobus Pawan", role = "counselor", skills = Array.Empty<string>() }));
        var page = await Desk.SignedInPageAsync("district", "61.04");
        var roster = page.Locator("section[aria-labelledby=roster-title]");
        await roster.GetByText("Tambah personel").ClickAsync();
        var card = roster.Locator($"li.person[data-person='{yakobus}']");
        var training = card.Locator("summary", new() { HasText = "Catat pelatihan" });
        await training.ClickAsync();
        await Assertions.Expect(training).ToBeFocusedAsync();

        // A colleague adds a person; the notice of the next request reads the roster again, which is drawn anew with them.
        (await officer.PostAsJsonAsync("/api/districts/61.04/personnel", new { name = "Paulus Pawan", role = "tagana", skills = Array.Empty<string>() })).EnsureSuccessStatusCode();
        await Desk.IssueRequestAsync(incident, "61.04");
        await Assertions.Expect(roster.Locator(".person").Filter(new() { HasText = "Paulus Pawan" })).ToHaveCountAsync(1);

        // Both folds are still open, nothing typed in them, and the focus is where it was.
        await Assertions.Expect(roster.Locator("details.add-person")).ToHaveAttributeAsync("open", "");
        await Assertions.Expect(training.Locator("xpath=..")).ToHaveAttributeAsync("open", "");
        await Assertions.Expect(training).ToBeFocusedAsync();

        // A training recorded there is done: its fold closes with the roster drawn anew. Opened again, it stays open
        // through the next colleague's change.
        await card.GetByLabel("Nama pelatihan").FillAsync("Dukungan Psikologis Awal");
        await card.GetByRole(AriaRole.Button, new() { Name = "Simpan pelatihan" }).ClickAsync();
        await Assertions.Expect(card).ToContainTextAsync("Dukungan Psikologis Awal");
        await Assertions.Expect(training.Locator("xpath=..")).Not.ToHaveAttributeAsync("open", "");
        await training.ClickAsync();
        (await officer.PostAsJsonAsync("/api/districts/61.04/personnel", new { name = "Lukas Pawan", role = "tagana", skills = Array.Empty<string>() })).EnsureSuccessStatusCode();
        await Desk.IssueRequestAsync(incident, "61.04");
        await Assertions.Expect(roster.Locator(".person").Filter(new() { HasText = "Lukas Pawan" })).ToHaveCountAsync(1);
        await Assertions.Expect(training.Locator("xpath=..")).ToHaveAttributeAsync("open", "");
        Assert.Empty(Desk.ConsoleErrors[page]);
    }

    [Fact]
    public async Task the_add_form_opened_with_nothing_typed_stays_open_through_the_language_switch_and_back()
    {
        var page = await Desk.SignedInPageAsync("district", "61.12");
        var roster = page.Locator("section[aria-labelledby=roster-title]");
        await roster.GetByText("Tambah personel").ClickAsync();
        await Assertions.Expect(roster.GetByLabel("Nama lengkap")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Ganti bahasa ke English" }).ClickAsync();
        await Assertions.Expect(roster.Locator("details.add-person summary")).ToHaveTextAsync("Add a person");
        await Assertions.Expect(roster.GetByLabel("Full name")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Switch language to Bahasa Indonesia" }).ClickAsync();
        await Assertions.Expect(roster.Locator("details.add-person summary")).ToHaveTextAsync("Tambah personel");
        await Assertions.Expect(roster.GetByLabel("Nama lengkap")).ToBeVisibleAsync();
        Assert.Empty(Desk.ConsoleErrors[page]);
    }

    [Fact]
    public async Task the_availability_form_asks_a_reason_only_for_not_available_and_keeps_it_through_a_switch_back_and_forth()
    {
        var officer = Desk.Api(DeskFixture.Token("district", "61.11"));
        var person = await Created(await officer.PostAsJsonAsync("/api/districts/61.11/personnel",
            new { name = "Rahmat Hidayat", role = "tagana", skills = Array.Empty<string>() }));
        var page = await Desk.SignedInPageAsync("district", "61.11", width: 360, height: 740);
        var card = page.Locator("section[aria-labelledby=roster-title] .person").Filter(new() { HasText = "Rahmat Hidayat" });
        await card.GetByText("Ubah ketersediaan").ClickAsync();
        var choice = card.Locator("select[name=available]");
        var reason = card.GetByLabel("Alasan (bila tidak tersedia)");
        await Assertions.Expect(choice).ToHaveValueAsync("true");
        await Assertions.Expect(reason).ToBeHiddenAsync();

        await choice.SelectOptionAsync("false");
        await Assertions.Expect(reason).ToBeVisibleAsync();
        await reason.FillAsync("Rumah terendam banjir");
        await choice.SelectOptionAsync("true");
        await Assertions.Expect(reason).ToBeHiddenAsync();
        await choice.SelectOptionAsync("false");
        await Assertions.Expect(reason).ToHaveValueAsync("Rumah terendam banjir");
        await card.GetByRole(AriaRole.Button, new() { Name = "Simpan ketersediaan" }).ClickAsync();
        await Assertions.Expect(card).ToContainTextAsync("Tidak tersedia: Rumah terendam banjir");

        // available again: no reason asked, none sent
        await card.GetByText("Ubah ketersediaan").ClickAsync();
        await Assertions.Expect(card.Locator("select[name=available]")).ToHaveValueAsync("false");
        await Assertions.Expect(card.GetByLabel("Alasan (bila tidak tersedia)")).ToBeVisibleAsync();
        await card.Locator("select[name=available]").SelectOptionAsync("true");
        await Assertions.Expect(card.GetByLabel("Alasan (bila tidak tersedia)")).ToBeHiddenAsync();
        await card.GetByRole(AriaRole.Button, new() { Name = "Simpan ketersediaan" }).ClickAsync();
        await Assertions.Expect(card.Locator(".badge")).ToHaveTextAsync("Tersedia");
        var stored = await officer.GetFromJsonAsync<JsonElement>($"/api/personnel/{person}");
        Assert.True(stored.GetProperty("available").GetBoolean());
        Assert.Empty(Desk.ConsoleErrors[page]);
    }

    [Fact]
    public async Task a_roster_of_more_than_a_hundred_shows_a_hundred_cards_with_the_count_and_the_rest_on_asking()
    {
        var officer = Desk.Api(DeskFixture.Token("district", "61.02"));
        for (var i = 1; i <= 120; i++)
            await Created(await officer.PostAsJsonAsync("/api/districts/61.02/personnel",
                new { name = $"Relawan Mempawah {i:000}", role = "tagana", skills = Array.Empty<string>() }));
        var total = (await officer.GetFromJsonAsync<JsonElement>("/api/districts/61.02/personnel?limit=1000")).GetArrayLength();

        var page = await Desk.SignedInPageAsync("district", "61.02", width: 360, height: 740);
        var roster = page.Locator("section[aria-labelledby=roster-title]");
        var pages = roster.Locator("p.pages");
        await Assertions.Expect(pages).ToContainTextAsync($"1–100 dari {total}");
        await Assertions.Expect(roster.Locator(".person")).ToHaveCountAsync(100);
        // newest first: the first registered waits on the next page
        await Assertions.Expect(roster.Locator(".person").First).ToContainTextAsync("Relawan Mempawah 120");
        await Assertions.Expect(roster.Locator(".person").Filter(new() { HasText = "Relawan Mempawah 001" })).ToHaveCountAsync(0);

        await pages.GetByRole(AriaRole.Button, new() { Name = $"Tampilkan {Math.Min(100, total - 100)} berikutnya" }).ClickAsync();
        await Assertions.Expect(pages).ToContainTextAsync($"1–{total} dari {total}");
        await Assertions.Expect(roster.Locator(".person")).ToHaveCountAsync(total);
        await Assertions.Expect(roster.Locator(".person").Filter(new() { HasText = "Relawan Mempawah 001" })).ToBeVisibleAsync();
        await Assertions.Expect(pages.GetByRole(AriaRole.Button)).ToBeHiddenAsync();

        // a person added later comes in live: the roster drawn again keeps every card shown
        await Created(await officer.PostAsJsonAsync("/api/districts/61.02/personnel", new { name = "Relawan Mempawah Baru", role = "tagana", skills = Array.Empty<string>() }));
        await roster.GetByText("Tambah personel").ClickAsync();
        await roster.GetByLabel("Nama lengkap").FillAsync("Relawan Mempawah Terakhir");
        await roster.GetByRole(AriaRole.Button, new() { Name = "Tambahkan" }).ClickAsync();
        await Assertions.Expect(pages).ToContainTextAsync($"1–{total + 2} dari {total + 2}");
        await Assertions.Expect(roster.Locator(".person").Filter(new() { HasText = "Relawan Mempawah 001" })).ToBeVisibleAsync();
        var width = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(width <= 360, $"the page is {width} px wide in a 360 px viewport");
        Assert.Empty(Desk.ConsoleErrors[page]);
    }

    [Fact]
    public async Task the_team_form_says_beside_a_name_who_holds_no_training_still_valid_and_follows_a_training_recorded()
    {
        var (incident, request, officer) = await AcceptedRequestAsync("Banjir Sungai Sebangkau, Bengkayang", "61.07", 3);
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(7));
        async Task<Guid> Counselor(string name, DateOnly? validUntil)
        {
            var id = await Created(await officer.PostAsJsonAsync("/api/districts/61.07/personnel", new { name, role = "counselor", skills = Array.Empty<string>() }));
            if (validUntil is { } until)
                (await officer.PostAsJsonAsync($"/api/personnel/{id}/trainings",
                    new { course = "Dukungan Psikososial Awal (PFA)", completedOn = until.AddYears(-3), validUntil = until })).EnsureSuccessStatusCode();
            return id;
        }
        var valid = await Counselor("Yosef Sebangkau", today.AddYears(1));
        var lapsed = await Counselor("Maria Sebangkau", today.AddDays(-1));
        var none = await Counselor("Petrus Sebangkau", null);

        var page = await Desk.SignedInPageAsync("district", "61.07");
        var deploy = page.Locator("section[aria-labelledby=deploy-title] form");
        await deploy.Locator("select[name=request]").SelectOptionAsync(request.ToString());
        var member = (Guid id) => deploy.Locator($"[data-person='{id}'] label");
        await Assertions.Expect(member(valid)).ToHaveTextAsync("Yosef Sebangkau");
        await Assertions.Expect(member(lapsed)).ToHaveTextAsync("Maria Sebangkau · belum ada pelatihan yang masih berlaku");
        await Assertions.Expect(member(none)).ToHaveTextAsync("Petrus Sebangkau · belum ada pelatihan yang masih berlaku");

        // Maria renews her training; with the next notice the form no longer says it of her.
        (await officer.PostAsJsonAsync($"/api/personnel/{lapsed}/trainings",
            new { course = "Dukungan Psikososial Awal (PFA)", completedOn = today, validUntil = today.AddYears(3) })).EnsureSuccessStatusCode();
        await Desk.IssueRequestAsync(incident, "61.07");
        await Assertions.Expect(member(lapsed)).ToHaveTextAsync("Maria Sebangkau");
        await Assertions.Expect(member(none)).ToHaveTextAsync("Petrus Sebangkau · belum ada pelatihan yang masih berlaku");
        Assert.Empty(Desk.ConsoleErrors[page]);
    }

    [Fact]
    public async Task deploying_a_team_with_one_member_refused_shows_why_next_to_that_person()
    {
        var (_, request, officer) = await AcceptedRequestAsync("Banjir Putussibau", "61.06", 2);
        var agus = await Created(await officer.PostAsJsonAsync("/api/districts/61.06/personnel", new { name = "Agus Setiawan", role = "counselor", skills = Array.Empty<string>() }));
        var dewi = await Created(await officer.PostAsJsonAsync("/api/districts/61.06/personnel", new { name = "Dewi Lestari", role = "counselor", skills = Array.Empty<string>() }));

        var page = await Desk.SignedInPageAsync("district", "61.06");
        var deploy = page.Locator("section[aria-labelledby=deploy-title] form");
        await deploy.Locator("select[name=request]").SelectOptionAsync(request.ToString());
        await Assertions.Expect(deploy.Locator($"input[name=member][value='{dewi}']")).ToBeVisibleAsync();

        // Meanwhile a colleague marks Dewi unavailable.
        (await officer.PostAsJsonAsync($"/api/personnel/{dewi}/availability", new { available = false, reason = "Sakit" })).EnsureSuccessStatusCode();

        await deploy.Locator($"input[name=member][value='{agus}']").CheckAsync();
        await deploy.Locator($"input[name=member][value='{dewi}']").CheckAsync();
        await deploy.GetByRole(AriaRole.Button, new() { Name = "Berangkatkan" }).ClickAsync();

        await Assertions.Expect(deploy.Locator($"[data-refusal-for='{dewi}']")).ToHaveTextAsync("Dewi Lestari sedang tidak tersedia (Sakit)");
        await Assertions.Expect(deploy.Locator($"[data-refusal-for='{agus}']")).ToBeEmptyAsync();
        await Assertions.Expect(deploy.Locator(".form-message")).ToContainTextAsync("tidak dapat diberangkatkan");

        await deploy.Locator($"input[name=member][value='{dewi}']").UncheckAsync();
        // other tests deploy in this district too: the team is found by a name of its own
        await deploy.Locator("input[name=teamName]").FillAsync("Tim LDP Putussibau Agus");
        await deploy.GetByRole(AriaRole.Button, new() { Name = "Berangkatkan" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-deployment]").Filter(new() { HasText = "Tim LDP Putussibau Agus" })).ToContainTextAsync("Diberangkatkan");
        // the roster says which team a person is out with
        await Assertions.Expect(page.Locator($"section[aria-labelledby=roster-title] li.person[data-person='{agus}']"))
            .ToContainTextAsync("Bertugas dengan Tim LDP Putussibau Agus");
        Assert.All(Desk.ConsoleErrors[page], error => Assert.Contains("409", error)); // the refusal, and nothing else
    }

    [Fact]
    public async Task a_member_already_out_with_another_team_is_refused_naming_that_team_not_an_id()
    {
        var (incident, request, officer) = await AcceptedRequestAsync("Banjir Embaloh Hulu", "61.06", 1);
        var rina = await Created(await officer.PostAsJsonAsync("/api/districts/61.06/personnel", new { name = "Rina Embaloh", role = "counselor", skills = Array.Empty<string>() }));

        var page = await Desk.SignedInPageAsync("district", "61.06");
        var deploy = page.Locator("section[aria-labelledby=deploy-title] form");
        await deploy.Locator("select[name=request]").SelectOptionAsync(request.ToString());
        await deploy.Locator($"input[name=member][value='{rina}']").CheckAsync();

        // Meanwhile a colleague sends Rina out with another team.
        (await officer.PostAsJsonAsync("/api/deployments",
            new { incidentId = incident, district = "61.06", teamName = "Tim LDP Embaloh Cepat", members = new[] { rina }, village = "Baning Kota" })).EnsureSuccessStatusCode();
        await deploy.GetByRole(AriaRole.Button, new() { Name = "Berangkatkan" }).ClickAsync();

        await Assertions.Expect(deploy.Locator($"[data-refusal-for='{rina}']")).ToHaveTextAsync("Rina Embaloh sedang bertugas dengan Tim LDP Embaloh Cepat");
        await Assertions.Expect(deploy.Locator(".form-message")).ToHaveTextAsync(
            "Personel sedang bertugas di tempat lain. 1 anggota tim tidak dapat diberangkatkan; alasannya tertulis di samping namanya.");
        Assert.All(Desk.ConsoleErrors[page], error => Assert.Contains("409", error)); // the refusal, and nothing else
    }

    [Fact]
    public async Task the_to_do_names_each_training_that_lapses_within_30_days_each_person_whose_trainings_all_lapsed_and_each_without_one()
    {
        var officer = Desk.Api(DeskFixture.Token("district", "61.09"));
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(7)); // the WIB calendar
        async Task<Guid> Trained(string name, string course, DateOnly validUntil)
        {
            var id = await Created(await officer.PostAsJsonAsync("/api/districts/61.09/personnel", new { name, role = "tagana", skills = Array.Empty<string>() }));
            (await officer.PostAsJsonAsync($"/api/personnel/{id}/trainings", new
            {
                course, completedOn = today.AddYears(-2).ToString("yyyy-MM-dd"), validUntil = validUntil.ToString("yyyy-MM-dd")
            })).EnsureSuccessStatusCode();
            return id;
        }
        var wulan = await Trained("Wulan Sekadau", "PFA dasar", today.AddDays(20));
        var yosef = await Trained("Yosef Sekadau", "Simulasi evakuasi", today.AddDays(-10));
        var lina = await Trained("Lina Sekadau", "Konseling trauma", today.AddDays(200));
        var rudi = await Created(await officer.PostAsJsonAsync("/api/districts/61.09/personnel", new { name = "Rudi Sekadau", role = "tagana", skills = Array.Empty<string>() }));

        var page = await Desk.SignedInPageAsync("district", "61.09", width: 360, height: 740);
        var todo = page.Locator("section[aria-labelledby=my-readiness-title]");
        await Assertions.Expect(todo.GetByRole(AriaRole.Heading, new() { Name = "Pelatihan yang perlu diikuti atau diperbarui" })).ToBeVisibleAsync();
        await Assertions.Expect(todo.Locator($"li[data-person='{wulan}']"))
            .ToHaveTextAsync($"Wulan Sekadau: PFA dasar, berlaku sampai {Indonesian(today.AddDays(20))} (tinggal 20 hari)");
        await Assertions.Expect(todo.Locator($"li[data-person='{yosef}']"))
            .ToHaveTextAsync($"Yosef Sekadau: Simulasi evakuasi, berlaku sampai {Indonesian(today.AddDays(-10))} (sudah habis; tidak ada pelatihan lain yang masih berlaku)");
        await Assertions.Expect(todo.Locator($"li[data-person='{rudi}']")).ToHaveTextAsync("Rudi Sekadau: belum ada pelatihan tercatat");
        await Assertions.Expect(todo.Locator($"li[data-person='{lina}']")).ToHaveCountAsync(0);
        Assert.Empty(Desk.ConsoleErrors[page]);
    }

    [Fact]
    public async Task the_district_officer_records_a_drill_with_its_participants_and_the_to_do_no_longer_asks_for_one()
    {
        var officer = Desk.Api(DeskFixture.Token("district", "61.11"));
        var andi = await Created(await officer.PostAsJsonAsync("/api/districts/61.11/personnel", new { name = "Andi Kayong", role = "tagana", skills = Array.Empty<string>() }));
        var sari = await Created(await officer.PostAsJsonAsync("/api/districts/61.11/personnel", new { name = "Sari Kayong", role = "tagana", skills = Array.Empty<string>() }));
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(7));

        var page = await Desk.SignedInPageAsync("district", "61.11", width: 360, height: 740);
        var readiness = page.Locator("section[aria-labelledby=my-readiness-title]");
        await Assertions.Expect(readiness.Locator("ul.todo").First).ToContainTextAsync("belum pernah diadakan simulasi");
        await Assertions.Expect(readiness).ToContainTextAsync("Belum pernah ada simulasi tercatat.");

        await readiness.GetByText("Catat simulasi TAGANA").ClickAsync();
        var form = readiness.Locator("details.drill form");
        await Assertions.Expect(form.GetByLabel("Tanggal simulasi")).ToHaveValueAsync(today.ToString("yyyy-MM-dd"));
        await form.GetByLabel("Skenario").FillAsync("Evakuasi banjir Sungai Simpang");
        await form.GetByRole(AriaRole.Button, new() { Name = "Simpan simulasi" }).ClickAsync();
        await Assertions.Expect(form.Locator("[data-error-for=participants]")).ToHaveTextAsync("Peserta harus menyebut sedikitnya satu personel kabupaten/kota ini.");

        await form.Locator($"input[name=participant][value='{andi}']").CheckAsync();
        await form.Locator($"input[name=participant][value='{sari}']").CheckAsync();
        await form.GetByRole(AriaRole.Button, new() { Name = "Simpan simulasi" }).ClickAsync();
        await Assertions.Expect(page.Locator("#toast")).ToHaveTextAsync("Simulasi tercatat.");
        await Assertions.Expect(readiness).ToContainTextAsync($"Simulasi terakhir: {Indonesian(today)}.");
        await Assertions.Expect(readiness).Not.ToContainTextAsync("belum pernah diadakan simulasi");

        var drills = await officer.GetFromJsonAsync<JsonElement>("/api/districts/61.11/drills");
        var drill = Assert.Single(drills.EnumerateArray());
        Assert.Equal("Evakuasi banjir Sungai Simpang", drill.GetProperty("scenario").GetString());
        Assert.Equal([andi, sari], drill.GetProperty("participants").EnumerateArray().Select(p => p.GetGuid()).Order());
        Assert.All(Desk.ConsoleErrors[page], error => Assert.Contains("400", error)); // the refusal without participants, and nothing else
    }

    /// <summary>
    /// Names are sorted as the desk's language sorts them, whatever the browser's own language: case and accents aside, and
    /// an "Aan" first, where a Danish browser puts "aa" after "z".
    /// </summary>
    [Fact]
    public async Task the_to_do_and_the_drill_s_participants_sort_names_in_the_desk_s_language_ignoring_case_and_accents()
    {
        var officer = Desk.Api(DeskFixture.Token("district", "61.07"));
        foreach (var name in new[] { "Zul Seluas", "ani Seluas", "Édi Seluas", "Aan Seluas", "Budi Seluas" })
            (await officer.PostAsJsonAsync("/api/districts/61.07/personnel", new { name, role = "tagana", skills = Array.Empty<string>() })).EnsureSuccessStatusCode();
        string[] sorted = ["Aan Seluas", "ani Seluas", "Budi Seluas", "Édi Seluas", "Zul Seluas"];

        var page = await Desk.SignedInPageAsync("district", "61.07", locale: "da-DK");
        var readiness = page.Locator("section[aria-labelledby=my-readiness-title]");
        var untrained = readiness.Locator("ul.renewals li").Filter(new() { HasText = "Seluas" });
        await Assertions.Expect(untrained).ToHaveCountAsync(5);
        Assert.Equal(sorted.Select(n => $"{n}: belum ada pelatihan tercatat"), await untrained.AllTextContentsAsync());

        await readiness.GetByText("Catat simulasi TAGANA").ClickAsync();
        var participants = readiness.Locator("details.drill fieldset.participants label").Filter(new() { HasText = "Seluas" });
        Assert.Equal(sorted.Select(n => $" {n} (relawan TAGANA)"), await participants.AllTextContentsAsync());
        Assert.Empty(Desk.ConsoleErrors[page]);
    }

    private static string Indonesian(DateOnly day) => day.ToString("d MMMM yyyy", new System.Globalization.CultureInfo("id-ID"));

    /// <summary>A flood reported in the district, a request of count people issued to it and accepted whole, and the officer's client.</summary>
    private async Task<(Guid Incident, Guid Request, HttpClient Officer)> AcceptedRequestAsync(string title, string district, int count)
    {
        var incident = await Desk.ReportFloodAsync(title, district);
        var request = await Desk.IssueRequestAsync(incident, district, count: count);
        var officer = Desk.Api(DeskFixture.Token("district", district));
        (await officer.PostAsJsonAsync($"/api/requests/{request}/accept", new { count })).EnsureSuccessStatusCode();
        return (incident, request, officer);
    }

    private static async Task<Guid> Created(HttpResponseMessage response)
    {
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }
}
