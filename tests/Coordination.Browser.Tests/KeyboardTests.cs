using Coordination.Browser.Tests.Support;
using Coordination.Demo;
using Microsoft.Playwright;

namespace Coordination.Browser.Tests;

/// <summary>Every control a page shows can be reached with Tab alone, on a 360-px phone, and no page is wider than the phone.</summary>
[Collection(DeskCollection.Name)]
public sealed class KeyboardTests(DeskFixture desk)
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
    [InlineData("coordinator", null, "/#/coordinator")]
    [InlineData("coordinator", null, "/#/incident/{flood}")]
    [InlineData("district", "61.05", "/#/district")]
    [InlineData("analyst", null, "/#/analyst/{flood}")]
    public async Task every_control_is_reached_with_the_keyboard_on_a_phone(string role, string? district, string path)
    {
        var page = await desk.SignedInPageAsync(role, district, width: 360, height: 740);
        var url = path.Replace("{flood}", DemoHistory.SintangFlood.ToString());
        if (!page.Url.EndsWith(url)) await page.GotoAsync(url);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle, new() { Timeout = 5_000 }).ContinueWith(_ => { });
        await Assertions.Expect(page.Locator("main [role=status]")).ToHaveCountAsync(0); // nothing still loading

        var count = await page.EvaluateAsync<int>(MarkControls);
        var reached = new HashSet<string>();
        await page.Locator("body").FocusAsync();
        for (var press = 0; press < count + 30 && reached.Count < count; press++)
        {
            await page.Keyboard.PressAsync("Tab");
            var mark = await page.EvaluateAsync<string?>("() => document.activeElement?.dataset?.kb ?? null");
            if (mark is not null) reached.Add(mark);
        }

        var missed = await page.EvaluateAsync<string>(
            "reached => [...document.querySelectorAll('[data-kb]')].filter(e => !reached.includes(e.dataset.kb)).slice(0, 10).map(e => e.outerHTML.slice(0, 120)).join('\\n')",
            reached.ToArray());
        Assert.True(reached.Count == count, $"{reached.Count} of {count} controls reached with Tab; missed:\n{missed}");
        var width = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        var wide = width <= 360 ? "" : await page.EvaluateAsync<string>("() => [...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right > 360).slice(0, 8).map(e => e.tagName + '.' + e.className + ':' + Math.round(e.getBoundingClientRect().right)).join(' ')");
        Assert.True(width <= 360, $"{path} is {width} px wide in a 360 px viewport: {wide}");
        Assert.Empty(desk.ConsoleErrors[page]);
        await page.Context.CloseAsync();
    }
}
