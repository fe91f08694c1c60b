using Coordination.Browser.Tests.Support;
using Coordination.Demo;
using Microsoft.Playwright;

namespace Coordination.Browser.Tests;

/// <summary>Every control a page shows can be reached with Tab alone, on a 360-px phone, and no page is wider than the phone.</summary>
[Collection(DeskCollection.Name)]
public sealed class KeyboardTests(DeskFixture desk) : DeskTest(desk)
{
    private const string MarkControls = """
        () => {
          const shown = e => e.checkVisibility({ visibilityProperty: true }) && e.getClientRects().length > 0;
          const controls = [...document.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex="0"]')]
            .filter(e => !e.disabled && shown(e) && !(e.type === 'radio' && !e.checked && document.querySelector(`input[type=radio][name="${e.name}"]:checked`)));
          controls.forEach((e, i) => e.dataset.kb = String(i));
          return controls.length;
        }
        """;

    [Theory]
    [InlineData("coordinator", null, "/#/coordinator", "#export-title")]
    [InlineData("coordinator", null, "/#/incident/{flood}", "#close-title")]
    [InlineData("district", "61.05", "/#/district", "#roster-title")]
    [InlineData("analyst", null, "/#/analyst/{flood}", "#analyst-timeline-title")]
    [InlineData("admin", null, "/#/accounts", "#accounts-title")]
    [InlineData("district", "61.05", "/#/account", "#password-title")]
    public async Task every_control_is_reached_with_the_keyboard_on_a_phone(string role, string? district, string path, string lastPanel)
    {
        var page = await Desk.SignedInPageAsync(role, district, width: 360, height: 740);
        var url = path.Replace("{flood}", DemoHistory.SintangFlood.ToString());
        if (!page.Url.EndsWith(url)) await page.GotoAsync(url);
        await page.Locator(lastPanel).WaitForAsync(); // the page asked for is the one shown
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle, new() { Timeout = 5_000 }).ContinueWith(_ => { });
        await Assertions.Expect(page.Locator("main [role=status]:not(.live)")).ToHaveCountAsync(0); // nothing still loading (the live mark is a status of its own)

        // A live update may redraw part of the page during a walk: then the walk starts again on what is shown now.
        int count = 0, reachedCount = 0;
        var missed = "";
        for (var walk = 0; walk < 3; walk++)
        {
            count = await page.EvaluateAsync<int>(MarkControls);
            var reached = new HashSet<string>();
            await page.Locator("body").FocusAsync();
            for (var press = 0; press < count + 30 && reached.Count < count; press++)
            {
                await page.Keyboard.PressAsync("Tab");
                var mark = await page.EvaluateAsync<string?>("() => document.activeElement?.dataset?.kb ?? null");
                if (mark is not null) reached.Add(mark);
            }
            reachedCount = reached.Count;
            if (reachedCount == count) break;
            var redrawn = await page.EvaluateAsync<int>("() => document.querySelectorAll('[data-kb]').length") < count;
            missed = await page.EvaluateAsync<string>(
                "reached => [...document.querySelectorAll('[data-kb]')].filter(e => !reached.includes(e.dataset.kb)).slice(0, 10).map(e => e.outerHTML.slice(0, 120)).join('\\n')",
                reached.ToArray());
            if (!redrawn) break;
        }
        Assert.True(reachedCount == count, $"{reachedCount} of {count} controls reached with Tab; missed:\n{missed}");
        var width = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        var wide = width <= 360 ? "" : await page.EvaluateAsync<string>("() => [...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right > 360).slice(0, 8).map(e => e.tagName + '.' + e.className + ':' + Math.round(e.getBoundingClientRect().right)).join(' ')");
        Assert.True(width <= 360, $"{path} is {width} px wide in a 360 px viewport: {wide}");
        Assert.Empty(Desk.ConsoleErrors[page]);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task a_request_sent_with_the_keyboard_leaves_the_focus_on_its_button()
    {
        var incident = await Desk.ReportFloodAsync("Banjir Fokus Sekadau", "61.09");
        var page = await Desk.SignedInPageAsync("coordinator");
        await page.GotoAsync($"/#/incident/{incident}");
        var form = page.Locator("section[aria-labelledby=request-title] form");
        await form.Locator("select[name=district]").SelectOptionAsync("61.09");
        var send = form.GetByRole(AriaRole.Button, new() { Name = "Kirim permintaan" });
        await send.FocusAsync();
        await page.Keyboard.PressAsync("Enter");

        await Assertions.Expect(page.Locator("#toast")).ToHaveTextAsync("Permintaan terkirim.");
        await Assertions.Expect(page.Locator("table.list tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(send).ToBeFocusedAsync(); // where it was lost to the page when the button was busy
        Assert.Empty(Desk.ConsoleErrors[page]);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task a_request_accepted_with_the_keyboard_leaves_the_focus_on_its_card()
    {
        var incident = await Desk.ReportFloodAsync("Banjir Fokus Landak", "61.08");
        var request = await Desk.IssueRequestAsync(incident, "61.08");
        var page = await Desk.SignedInPageAsync("district", "61.08");
        var card = page.Locator($"[data-request='{request}']");
        await card.GetByRole(AriaRole.Button, new() { Name = "Terima" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");

        await Assertions.Expect(card.Locator(".badge.request-accepted")).ToHaveTextAsync("Diterima");
        await Assertions.Expect(card).ToBeFocusedAsync(); // the card rebuilt without its buttons takes the focus they had
        await page.Keyboard.PressAsync("Tab");
        Assert.True(await card.EvaluateAsync<bool>("card => card.compareDocumentPosition(document.activeElement) & Node.DOCUMENT_POSITION_FOLLOWING"),
            "Tab goes on from the card, not from the top of the page");
        Assert.Empty(Desk.ConsoleErrors[page]);
        await page.Context.CloseAsync();
    }
}
