using Microsoft.Playwright;

namespace Coordination.Browser.Tests.Support;

/// <summary>
/// The page's own count of its fetches of one address, taken as each is sent. With the page's clock paused, "nothing more is
/// read" is then exact: the clock is moved past the timers that would read, and the count is compared once the page has run
/// what those timers started, with no wait for something that must not come.
/// </summary>
public static class Fetches
{
    /// <summary>From now on, counts the fetches of addresses that contain <paramref name="part"/>.</summary>
    public static Task CountAsync(IPage page, string part) => page.EvaluateAsync(@"part => {
        const original = window.fetch;
        window.__fetches = 0;
        window.fetch = (input, init) => {
            if ((typeof input === 'string' ? input : input.url).includes(part)) window.__fetches++;
            return original(input, init);
        };
    }", part);

    /// <summary>
    /// The count, read in a task of the page's own after those already queued: the timers just fired and the promises they
    /// resolved have run by then (a message port's task, which the page's fake clock does not hold back).
    /// </summary>
    public static Task<int> SoFarAsync(IPage page) => page.EvaluateAsync<int>(@"() => new Promise(resolve => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => resolve(window.__fetches);
        channel.port2.postMessage(0);
    })");

    /// <summary>
    /// Moves the page's paused clock on by <paramref name="every"/> ms until the page has read again (<paramref name="readAgain"/>
    /// done): a move may come before the page, still reading, has set the timer it then waits on.
    /// </summary>
    public static async Task ReadAgainAsync(IPage page, Task readAgain, int every)
    {
        for (var moved = 0; moved < 10 && !readAgain.IsCompleted; moved++)
        {
            await page.Clock.RunForAsync(every);
            await Task.WhenAny(readAgain, Task.Delay(1_000));
        }
        await readAgain.WaitAsync(TimeSpan.FromSeconds(1));
    }

    /// <summary>
    /// The answer whole, for a route that rewrites it: the page sends the tag of its last answer, and an unchanged answer
    /// would be a 304 with nothing to rewrite.
    /// </summary>
    public static Task<IAPIResponse> WholeAsync(IRoute route)
    {
        var headers = route.Request.Headers.Where(h => !h.Key.Equals("if-none-match", StringComparison.OrdinalIgnoreCase))
            .ToDictionary(h => h.Key, h => h.Value);
        return route.FetchAsync(new() { Headers = headers });
    }
}
