using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Coordination.Demo;
using Coordination.Infrastructure.Auth;
using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Wolverine;

namespace Coordination.Browser.Tests.Support;

/// <summary>
/// The real service on a real port (Development, its own database holding the demo history) and one headless
/// Chromium, shared by every browser test.
/// </summary>
public sealed class DeskFixture : IAsyncLifetime
{
    public const string Chromium = "/usr/bin/chromium";
    public const string DevelopmentKey = "coordination-development-signing-key-kalbar-61-not-for-production";

    private WebApplicationFactory<Program> _factory = null!;
    private IPlaywright _playwright = null!;
    public IBrowser Browser { get; private set; } = null!;
    public string BaseUrl { get; private set; } = "";
    public IServiceProvider Services => _factory.Services;

    public async Task InitializeAsync()
    {
        var connection = await TestDatabase.CreateDatabaseAsync();
        JasperFx.CommandLine.JasperFxEnvironment.AutoStartHost = true; // Program runs its command line; a test host only serves
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Development");
            web.UseSetting("ConnectionStrings:Marten", connection);
            web.UseSetting("Projections:DaemonMode", "Solo");
            // every page under test signs in from the loopback address
            web.UseSetting("Accounts:SignInAttempts", "1000000");
            // The port is Kestrel's choice (below): without an address of its own the service would check the default port
            // 5000 and refuse to start whenever anything else on the machine listens there.
            web.UseSetting(WebHostDefaults.ServerUrlsKey, "http://127.0.0.1:0");
            web.ConfigureServices(services => services.RunWolverineInSoloMode());
        });
        _factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        _factory.StartServer();
        BaseUrl = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        await new DemoHistory(_factory.Services).LoadAsync();

        _playwright = await Playwright.CreateAsync();
        // as long as a page's own actions may take (SetDefaultTimeout below): a step that waits on the server under a loaded CI
        // machine is slow, not wrong, and Expect's own 5 s made such steps fail now and then
        Assertions.SetDefaultExpectTimeout(15_000);
        Browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true });

        // The first page served and the first sign-in pay for compiling the pipeline, the static files and the routes a
        // desk opens with (JIT): 15 s and more of a loaded machine's time, which made whichever test came first fail on
        // its first navigation now and then. They are paid here, waiting for the signed-in desk itself, so that every
        // test's step budget is spent on its own steps; the limit only ends a start that hangs.
        var first = await SignedInPageAsync("coordinator", timeout: 300_000);
        await first.Context.CloseAsync();
        ConsoleErrors.Remove(first);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
        if (_factory is not null) await _factory.DisposeAsync();
    }

    public static string Token(string role, string? district = null) =>
        DevelopmentTokens.Mint(new AuthOptions { SigningKey = DevelopmentKey }, $"test-{role}", role, district);

    /// <summary>An API client for setting the scene (the pages under test are driven only through the browser).</summary>
    public HttpClient Api(string token)
    {
        var client = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>
    /// An account made by the administrator through the API, with its email and password: the one-time password when asked
    /// for, else the password its person chose after signing in with it, as every account in use has.
    /// </summary>
    public async Task<(string Email, string Password)> AccountAsync(string role, string name, bool oneTime = false)
    {
        var email = $"{role}-{Guid.NewGuid():N}@uji.kalbarprov.go.id";
        var response = await Api(Token("admin")).PostAsJsonAsync("/api/accounts", new { email, name, role });
        response.EnsureSuccessStatusCode();
        var answer = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        var initial = answer.GetProperty("initialPassword").GetString()!;
        if (oneTime) return (email, initial);

        var anonymous = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        var signedIn = await anonymous.PostAsJsonAsync("/api/account/login", new { email, password = initial });
        signedIn.EnsureSuccessStatusCode();
        var token = (await signedIn.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("accessToken").GetString()!;
        var chosen = $"sandi-pilihan-{Guid.NewGuid():N}";
        (await Api(token).PostAsJsonAsync("/api/account/password", new { current = initial, @new = chosen })).EnsureSuccessStatusCode();
        return (email, chosen);
    }

    /// <summary>A new browser context at the sign-in page, signed in as nobody.</summary>
    public async Task<IPage> SignInPageAsync()
    {
        var context = await Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1366, Height = 768 }, BaseURL = BaseUrl });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        await page.GotoAsync("/");
        await page.GetByLabel("Email akun").WaitForAsync();
        return page;
    }

    public async Task<Guid> ReportFloodAsync(string title, string district = "61.05", DateTimeOffset? occurredAt = null)
    {
        var response = await Api(Token(Roles.Coordinator)).PostAsJsonAsync("/api/incidents", new
        {
            district, hazard = "flood", title, occurredAt = occurredAt ?? DateTimeOffset.UtcNow.AddHours(-3), phase = "response",
            villages = new[] { "Baning Kota", "Kapuas Kiri Hilir" },
            affected = new { total = 1200, children = 400, elderly = 100, disabled = 20, pregnant = 10 }
        });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<IdAnswer>())!.Id;
    }

    public async Task<Guid> IssueRequestAsync(Guid incident, string district = "61.05", int count = 1)
    {
        var response = await Api(Token(Roles.Coordinator)).PostAsJsonAsync("/api/requests", new
        {
            incidentId = incident, district, role = "counselor", count, priority = "high", skills = Array.Empty<string>()
        });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<IdAnswer>())!.Id;
    }

    /// <summary>
    /// Requests to the district that it declined, one after another, as many as asked; returns once every notice they made
    /// (one to the district per request, one to the coordinators per answer) was handled, so that the tests after it wait
    /// on their own notices, not behind these.
    /// </summary>
    public async Task DeclinedRequestsAsync(Guid incident, string district, int count)
    {
        var officer = Api(Token(Roles.District, district));
        for (var i = 0; i < count; i++)
        {
            var request = await IssueRequestAsync(incident, district);
            (await officer.PostAsJsonAsync($"/api/requests/{request}/decline", new { reason = $"Tim ke-{i + 1} sedang bertugas" }))
                .EnsureSuccessStatusCode();
        }
        await NoticesHandledAsync();
    }

    /// <summary>
    /// Incidents reported and closed through the API, one after another, as many as asked (closed, so that no dashboard lists
    /// them); returns once every notice they made was handled.
    /// </summary>
    public async Task ClosedIncidentsAsync(string title, string district, int count)
    {
        var coordinator = Api(Token(Roles.Coordinator));
        for (var i = 0; i < count; i++)
        {
            var incident = await ReportFloodAsync($"{title} {i + 1}", district);
            (await coordinator.PostAsJsonAsync($"/api/incidents/{incident}/close", new { summary = "Air sudah surut." })).EnsureSuccessStatusCode();
        }
        await NoticesHandledAsync();
    }

    private async Task NoticesHandledAsync()
    {
        var storage = Services.GetRequiredService<Wolverine.Runtime.IWolverineRuntime>().Storage;
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (await storage.Admin.FetchCountsAsync() is var counts && (counts.Incoming > 0 || counts.Outgoing > 0))
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(60))
                throw new TimeoutException($"Notices still waiting after 60 s: {counts.Incoming} to handle, {counts.Outgoing} to send.");
            await Task.Delay(100);
        }
    }

    /// <summary>
    /// A browser page signed in through the page's own Development "sign in as" form; locale is the browser's own (its
    /// default collation and formats), whatever language the desk shows. <paramref name="at"/> (a hash such as
    /// <c>#/analyst/{id}</c>) is the page asked for before signing in, which the desk opens once signed in: navigating there
    /// afterwards left the role's home page on screen, and clickable, until the asked page had loaded and replaced it.
    /// With <paramref name="clock"/> the page's time is Playwright's, which a test can move on (a command's patience).
    /// </summary>
    public async Task<IPage> SignedInPageAsync(string role, string? district = null, int width = 1366, int height = 768,
        float timeout = 15_000, string? locale = null, string? at = null, bool clock = false)
    {
        var context = await Browser.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = height }, BaseURL = BaseUrl, Locale = locale });
        // The page's timers and clock run on Playwright's clock, which flows as time does until a test moves it on.
        if (clock) await context.Clock.InstallAsync();
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
        page.PageError += (_, error) => errors.Add(error);
        page.SetDefaultTimeout(timeout);
        await page.GotoAsync("/" + at);
        try
        {
            await page.GetByLabel("Peran").WaitForAsync(new() { Timeout = timeout * 2 / 3 });
        }
        catch (TimeoutException)
        {
            throw new InvalidOperationException($"No sign-in form. Errors: {string.Join(" | ", errors)}\n{await page.InnerHTMLAsync("body")}");
        }
        await page.GetByLabel("Peran").SelectOptionAsync(role);
        if (district is not null) await page.GetByLabel("Kabupaten/kota (untuk petugas)").SelectOptionAsync(district);
        await page.GetByRole(AriaRole.Button, new() { Name = "Masuk sebagai", Exact = true }).ClickAsync();
        await page.Locator("main section.panel").First.WaitForAsync();
        ConsoleErrors[page] = errors;
        return page;
    }

    public Dictionary<IPage, List<string>> ConsoleErrors { get; } = [];

    /// <summary>Closes every browser context open (those of the test that just ended), with their pages and live streams.</summary>
    public async Task CloseTestPagesAsync()
    {
        foreach (var context in Browser.Contexts.ToList()) await context.CloseAsync();
        ConsoleErrors.Clear();
    }

    private sealed record IdAnswer(Guid Id);
}

[CollectionDefinition(Name)]
public sealed class DeskCollection : ICollectionFixture<DeskFixture>
{
    public const string Name = "desk";
}
