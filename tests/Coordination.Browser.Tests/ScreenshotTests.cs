using Coordination.Browser.Tests.Support;
using Coordination.Demo;
using Microsoft.Playwright;

namespace Coordination.Browser.Tests;

/// <summary>Each role's main page (and the coordinator's incident page, one's own account, the admin's accounts) in Indonesian at 1366×768 and 360 px; written to DESK_SCREENSHOTS when it is set.</summary>
[Collection(DeskCollection.Name)]
public sealed class ScreenshotTests(DeskFixture desk) : DeskTest(desk)
{
    [Theory]
    [InlineData("coordinator", null, "coordinator")]
    [InlineData("district", "61.05", "district")]
    [InlineData("analyst", null, "analyst")]
    [InlineData("coordinator", null, "incident")]
    [InlineData("district", "61.05", "account")]
    [InlineData("admin", null, "accounts")]
    public async Task each_role_s_main_page_renders_on_a_laptop_and_a_phone(string role, string? district, string name)
    {
        foreach (var (width, height) in new[] { (1366, 768), (360, 740) })
        {
            var page = await Desk.SignedInPageAsync(role, district, width, height);
            if (role == "analyst") await page.GotoAsync($"/#/analyst/{DemoHistory.SintangFlood}");
            if (name == "incident") await page.GotoAsync($"/#/incident/{DemoHistory.SintangFlood}");
            if (name is "account" or "accounts") await page.GotoAsync($"/#/{name}");
            // the page asked for, not the one shown before it (the coordinator's board has panels too)
            await page.Locator(name switch
            {
                "coordinator" => "#readiness-title", "district" => "#roster-title", "analyst" => "#replay-title",
                "account" => "#password-title", "accounts" => "#new-account-title", _ => "#requests-title"
            }).WaitForAsync();
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle, new() { Timeout = 3_000 }).ContinueWith(_ => { });
            await page.Locator("main section.panel").First.WaitForAsync();
            var folder = Environment.GetEnvironmentVariable("DESK_SCREENSHOTS");
            var shot = await page.ScreenshotAsync(new() { FullPage = width > 400, Path = folder is null ? null : Path.Combine(folder, $"{name}-{width}.png") });
            Assert.NotEmpty(shot);
            var overflow = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
            var wide = overflow <= width ? "" : await page.EvaluateAsync<string>("w => [...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right > w).slice(0, 8).map(e => e.tagName + '.' + e.className + '#' + e.id + ':' + Math.round(e.getBoundingClientRect().right)).join(' ')", width);
            Assert.True(overflow <= width, $"{name} is {overflow} px wide in a {width} px viewport: {wide}");
            // nothing left unsaid shows as a word of the code
            var text = await page.Locator("main").InnerTextAsync();
            Assert.DoesNotMatch(new System.Text.RegularExpressions.Regex(@"\b(null|undefined|NaN)\b|\[object "), text);
            await page.Context.CloseAsync();
        }
    }
}
