using System.Net.Http.Json;
using System.Text.Json;
using Coordination.Browser.Tests.Support;
using Microsoft.Playwright;

namespace Coordination.Browser.Tests;

/// <summary>
/// Names as people type them, at their longest and oddest (one long word, markup, quotes, emoji): shown as text, never run,
/// and wrapped inside a 360-px phone.
/// </summary>
[Collection(DeskCollection.Name)]
public sealed class LongContentTests(DeskFixture desk) : DeskTest(desk)
{
    private static readonly string Title = ("Banjir<script>window.ran=1</script>\"'😀" + string.Concat(Enumerable.Repeat("BanjirBandangSungaiKayan", 10)))[..200];
    private static readonly string Village = string.Concat(Enumerable.Repeat("DesaSungaiKayanHulu", 5))[..90] + "<b>😀</b>";
    private static readonly string Person = ("Siti<img src=x onerror=window.ran=1>\"'🙂" + string.Concat(Enumerable.Repeat("Nurhaliza", 15)))[..120];

    [Fact]
    public async Task a_title_village_and_person_of_one_long_word_with_markup_and_emoji_show_as_text_and_wrap_on_a_phone()
    {
        var coordinator = Desk.Api(DeskFixture.Token("coordinator"));
        var reported = await coordinator.PostAsJsonAsync("/api/incidents", new
        {
            district = "61.07", hazard = "flood", title = Title, occurredAt = DateTimeOffset.UtcNow.AddHours(-2), phase = "response",
            villages = new[] { Village, "Nanga Tayap" },
            affected = new { total = 5000, children = 1000, elderly = 100, disabled = 20, pregnant = 10 }
        });
        reported.EnsureSuccessStatusCode();
        var incident = (await reported.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var officer = Desk.Api(DeskFixture.Token("district", "61.07"));
        (await officer.PostAsJsonAsync("/api/districts/61.07/personnel", new { name = Person, role = "counselor", skills = new[] { "referral" } }))
            .EnsureSuccessStatusCode();
        var request = await Desk.IssueRequestAsync(incident, "61.07", count: 1);
        (await officer.PostAsJsonAsync($"/api/requests/{request}/accept", new { count = 1 })).EnsureSuccessStatusCode();

        try
        {
            foreach (var (role, district, path) in new[]
                     {
                         ("coordinator", (string?)null, "/#/coordinator"), ("coordinator", null, $"/#/incident/{incident}"),
                         ("district", "61.07", "/#/district"), ("analyst", null, $"/#/analyst/{incident}")
                     })
            {
                var page = await Desk.SignedInPageAsync(role, district, width: 360, height: 740);
                if (!page.Url.EndsWith(path)) await page.GotoAsync(path);
                await Assertions.Expect(page.Locator("main")).ToContainTextAsync(Title);
                if (role == "district")
                {
                    await Assertions.Expect(page.Locator($"[data-request='{request}']")).ToContainTextAsync(Title);
                    await Assertions.Expect(page.Locator("ul.roster").GetByText(Person)).ToBeVisibleAsync();
                    await page.Locator("section[aria-labelledby=deploy-title] select[name=request]").SelectOptionAsync(request.ToString());
                }
                await page.WaitForLoadStateAsync(LoadState.NetworkIdle, new() { Timeout = 3_000 }).ContinueWith(_ => { });
                var width = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
                var wide = width <= 360 ? "" : await page.EvaluateAsync<string>(
                    "() => [...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right > 360).slice(0, 6).map(e => e.tagName + '.' + e.className).join(' ')");
                Assert.True(width <= 360, $"{path} is {width} px wide on a 360-px phone: {wide}");
                Assert.False(await page.EvaluateAsync<bool>("() => window.ran === 1"), $"markup in a name ran on {path}");
                Assert.Empty(Desk.ConsoleErrors[page]);
                await page.Context.CloseAsync();
            }
        }
        finally
        {
            var read = await coordinator.GetAsync($"/api/incidents/{incident}");
            var close = new HttpRequestMessage(HttpMethod.Post, $"/api/incidents/{incident}/close") { Content = JsonContent.Create(new { summary = "Selesai" }) };
            close.Headers.TryAddWithoutValidation("If-Match", read.Headers.ETag?.Tag);
            await coordinator.SendAsync(close);
        }
    }

    [Fact]
    public async Task on_a_phone_no_label_of_a_card_of_the_incident_s_requests_coverage_and_timeline_is_broken_inside_a_word()
    {
        var incident = await Desk.ReportFloodAsync("Banjir Sungai Ketungau, Sintang", "61.05");
        var request = await Desk.IssueRequestAsync(incident, "61.05", count: 2);
        // an officer whose account name is long, as a real one's is
        var officer = Desk.Api(Coordination.Infrastructure.Auth.DevelopmentTokens.Mint(
            new Coordination.Infrastructure.Auth.AuthOptions { SigningKey = DeskFixture.DevelopmentKey }, "petugas-ldp-kabupaten-sintang-61.05", "district", "61.05"));
        (await officer.PostAsJsonAsync($"/api/requests/{request}/accept", new { count = 2 })).EnsureSuccessStatusCode();

        var page = await Desk.SignedInPageAsync("coordinator", width: 360, height: 740);
        await page.GotoAsync($"/#/incident/{incident}");
        await Assertions.Expect(page.Locator("section[aria-labelledby=timeline-title] tbody tr")).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator($"tr[data-request='{request}']")).ToContainTextAsync("Diterima");
        // each label (drawn before its value) at least as wide as its longest word: the value wraps, never the label's word
        var broken = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('table.stacked td[data-label]')].filter(td => td.offsetParent).flatMap(td => {
              const before = getComputedStyle(td, '::before');
              const measure = document.createElement('canvas').getContext('2d');
              measure.font = `${before.fontWeight} ${before.fontSize} ${before.fontFamily}`;
              const longest = Math.max(...td.dataset.label.split(/\s+/).map(w => measure.measureText(w).width));
              return parseFloat(before.width) + 0.5 < longest ? [`${td.dataset.label}: ${before.width} < ${longest}`] : [];
            })
            """);
        Assert.Empty(broken);
        Assert.Empty(Desk.ConsoleErrors[page]);
    }
}
