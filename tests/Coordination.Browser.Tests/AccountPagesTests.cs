using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Coordination.Browser.Tests.Support;
using Microsoft.Playwright;

namespace Coordination.Browser.Tests;

/// <summary>The administrator's accounts page and everyone's own account page, driven through the browser in Indonesian.</summary>
[Collection(DeskCollection.Name)]
public sealed class AccountPagesTests(DeskFixture desk) : DeskTest(desk)
{
    [Fact]
    public async Task an_admin_creates_a_district_officer_who_signs_in_with_the_one_time_password_and_changes_it()
    {
        var admin = await Desk.SignedInPageAsync("admin");
        await admin.GetByRole(AriaRole.Link, new() { Name = "Kelola akun" }).ClickAsync();
        await Assertions.Expect(admin.Locator("main h1")).ToHaveTextAsync("Kelola akun");
        var create = admin.Locator("section[aria-labelledby=new-account-title] form");
        await Assertions.Expect(create.GetByLabel("Kabupaten/kota")).ToBeHiddenAsync();
        var email = $"budi-{Guid.NewGuid():N}@sintangkab.go.id";
        await create.GetByLabel("Email (untuk masuk)").FillAsync(email);
        await create.GetByLabel("Nama lengkap").FillAsync("Budi Santoso Uji");
        await create.GetByLabel("Peran").SelectOptionAsync("district");
        await create.GetByLabel("Kabupaten/kota").SelectOptionAsync("61.05");
        await create.GetByRole(AriaRole.Button, new() { Name = "Buat akun" }).ClickAsync();

        var secret = admin.Locator(".secret");
        await Assertions.Expect(secret).ToContainTextAsync($"Kata sandi sekali pakai untuk {email}:");
        await Assertions.Expect(secret).ToContainTextAsync("Sampaikan secara pribadi");
        var oneTime = (await secret.Locator("code").TextContentAsync())!;
        Assert.Equal(16, oneTime.Length);
        var card = admin.Locator(".account").Filter(new() { HasText = email });
        await Assertions.Expect(card).ToContainTextAsync("Petugas kabupaten/kota · Sintang (61.05)");
        await Assertions.Expect(card.Locator(".badge")).ToHaveTextAsync("Aktif");
        await Assertions.Expect(create.GetByLabel("Email (untuk masuk)")).ToHaveValueAsync("");
        Assert.Empty(Desk.ConsoleErrors[admin]);

        var officer = await SignInAsync(email, oneTime);
        await Assertions.Expect(officer.Locator("#who")).ToHaveTextAsync("Budi Santoso Uji · Sintang");
        await officer.Locator("#who a").ClickAsync();
        await Assertions.Expect(officer.Locator("main h1")).ToHaveTextAsync("Akun saya");
        var me = officer.Locator("section[aria-labelledby=me-title]");
        await Assertions.Expect(me).ToContainTextAsync(email);
        await Assertions.Expect(me).ToContainTextAsync("Petugas kabupaten/kota");
        await Assertions.Expect(me).ToContainTextAsync("Sintang (61.05)");

        var form = officer.Locator("section[aria-labelledby=password-title] form");
        var sent = 0;
        officer.Request += (_, request) => { if (request.Url.EndsWith("/api/account/password")) Interlocked.Increment(ref sent); };
        await form.GetByLabel("Kata sandi saat ini").FillAsync(oneTime);
        await form.GetByLabel("Kata sandi baru", new() { Exact = true }).FillAsync("pendek");
        await form.GetByLabel("Ulangi kata sandi baru").FillAsync("pendek");
        await form.GetByRole(AriaRole.Button, new() { Name = "Ganti kata sandi" }).ClickAsync();
        await Assertions.Expect(form.Locator("[data-error-for=new]")).ToHaveTextAsync("Kata sandi baru minimal 12 karakter.");

        const string replacement = "Sungai Kapuas meluap 2026";
        await form.GetByLabel("Kata sandi baru", new() { Exact = true }).FillAsync(replacement);
        await form.GetByLabel("Ulangi kata sandi baru").FillAsync("Sungai Kapuas meluap 2027");
        await form.GetByRole(AriaRole.Button, new() { Name = "Ganti kata sandi" }).ClickAsync();
        await Assertions.Expect(form.Locator("[data-error-for=repeat]")).ToHaveTextAsync("Kedua kata sandi baru tidak sama.");
        await Assertions.Expect(form.Locator("[data-error-for=new]")).ToBeEmptyAsync();
        Assert.Equal(0, sent);

        await form.GetByLabel("Kata sandi saat ini").FillAsync("bukan-kata-sandinya-123");
        await form.GetByLabel("Ulangi kata sandi baru").FillAsync(replacement);
        await form.GetByRole(AriaRole.Button, new() { Name = "Ganti kata sandi" }).ClickAsync();
        await Assertions.Expect(form.Locator("[data-error-for=current]")).ToHaveTextAsync("Kata sandi saat ini salah.");
        await Assertions.Expect(form.GetByLabel("Kata sandi baru", new() { Exact = true })).ToHaveValueAsync(replacement);
        Assert.Equal(1, sent);

        var before = await SessionAsync(officer);
        await form.GetByLabel("Kata sandi saat ini").FillAsync(oneTime);
        await form.GetByRole(AriaRole.Button, new() { Name = "Ganti kata sandi" }).ClickAsync();
        await Assertions.Expect(officer.Locator("section[aria-labelledby=password-title] .saved")).ToHaveTextAsync(
            "Kata sandi sudah diganti. Anda tetap masuk di sini; sesi di perangkat lain berakhir.");
        await Assertions.Expect(form.GetByLabel("Kata sandi saat ini")).ToHaveValueAsync("");

        // The change ended the tokens issued before; the page goes on with the new ones the answer carried.
        var after = await SessionAsync(officer);
        Assert.NotEqual(before.GetProperty("accessToken").GetString(), after.GetProperty("accessToken").GetString());
        Assert.NotEqual(before.GetProperty("refreshToken").GetString(), after.GetProperty("refreshToken").GetString());
        var oldRefresh = await new HttpClient { BaseAddress = new Uri(Desk.BaseUrl) }.PostAsJsonAsync("/api/account/refresh",
            new { refreshToken = before.GetProperty("refreshToken").GetString() });
        Assert.Equal(HttpStatusCode.Unauthorized, oldRefresh.StatusCode);
        await officer.GetByRole(AriaRole.Link, new() { Name = "Kabupaten/Kota", Exact = true }).ClickAsync();
        await Assertions.Expect(officer.Locator("main h1")).ToContainTextAsync("Dasbor Sintang");
        await Assertions.Expect(officer.Locator("section[aria-labelledby=roster-title] .hint[role=status]")).ToHaveCountAsync(0);
        await Assertions.Expect(officer.Locator("#who")).ToHaveTextAsync("Budi Santoso Uji · Sintang");

        await officer.GetByRole(AriaRole.Button, new() { Name = "Keluar" }).ClickAsync();
        await SubmitSignInAsync(officer, email, oneTime);
        await Assertions.Expect(officer.Locator("form[aria-labelledby=signin-title] .form-message")).ToContainTextAsync("Tidak dapat masuk.");
        await SubmitSignInAsync(officer, email, replacement);
        await Assertions.Expect(officer.Locator("#who")).ToHaveTextAsync("Budi Santoso Uji · Sintang");
        await Assertions.Expect(officer.Locator("main h1")).ToContainTextAsync("Dasbor Sintang");
        await officer.Context.CloseAsync();
        await admin.Context.CloseAsync();
    }

    [Fact]
    public async Task an_email_already_taken_marks_the_email_field_invalid_says_why_beside_it_and_keeps_what_was_typed()
    {
        var (taken, _) = await Desk.AccountAsync("coordinator", "Sari Pontianak Uji");
        var admin = await Desk.SignedInPageAsync("admin");
        await admin.GetByRole(AriaRole.Link, new() { Name = "Kelola akun" }).ClickAsync();
        var create = admin.Locator("section[aria-labelledby=new-account-title] form");
        var email = create.GetByLabel("Email (untuk masuk)");
        await email.FillAsync(taken);
        await create.GetByLabel("Nama lengkap").FillAsync("Sari Kedua");
        await create.GetByRole(AriaRole.Button, new() { Name = "Buat akun" }).ClickAsync();

        await Assertions.Expect(create.Locator(".form-message")).ToContainTextAsync("Sudah ada akun dengan email ini.");
        // The field itself is marked, its description says why, and the focus is on it to correct it.
        await Assertions.Expect(email).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(email).ToHaveAccessibleDescriptionAsync("Sudah ada akun dengan email ini.");
        await Assertions.Expect(email).ToBeFocusedAsync();
        await Assertions.Expect(create.GetByLabel("Nama lengkap")).ToHaveValueAsync("Sari Kedua");
        Assert.All(Desk.ConsoleErrors[admin], error => Assert.Contains("409", error));
    }

    [Fact]
    public async Task a_password_change_whose_answer_is_lost_says_the_password_may_be_changed_and_the_sign_in_page_asks_for_the_new_one()
    {
        var (email, oneTime) = await Desk.AccountAsync("analyst", "Lina Analis Uji", oneTime: true);
        var page = await SignInAsync(email, oneTime);
        await page.GotoAsync("/#/account");
        var form = page.Locator("section[aria-labelledby=password-title] form");
        const string replacement = "Air Kapuas surut 2026";
        await form.GetByLabel("Kata sandi saat ini").FillAsync(oneTime);
        await form.GetByLabel("Kata sandi baru", new() { Exact = true }).FillAsync(replacement);
        await form.GetByLabel("Ulangi kata sandi baru").FillAsync(replacement);
        // The server changes the password (ending this session's tokens), but its answer never reaches the page.
        await page.RouteAsync("**/api/account/password", async route =>
        {
            await route.FetchAsync();
            await route.AbortAsync("connectionreset");
        });
        await form.GetByRole(AriaRole.Button, new() { Name = "Ganti kata sandi" }).ClickAsync();
        await Assertions.Expect(form.Locator(".form-message")).ToHaveTextAsync("Jaringan terputus atau server tidak menjawab. "
            + "Kata sandi mungkin sudah diganti sebelum jaringan terputus. Tekan Coba lagi; bila halaman lalu meminta masuk lagi, masuklah dengan kata sandi baru.");
        await page.UnrouteAsync("**/api/account/password");

        await form.GetByRole(AriaRole.Button, new() { Name = "Coba lagi" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Kata sandi Anda mungkin sudah diganti sebelum jaringan terputus: masuklah dengan kata sandi baru.")).ToBeVisibleAsync();
        await SubmitSignInAsync(page, email, replacement);
        await Assertions.Expect(page.Locator("#who")).ToHaveTextAsync("Lina Analis Uji");
        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync("Akun saya");
        await Assertions.Expect(page.GetByText("Kata sandi Anda mungkin sudah diganti")).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task the_accounts_page_shows_a_hundred_accounts_with_the_count_and_the_rest_on_asking()
    {
        var admin = Desk.Api(DeskFixture.Token("admin"));
        // emails that sort after every other account's, so the last of them lies past the first hundred
        var emails = Enumerable.Range(1, 101).Select(i => $"zz-halaman-{i:000}@uji.kalbarprov.go.id").ToList();
        foreach (var email in emails)
            (await admin.PostAsJsonAsync("/api/accounts", new { email, name = $"Analis Halaman {email[11..14]}", role = "analyst" })).EnsureSuccessStatusCode();
        var total = (await admin.GetFromJsonAsync<JsonElement>("/api/accounts?limit=1000")).GetArrayLength();

        var page = await Desk.SignedInPageAsync("admin");
        await page.GotoAsync("/#/accounts");
        var list = page.Locator("section[aria-labelledby=accounts-title]");
        var pages = list.Locator("p.pages");
        await Assertions.Expect(pages).ToContainTextAsync($"1–100 dari {total}");
        await Assertions.Expect(list.Locator(".account")).ToHaveCountAsync(100);
        await Assertions.Expect(list.Locator(".account").Filter(new() { HasText = emails[^1] })).ToHaveCountAsync(0);

        var more = pages.GetByRole(AriaRole.Button);
        for (var shown = 100; shown < total; shown += 100)
        {
            await more.ClickAsync();
            await Assertions.Expect(pages).ToContainTextAsync($"1–{Math.Min(shown + 100, total)} dari {total}");
        }
        await Assertions.Expect(more).ToBeHiddenAsync();
        await Assertions.Expect(pages).ToContainTextAsync($"1–{total} dari {total}");
        await Assertions.Expect(list.Locator(".account")).ToHaveCountAsync(total);
        var last = list.Locator(".account").Filter(new() { HasText = emails[^1] });
        await Assertions.Expect(last).ToBeVisibleAsync();

        // acting on an account past the first hundred draws the list again with it still shown
        await last.GetByText("Nonaktifkan…").ClickAsync();
        await last.GetByRole(AriaRole.Button, new() { Name = "Ya, nonaktifkan" }).ClickAsync();
        await Assertions.Expect(last.Locator(".badge")).ToHaveTextAsync("Nonaktif");
        Assert.Empty(Desk.ConsoleErrors[page]);
    }

    [Fact]
    public async Task the_admin_finds_an_account_among_many_by_name_email_role_or_district_with_the_count_said_and_the_focus_kept()
    {
        var admin = Desk.Api(DeskFixture.Token("admin"));
        var tag = Guid.NewGuid().ToString("N")[..6];
        foreach (var (name, role, district) in new[] { ($"Yohana Cari {tag}", "district", "61.09"), ($"Yosef Cari {tag}", "analyst", (string?)null),
                     ($"Yulia Cari {tag}", "district", "61.09") })
            (await admin.PostAsJsonAsync("/api/accounts", new { email = $"cari-{name.Split(' ')[0].ToLowerInvariant()}-{tag}@uji.kalbarprov.go.id", name, role, district }))
                .EnsureSuccessStatusCode();
        var total = (await admin.GetFromJsonAsync<JsonElement>("/api/accounts?limit=1000")).GetArrayLength();

        var page = await Desk.SignedInPageAsync("admin", width: 360, height: 740);
        await page.GotoAsync("/#/accounts");
        var list = page.Locator("section[aria-labelledby=accounts-title]");
        var search = page.GetByRole(AriaRole.Searchbox, new() { Name = "Cari akun" });
        await Assertions.Expect(search).ToHaveAttributeAsync("placeholder", "Nama, email, peran atau kabupaten/kota");
        var count = list.Locator("#account-search-count");
        await Assertions.Expect(count).ToHaveAttributeAsync("aria-live", "polite");
        await Assertions.Expect(count).ToHaveTextAsync($"{total} akun");
        await Assertions.Expect(search).ToHaveAccessibleDescriptionAsync($"{total} akun");

        // by name, case and accents aside, and by words in any order: the focus stays in the field as the list narrows
        await search.FocusAsync();
        await page.Keyboard.TypeAsync($"CARI {tag}");
        await Assertions.Expect(count).ToHaveTextAsync($"3 dari {total} akun");
        await Assertions.Expect(list.Locator(".account")).ToHaveCountAsync(3);
        await Assertions.Expect(search).ToBeFocusedAsync();
        // by district name and role in Indonesian words
        await search.FillAsync($"{tag} sekadau");
        await Assertions.Expect(count).ToHaveTextAsync($"2 dari {total} akun");
        await Assertions.Expect(list.Locator(".account").Filter(new() { HasText = $"Yosef Cari {tag}" })).ToHaveCountAsync(0);
        await search.FillAsync($"analis {tag}");
        await Assertions.Expect(list.Locator(".account")).ToHaveCountAsync(1);
        await Assertions.Expect(list.Locator(".account")).ToContainTextAsync($"Yosef Cari {tag}");
        // by email
        await search.FillAsync($"cari-yulia-{tag}@");
        await Assertions.Expect(list.Locator(".account")).ToHaveCountAsync(1);
        await Assertions.Expect(count).ToHaveTextAsync($"1 dari {total} akun");
        // nothing found says so; Escape empties the field and every account is back
        await search.FillAsync($"tidak-ada-{tag}");
        await Assertions.Expect(count).ToHaveTextAsync($"0 dari {total} akun");
        await Assertions.Expect(list).ToContainTextAsync("Tidak ada akun yang cocok dengan pencarian ini.");
        await search.PressAsync("Escape");
        await Assertions.Expect(count).ToHaveTextAsync($"{total} akun");
        await Assertions.Expect(search).ToBeFocusedAsync();

        // acting on a found account draws the list again still searched
        await search.FillAsync($"Yohana Cari {tag}");
        var found = list.Locator(".account");
        await Assertions.Expect(found).ToHaveCountAsync(1);
        await found.GetByText("Nonaktifkan…").ClickAsync();
        await found.GetByRole(AriaRole.Button, new() { Name = "Ya, nonaktifkan" }).ClickAsync();
        await Assertions.Expect(found.Locator(".badge")).ToHaveTextAsync("Nonaktif");
        await Assertions.Expect(found).ToHaveCountAsync(1);
        await Assertions.Expect(search).ToHaveValueAsync($"Yohana Cari {tag}");
        Assert.Empty(Desk.ConsoleErrors[page]);
    }

    [Fact]
    public async Task the_admin_disables_an_account_after_confirming_and_it_can_no_longer_sign_in()
    {
        var (email, password) = await Desk.AccountAsync("analyst", "Rina Nonaktif Uji");
        var admin = await Desk.SignedInPageAsync("admin");
        await admin.GotoAsync("/#/accounts");
        var card = admin.Locator(".account").Filter(new() { HasText = email });
        await Assertions.Expect(card.Locator(".badge")).ToHaveTextAsync("Aktif");
        await card.GetByText("Nonaktifkan…").ClickAsync();
        await Assertions.Expect(card).ToContainTextAsync("Rina Nonaktif Uji tidak dapat masuk lagi sampai akunnya diaktifkan kembali");
        Assert.True(await EnabledAsync(email)); // opening the question does not disable

        await card.GetByRole(AriaRole.Button, new() { Name = "Ya, nonaktifkan" }).ClickAsync();
        await Assertions.Expect(card.Locator(".badge")).ToHaveTextAsync("Nonaktif");
        await Assertions.Expect(card.GetByRole(AriaRole.Button, new() { Name = "Aktifkan kembali" })).ToBeVisibleAsync();
        Assert.False(await EnabledAsync(email));

        var page = await Desk.SignInPageAsync();
        await SubmitSignInAsync(page, email, password);
        await Assertions.Expect(page.Locator("form[aria-labelledby=signin-title] .form-message"))
            .ToContainTextAsync("Tidak dapat masuk. Email atau kata sandi salah");
        await Assertions.Expect(page.Locator("#who")).ToBeEmptyAsync();
        Assert.Empty(Desk.ConsoleErrors[admin]);
        await page.Context.CloseAsync();
        await admin.Context.CloseAsync();
    }

    [Fact]
    public async Task on_a_phone_a_reset_password_takes_the_focus_to_the_one_time_password_and_back_to_its_card_and_a_disable_keeps_it_on_the_card()
    {
        var (email, _) = await Desk.AccountAsync("analyst", "Wati Fokus Uji");
        var admin = await Desk.SignedInPageAsync("admin", width: 360, height: 740);
        await admin.GotoAsync("/#/accounts");
        await admin.GetByRole(AriaRole.Searchbox, new() { Name = "Cari akun" }).FillAsync(email);
        var card = admin.Locator(".account").Filter(new() { HasText = email });
        var reset = card.Locator("summary", new() { HasText = "Atur ulang kata sandi…" });
        await reset.ClickAsync();
        await card.GetByRole(AriaRole.Button, new() { Name = "Ya, atur ulang" }).ClickAsync();

        // the one-time password, far above the card on a phone, is where the focus and the eyes go
        var secret = admin.Locator(".secret");
        await Assertions.Expect(secret).ToContainTextAsync($"Kata sandi sekali pakai untuk {email}:");
        await Assertions.Expect(secret).ToBeFocusedAsync();
        await Assertions.Expect(secret).ToBeInViewportAsync();
        // passed on and hidden: the focus goes back to the card's reset, not to the top of the page
        await secret.GetByRole(AriaRole.Button, new() { Name = "Sudah dicatat, sembunyikan" }).ClickAsync();
        await Assertions.Expect(secret).ToHaveCountAsync(0);
        await Assertions.Expect(reset).ToBeFocusedAsync();

        // a disable draws the card again: the focus stays on it, on the fold it was pressed in
        await card.GetByText("Nonaktifkan…").ClickAsync();
        await card.GetByRole(AriaRole.Button, new() { Name = "Ya, nonaktifkan" }).ClickAsync();
        await Assertions.Expect(card.Locator(".badge")).ToHaveTextAsync("Nonaktif");
        Assert.True(await admin.EvaluateAsync<bool>("sel => document.querySelector(sel).contains(document.activeElement)",
            $".account[data-account='{(await card.GetAttributeAsync("data-account"))}']"));
        Assert.Empty(Desk.ConsoleErrors[admin]);
    }

    [Fact]
    public async Task an_account_locked_by_wrong_passwords_says_its_reset_unlocks_it_and_the_reset_does()
    {
        var (email, _) = await Desk.AccountAsync("analyst", "Dedi Terkunci Uji");
        var anonymous = new HttpClient { BaseAddress = new Uri(Desk.BaseUrl) };
        for (var i = 0; i < 5; i++) await anonymous.PostAsJsonAsync("/api/account/login", new { email, password = "bukan-sandinya-sama-sekali" });
        var admin = await Desk.SignedInPageAsync("admin");
        await admin.GotoAsync("/#/accounts");
        await admin.GetByRole(AriaRole.Searchbox, new() { Name = "Cari akun" }).FillAsync(email);
        var card = admin.Locator(".account").Filter(new() { HasText = email });
        await Assertions.Expect(card.Locator("p.hint")).ToContainTextAsync("Terkunci karena salah kata sandi sampai");
        await Assertions.Expect(card.Locator("p.hint")).ToContainTextAsync("Atur ulang kata sandinya untuk membukanya sekarang.");

        await card.GetByText("Atur ulang kata sandi…").ClickAsync();
        await card.GetByRole(AriaRole.Button, new() { Name = "Ya, atur ulang" }).ClickAsync();
        var oneTime = (await admin.Locator(".secret code").TextContentAsync())!;
        await Assertions.Expect(card.Locator("p.hint")).ToHaveCountAsync(0);
        (await anonymous.PostAsJsonAsync("/api/account/login", new { email, password = oneTime })).EnsureSuccessStatusCode();
        Assert.Empty(Desk.ConsoleErrors[admin]);
    }

    [Fact]
    public async Task the_admin_moves_an_account_to_another_district_and_resets_its_password()
    {
        var (email, _) = await Desk.AccountAsync("coordinator", "Yanti Pindah Uji");
        var admin = await Desk.SignedInPageAsync("admin");
        await admin.GotoAsync("/#/accounts");
        var card = admin.Locator(".account").Filter(new() { HasText = email });
        await card.GetByText("Ubah nama, peran atau kabupaten/kota").ClickAsync();
        await Assertions.Expect(card.GetByLabel("Kabupaten/kota")).ToBeHiddenAsync();
        await card.GetByLabel("Peran").SelectOptionAsync("district");
        await card.GetByLabel("Kabupaten/kota").SelectOptionAsync("61.10");
        await card.GetByRole(AriaRole.Button, new() { Name = "Simpan" }).ClickAsync();
        await Assertions.Expect(card).ToContainTextAsync("Petugas kabupaten/kota · Melawi (61.10)");

        await card.GetByText("Atur ulang kata sandi…").ClickAsync();
        await card.GetByRole(AriaRole.Button, new() { Name = "Ya, atur ulang" }).ClickAsync();
        var secret = admin.Locator(".secret");
        await Assertions.Expect(secret).ToContainTextAsync($"Kata sandi sekali pakai untuk {email}:");
        var oneTime = (await secret.Locator("code").TextContentAsync())!;

        // the reset password is one-time: it opens only the page where its person chooses their own
        var page = await SignInAsync(email, oneTime);
        await Assertions.Expect(page.Locator("#who")).ToHaveTextAsync("Yanti Pindah Uji · Melawi");
        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync("Akun saya");
        await Assertions.Expect(page.Locator("main .one-time")).ToHaveTextAsync(
            "Anda masuk dengan kata sandi sekali pakai dari administrator. Pilih kata sandi Anda sendiri di bawah ini; halaman lain terbuka setelah itu.");
        await Assertions.Expect(page.Locator("#nav a")).ToHaveCountAsync(0);
        await page.GotoAsync("/#/district");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("#/account$"));
        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync("Akun saya");

        var form = page.Locator("section[aria-labelledby=password-title] form");
        const string replacement = "Sungai Melawi surut 2026";
        await form.GetByLabel("Kata sandi saat ini").FillAsync(oneTime);
        await form.GetByLabel("Kata sandi baru", new() { Exact = true }).FillAsync(replacement);
        await form.GetByLabel("Ulangi kata sandi baru").FillAsync(replacement);
        await form.GetByRole(AriaRole.Button, new() { Name = "Ganti kata sandi" }).ClickAsync();
        await Assertions.Expect(page.Locator("section[aria-labelledby=password-title] .saved")).ToContainTextAsync("Kata sandi sudah diganti.");
        await Assertions.Expect(page.Locator("main .one-time")).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Link, new() { Name = "Kabupaten/Kota", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("main h1")).ToContainTextAsync("Dasbor Melawi");

        await secret.GetByRole(AriaRole.Button, new() { Name = "Sudah dicatat, sembunyikan" }).ClickAsync();
        await Assertions.Expect(secret).ToHaveCountAsync(0);
        Assert.Empty(Desk.ConsoleErrors[admin]);
        await page.Context.CloseAsync();
        await admin.Context.CloseAsync();
    }

    [Theory]
    [InlineData("district", "61.05", "district")]
    [InlineData("coordinator", null, "coordinator")]
    public async Task someone_not_an_admin_has_no_accounts_link_and_is_sent_home_from_the_accounts_page(string role, string? district, string home)
    {
        var page = await Desk.SignedInPageAsync(role, district);
        await Assertions.Expect(page.Locator("#nav a").First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Kelola akun" })).ToHaveCountAsync(0);

        await page.GotoAsync("/#/accounts");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"#/{home}$"));
        await Assertions.Expect(page.Locator("main section.panel").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("main h1")).Not.ToHaveTextAsync("Kelola akun");
        await Assertions.Expect(page.Locator("main h1")).ToContainTextAsync("Dasbor");
        Assert.Empty(Desk.ConsoleErrors[page]);
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData("analyst")]
    [InlineData("coordinator")]
    public async Task a_district_officer_typing_another_roles_address_is_sent_to_their_own_desk(string other)
    {
        var page = await Desk.SignedInPageAsync("district", "61.05");
        await page.GotoAsync($"/#/{other}");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("#/district$"));
        await Assertions.Expect(page.Locator("main h1")).ToContainTextAsync("Dasbor Sintang");
        Assert.Empty(Desk.ConsoleErrors[page]);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task the_header_names_a_district_officer_s_district_by_its_name_not_its_code()
    {
        var page = await Desk.SignedInPageAsync("district", "61.05", width: 360, height: 740);
        await Assertions.Expect(page.Locator("#who")).ToHaveTextAsync("Petugas kabupaten/kota · Sintang");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task an_analyst_reads_the_coordinators_board_without_the_form_to_report_an_incident()
    {
        var page = await Desk.SignedInPageAsync("analyst");
        await page.GotoAsync("/#/coordinator");
        await Assertions.Expect(page.Locator("#readiness-title")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#export-title")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#report-title")).ToHaveCountAsync(0);
        Assert.Empty(Desk.ConsoleErrors[page]);
        await page.Context.CloseAsync();
    }

    private async Task<IPage> SignInAsync(string email, string password)
    {
        var page = await Desk.SignInPageAsync();
        await SubmitSignInAsync(page, email, password);
        await page.Locator("main section.panel").First.WaitForAsync();
        return page;
    }

    private static async Task SubmitSignInAsync(IPage page, string email, string password)
    {
        await page.GetByLabel("Email akun").FillAsync(email);
        await page.GetByLabel("Kata sandi").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Masuk", Exact = true }).ClickAsync();
    }

    private static async Task<JsonElement> SessionAsync(IPage page) =>
        await page.EvaluateAsync<JsonElement>("JSON.parse(sessionStorage.getItem('desk.session'))");

    private async Task<bool> EnabledAsync(string email)
    {
        var accounts = await Desk.Api(DeskFixture.Token("admin")).GetFromJsonAsync<JsonElement>("/api/accounts?limit=1000");
        return accounts.EnumerateArray().Single(a => a.GetProperty("email").GetString() == email).GetProperty("enabled").GetBoolean();
    }
}
