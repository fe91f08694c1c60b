using Coordination.Browser.Tests.Support;
using Microsoft.Playwright;

namespace Coordination.Browser.Tests;

/// <summary>
/// A form refused before sending speaks the page's language, not the browser's ("Please fill out this field." in an
/// English Chromium): each field says why beside it, is marked invalid and described by that text, and the first gets the focus.
/// </summary>
[Collection(DeskCollection.Name)]
public sealed class FormValidationTests(DeskFixture desk) : DeskTest(desk)
{
    [Fact]
    public async Task an_empty_required_field_says_why_in_Indonesian_beside_it_and_gets_the_focus()
    {
        var page = await Desk.SignedInPageAsync("district", "61.07");
        Assert.StartsWith("en", await page.EvaluateAsync<string>("navigator.language")); // the browser's language is not the page's
        var add = page.Locator("section[aria-labelledby=roster-title] details.add-person");
        await add.Locator("summary").ClickAsync();
        await add.GetByRole(AriaRole.Button, new() { Name = "Tambahkan" }).ClickAsync();

        var name = add.GetByLabel("Nama lengkap");
        await Assertions.Expect(name).ToBeFocusedAsync();
        await Assertions.Expect(name).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(name).ToHaveAccessibleDescriptionAsync("Wajib diisi.");
        await Assertions.Expect(add.Locator(".form-message")).ToHaveTextAsync("Periksa isian yang ditandai.");
        Assert.Empty(Desk.ConsoleErrors[page]); // nothing was sent
    }

    [Fact]
    public async Task a_date_past_its_limit_and_a_malformed_email_are_refused_in_the_page_s_words()
    {
        var page = await Desk.SignInPageAsync();
        var email = page.GetByLabel("Email akun");
        await email.FillAsync("budi.sintang");
        await page.GetByRole(AriaRole.Button, new() { Name = "Masuk", Exact = true }).ClickAsync();
        await Assertions.Expect(email).ToHaveAccessibleDescriptionAsync("Isi alamat email yang benar, misalnya nama@kalbarprov.go.id.");
        await Assertions.Expect(email).ToBeFocusedAsync();
        await Assertions.Expect(page.GetByLabel("Kata sandi")).ToHaveAccessibleDescriptionAsync("Wajib diisi.");
        await page.Context.CloseAsync();

        page = await Desk.SignedInPageAsync("district", "61.07");
        var roster = page.Locator("section[aria-labelledby=roster-title]");
        await roster.GetByText("Tambah personel").ClickAsync();
        await roster.GetByLabel("Nama lengkap").FillAsync("Yosef Bengkayang");
        await roster.GetByRole(AriaRole.Button, new() { Name = "Tambahkan" }).ClickAsync();
        var card = roster.Locator(".person").Filter(new() { HasText = "Yosef Bengkayang" });
        await card.GetByText("Catat pelatihan").ClickAsync();
        await card.GetByLabel("Nama pelatihan").FillAsync("PFA dasar");
        await card.GetByLabel("Tanggal selesai").FillAsync("2099-01-01");
        await card.GetByRole(AriaRole.Button, new() { Name = "Simpan pelatihan" }).ClickAsync();
        await Assertions.Expect(card.GetByLabel("Tanggal selesai"))
            .ToHaveAccessibleDescriptionAsync(new System.Text.RegularExpressions.Regex(@"^Tidak boleh setelah \d{1,2} (Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|November|Desember) \d{4}\.$"));
    }

    [Fact]
    public async Task a_date_or_time_chosen_is_written_out_under_its_field_as_the_page_writes_it_with_WIB_for_a_time()
    {
        var page = await Desk.SignedInPageAsync("coordinator", width: 360, height: 740);
        Assert.StartsWith("en", await page.EvaluateAsync<string>("navigator.language")); // the browser writes 11/29/2026, 10:42 PM
        var report = page.Locator("section[aria-labelledby=report-title] form");
        var occurred = report.GetByLabel("Waktu kejadian (WIB)");
        await occurred.FillAsync("2026-11-27T14:05");
        await Assertions.Expect(report.Locator(".field:has(input[name=occurredAt]) .written")).ToHaveTextAsync("27 November 2026, 14.05 WIB");

        var exports = page.Locator("section[aria-labelledby=export-title]");
        await exports.GetByLabel("Dari tanggal").FillAsync("2021-10-01");
        await Assertions.Expect(exports.Locator(".field:has(#export-from) .written")).ToHaveTextAsync("1 Oktober 2021");

        // A draft brought back fills the field and what is written under it.
        await page.ReloadAsync();
        await Assertions.Expect(report.Locator(".field:has(input[name=occurredAt]) .written")).ToHaveTextAsync("27 November 2026, 14.05 WIB");

        await page.GetByRole(AriaRole.Button, new() { Name = "Ganti bahasa ke English" }).ClickAsync();
        await Assertions.Expect(report.Locator(".field:has(input[name=occurredAt]) .written")).ToHaveTextAsync("27 November 2026, 14:05 WIB");
        await page.GetByRole(AriaRole.Button, new() { Name = "Switch language to Bahasa Indonesia" }).ClickAsync();
        await report.GetByRole(AriaRole.Button, new() { Name = "Buang isian" }).ClickAsync();
        Assert.Empty(Desk.ConsoleErrors[page]);
    }
}
