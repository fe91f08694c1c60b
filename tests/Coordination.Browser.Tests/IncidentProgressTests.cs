using System.Net.Http.Json;
using System.Text.Json;
using Coordination.Browser.Tests.Support;
using Microsoft.Playwright;

namespace Coordination.Browser.Tests;

/// <summary>The incident page's phase, rapid assessment and emergency status forms.</summary>
[Collection(DeskCollection.Name)]
public sealed class IncidentProgressTests(DeskFixture desk)
{
    [Fact]
    public async Task the_coordinator_moves_an_incident_from_Tanggap_Darurat_to_Transisi_offered_only_the_next_phase_in_words()
    {
        var incident = await desk.ReportFloodAsync("Banjir Sungai Ketungau, Sintang", "61.05");
        var page = await desk.SignedInPageAsync("coordinator");
        await page.GotoAsync($"/#/incident/{incident}");
        var phasing = page.Locator("section[aria-labelledby=phase-title]");
        await Assertions.Expect(phasing).ToContainTextAsync("Status sekarang: Tanggap Darurat");
        var next = phasing.GetByLabel("Status berikutnya");
        await Assertions.Expect(next.Locator("option")).ToHaveTextAsync(["Transisi Darurat ke Pemulihan"]);

        await phasing.GetByRole(AriaRole.Button, new() { Name = "Ubah status" }).ClickAsync();
        await Assertions.Expect(page.Locator("main h1 + p .badge")).ToHaveTextAsync("Transisi Darurat ke Pemulihan");
        await Assertions.Expect(phasing).ToContainTextAsync("Status sekarang: Transisi Darurat ke Pemulihan");
        await Assertions.Expect(phasing).ToContainTextAsync("Ini tahap terakhir sebelum kejadian ditutup");
        await Assertions.Expect(phasing.Locator("select")).ToHaveCountAsync(0);
        var stored = await desk.Api(DeskFixture.Token("analyst")).GetFromJsonAsync<JsonElement>($"/api/incidents/{incident}");
        Assert.Equal("recovery", stored.GetProperty("phase").GetString());
        Assert.Empty(desk.ConsoleErrors[page]);
    }
}
