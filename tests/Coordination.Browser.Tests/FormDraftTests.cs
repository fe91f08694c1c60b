using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Coordination.Browser.Tests.Support;
using Microsoft.Playwright;

namespace Coordination.Browser.Tests;

/// <summary>
/// What was typed survives a session the server ends: it is back after signing in again, a retry is still the same
/// command, and it belongs to the account that typed it.
/// </summary>
[Collection(DeskCollection.Name)]
public sealed class FormDraftTests(DeskFixture desk) : DeskTest(desk)
{
    private const string Drafts = "Object.keys(sessionStorage).filter(k => k.startsWith('desk.draft:')).map(k => sessionStorage.getItem(k))";

    [Fact]
    public async Task what_was_typed_when_the_server_ended_the_session_is_back_after_signing_in_and_is_sent_once()
    {
        var (email, password) = await Desk.AccountAsync("coordinator", "Dewi Draf Uji");
        var page = await Desk.SignInPageAsync();
        await SignInAsync(page, email, password);
        var title = $"Tanah longsor Uji Draf {Guid.NewGuid():N}";
        var report = await FillReportAsync(page, title);

        await EndSessionAsync(email);
        await report.GetByRole(AriaRole.Button, new() { Name = "Laporkan", Exact = true }).ClickAsync(); // refused: the session is over
        await Assertions.Expect(page.Locator(".signin [role=alert]").First).ToContainTextAsync("Sesi Anda telah berakhir");
        Assert.DoesNotContain(await page.EvaluateAsync<string[]>(Drafts), d => d.Contains(password));

        await SignInAsync(page, email, password);
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("#/coordinator$"));
        report = page.Locator("section[aria-labelledby=report-title]");
        await Assertions.Expect(report.GetByRole(AriaRole.Status)).ToContainTextAsync("Isian yang belum terkirim dipulihkan.");
        await Assertions.Expect(report.GetByLabel("Judul kejadian")).ToHaveValueAsync(title);
        await Assertions.Expect(report.GetByLabel("Jenis bencana")).ToHaveValueAsync("landslide");
        await Assertions.Expect(report.GetByLabel("Desa terdampak")).ToHaveValueAsync("Nanga Tayap\nTumbang Titi");
        await Assertions.Expect(report.GetByLabel("Semua")).ToHaveValueAsync("350");

        await report.GetByRole(AriaRole.Button, new() { Name = "Laporkan", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync(title);
        Assert.Empty(await page.EvaluateAsync<string[]>(Drafts)); // sent: nothing left to restore
        Assert.Equal(1, await IncidentsTitledAsync(title));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task a_report_whose_answer_was_lost_is_sent_again_after_signing_in_with_the_same_id_and_recorded_once()
    {
        var (email, password) = await Desk.AccountAsync("coordinator", "Hendra Draf Uji");
        var page = await Desk.SignInPageAsync();
        await SignInAsync(page, email, password);
        var title = $"Banjir Uji Jawaban Hilang {Guid.NewGuid():N}";
        var report = await FillReportAsync(page, title);

        var ids = new List<string>();
        await page.RouteAsync("**/api/incidents", async route =>
        {
            if (route.Request.Method != "POST") { await route.ContinueAsync(); return; }
            int sent;
            lock (ids) { ids.Add(JsonDocument.Parse(route.Request.PostData!).RootElement.GetProperty("id").GetString()!); sent = ids.Count; }
            if (sent > 1) { await route.ContinueAsync(); return; }
            await route.FetchAsync(); // the service records it; its answer never reaches the page
            await route.AbortAsync("connectionreset");
        });
        await report.GetByRole(AriaRole.Button, new() { Name = "Laporkan", Exact = true }).ClickAsync();
        await Assertions.Expect(report.Locator(".form-message")).ToContainTextAsync("Isian Anda tetap tersimpan");

        await EndSessionAsync(email);
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator(".signin [role=alert]").First).ToContainTextAsync("Sesi Anda telah berakhir");
        await SignInAsync(page, email, password);
        report = page.Locator("section[aria-labelledby=report-title]");
        await Assertions.Expect(report.GetByRole(AriaRole.Status)).ToContainTextAsync("Isian yang belum terkirim dipulihkan.");
        await Assertions.Expect(report.GetByLabel("Judul kejadian")).ToHaveValueAsync(title);

        await report.GetByRole(AriaRole.Button, new() { Name = "Coba lagi" }).ClickAsync();
        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync(title);
        Assert.Equal(2, ids.Count);
        Assert.Equal(ids[0], ids[1]);
        Assert.Equal(1, await IncidentsTitledAsync(title));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task another_account_signing_in_on_the_same_browser_does_not_see_the_draft_and_signing_out_forgets_it()
    {
        var (first, firstPassword) = await Desk.AccountAsync("coordinator", "Siti Draf Uji");
        var (second, secondPassword) = await Desk.AccountAsync("coordinator", "Agus Draf Uji");
        var page = await Desk.SignInPageAsync();
        await SignInAsync(page, first, firstPassword);
        var title = $"Kebakaran hutan milik Siti {Guid.NewGuid():N}";
        await FillReportAsync(page, title);
        await EndSessionAsync(first);
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator(".signin [role=alert]").First).ToContainTextAsync("Sesi Anda telah berakhir");

        await SignInAsync(page, second, secondPassword);
        var report = page.Locator("section[aria-labelledby=report-title]");
        await Assertions.Expect(report.GetByLabel("Judul kejadian")).ToHaveValueAsync("");
        await Assertions.Expect(report.GetByRole(AriaRole.Status)).ToBeHiddenAsync();
        Assert.DoesNotContain(await page.EvaluateAsync<string[]>(Drafts), d => d.Contains(title));

        await report.GetByLabel("Judul kejadian").FillAsync("Catatan Agus yang belum terkirim");
        Assert.Single(await page.EvaluateAsync<string[]>(Drafts));
        await page.GetByRole(AriaRole.Button, new() { Name = "Keluar" }).ClickAsync();
        await page.GetByLabel("Email akun").WaitForAsync();
        Assert.Empty(await page.EvaluateAsync<string[]>(Drafts));

        await SignInAsync(page, second, secondPassword);
        await Assertions.Expect(page.Locator("section[aria-labelledby=report-title]").GetByLabel("Judul kejadian")).ToHaveValueAsync("");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task a_draft_comes_back_after_a_reload_in_its_open_form_and_Buang_isian_forgets_it()
    {
        var page = await Desk.SignedInPageAsync("district", "61.06");
        var add = page.Locator("section[aria-labelledby=roster-title] details.add-person");
        await add.Locator("summary").ClickAsync();
        await add.GetByLabel("Nama lengkap").FillAsync("Fransiska Draf Sanggau");
        await add.GetByLabel("Konseling trauma").CheckAsync();

        await page.ReloadAsync();
        add = page.Locator("section[aria-labelledby=roster-title] details.add-person");
        await Assertions.Expect(add).ToHaveAttributeAsync("open", "");
        await Assertions.Expect(add.GetByRole(AriaRole.Status)).ToContainTextAsync("Isian yang belum terkirim dipulihkan.");
        await Assertions.Expect(add.GetByLabel("Nama lengkap")).ToHaveValueAsync("Fransiska Draf Sanggau");
        await Assertions.Expect(add.GetByLabel("Konseling trauma")).ToBeCheckedAsync();

        await add.GetByRole(AriaRole.Button, new() { Name = "Buang isian" }).ClickAsync();
        await Assertions.Expect(add.GetByLabel("Nama lengkap")).ToHaveValueAsync("");
        await Assertions.Expect(add.GetByLabel("Konseling trauma")).Not.ToBeCheckedAsync();
        await Assertions.Expect(add.GetByRole(AriaRole.Status)).ToBeHiddenAsync();
        Assert.Empty(await page.EvaluateAsync<string[]>(Drafts));
        await page.ReloadAsync();
        add = page.Locator("section[aria-labelledby=roster-title] details.add-person");
        await Assertions.Expect(add.Locator("summary")).ToBeVisibleAsync();
        await Assertions.Expect(add).Not.ToHaveAttributeAsync("open", "");
        await page.Context.CloseAsync();
    }

    private static async Task<ILocator> FillReportAsync(IPage page, string title)
    {
        var report = page.Locator("section[aria-labelledby=report-title]");
        await report.GetByLabel("Judul kejadian").FillAsync(title);
        await report.GetByLabel("Jenis bencana").SelectOptionAsync("landslide");
        await report.GetByLabel("Desa terdampak").FillAsync("Nanga Tayap\nTumbang Titi");
        await report.GetByLabel("Semua").FillAsync("350");
        return report;
    }

    /// <summary>The administrator disables the account and enables it again: the session's tokens are over.</summary>
    private async Task EndSessionAsync(string email)
    {
        var admin = Desk.Api(DeskFixture.Token("admin"));
        var accounts = await admin.GetFromJsonAsync<JsonElement>("/api/accounts?limit=1000");
        var id = accounts.EnumerateArray().Single(a => a.GetProperty("email").GetString() == email).GetProperty("id").GetString();
        (await admin.PostAsync($"/api/accounts/{id}/disable", null)).EnsureSuccessStatusCode();
        (await admin.PostAsync($"/api/accounts/{id}/enable", null)).EnsureSuccessStatusCode();
    }

    private async Task<int> IncidentsTitledAsync(string title)
    {
        var incidents = await Desk.Api(DeskFixture.Token("analyst")).GetFromJsonAsync<JsonElement>("/api/incidents?limit=1000");
        return incidents.EnumerateArray().Count(i => i.GetProperty("title").GetString() == title);
    }

    private static async Task SignInAsync(IPage page, string email, string password)
    {
        await page.GetByLabel("Email akun").FillAsync(email);
        await page.GetByLabel("Kata sandi").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Masuk", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("section[aria-labelledby=report-title]")).ToBeVisibleAsync();
    }
}
