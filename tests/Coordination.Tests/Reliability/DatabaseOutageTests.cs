using System.Diagnostics;
using Alba;
using Coordination.Infrastructure.Postgres;
using Coordination.Tests.Incidents;
using Coordination.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;

namespace Coordination.Tests.Reliability;

/// <summary>A host on a PostgreSQL of its own, which the test stops and starts again.</summary>
public sealed class OutageFixture : IAsyncLifetime
{
    public EmbeddedPostgres Postgres { get; private set; } = null!;
    public IAlbaHost Host { get; private set; } = null!;
    public CapturedLogs Logs { get; } = new();

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(TestDatabase.Root);
        Postgres = await EmbeddedPostgres.StartAsync(Path.Combine(TestDatabase.Root, $"outage-{Guid.NewGuid():N}"));
        Host = await AlbaHost.For<Program>(builder =>
        {
            builder.UseSetting("ConnectionStrings:Marten", Postgres.ConnectionString + ";Timeout=5");
            builder.UseSetting("Projections:DaemonMode", "Solo");
            builder.UseSetting("Operations:OutageLogSeconds", "1");
            builder.UseSetting("Logging:Console:LogLevel:Default", "None");
            builder.ConfigureServices(services =>
            {
                services.RunWolverineInSoloMode();
                services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(Logs);
            });
        });
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Postgres.StopAsync();
    }
}

public class DatabaseOutageTests(OutageFixture fixture) : IClassFixture<OutageFixture>
{
    private readonly Api _api = new(fixture.Host);

    [Fact]
    public async Task with_postgres_down_commands_get_503_quickly_ready_fails_and_service_resumes_when_it_returns()
    {
        var incident = await _api.ReportedIncident();
        (await _api.Get("/health/ready")).ShouldBe(200);

        await fixture.Postgres.StopAsync();
        var clock = Stopwatch.StartNew();
        var assessment = new { villages = new[] { "Baning Kota" }, affected = new { total = 10, children = 1, elderly = 1, disabled = 0, pregnant = 0 } };
        for (var i = 0; i < 3; i++)
        {
            var refused = (await _api.Post($"/api/incidents/{incident}/assessments", assessment, Tokens.Coordinator)).ShouldBeProblem(503);
            Assert.Equal("database-unavailable", refused.Body!["code"]!.GetValue<string>());
            Assert.Equal("5", refused.Headers["Retry-After"]);
        }

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"503 took {clock.Elapsed}");
        (await _api.Post("/api/incidents", IncidentScenarios.Flood(), Tokens.Coordinator)).ShouldBeProblem(503);
        Assert.Equal("not-ready", (await _api.Get("/health/ready")).ShouldBeProblem(503).Body!["code"]!.GetValue<string>());
        (await _api.Get("/health/live")).ShouldBe(200);

        await fixture.Postgres.StartAsync();
        var resumed = await Eventually(() => _api.Post($"/api/incidents/{incident}/assessments", assessment, Tokens.Coordinator), r => r.Status == 200);
        Assert.Equal(2, resumed.Version);
        (await _api.Get("/health/ready")).ShouldBe(200);
    }

    /// <summary>Retries until the condition holds: pooled connections broken by the outage are replaced on first use.</summary>
    private static async Task<Response> Eventually(Func<Task<Response>> send, Func<Response, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var response = await send();
            if (done(response) || DateTime.UtcNow > deadline) return response;
            Assert.True(response.Status is 503, response.Text);
        }
    }
}

public class OutageLogTests(OutageFixture fixture) : IClassFixture<OutageFixture>
{
    private readonly Api _api = new(fixture.Host);

    [Fact]
    public async Task an_outage_logs_the_first_failure_of_each_source_with_its_stack_then_a_count_per_interval_and_one_line_when_it_ends()
    {
        var incident = await _api.ReportedIncident();
        await fixture.Postgres.StopAsync();
        var assessment = new { villages = new[] { "Baning Kota" }, affected = new { total = 10, children = 1, elderly = 1, disabled = 0, pregnant = 0 } };
        for (var i = 0; i < 6; i++)
            (await _api.Post($"/api/incidents/{incident}/assessments", assessment, Tokens.Coordinator)).ShouldBeProblem(503);

        var counted = await Logged(l => l.Contains("Coordination.Outage: Database unreachable:") && l.Contains("more failures in the last 1 s") &&
                                         l.Contains("Coordination.Infrastructure.Http.ExceptionProblems"));
        Assert.Single(Lines(l => l.Contains("Coordination.Outage: Database unreachable since")));
        // six 503s: the first with its exception, the other five counted
        Assert.Single(Lines(l => l.StartsWith("Warning Coordination.Infrastructure.Http.ExceptionProblems: Answered 503")));
        Assert.Matches("ExceptionProblems [1-5]\\b", counted);
        // every source wrote its first failure only: no source wrote a stack trace twice
        var traced = Lines(l => l.Contains("   at ")).Select(l => l[..l.IndexOf(':')]).ToList();
        Assert.Equal(traced.Distinct().Count(), traced.Count);

        await fixture.Postgres.StartAsync();
        while ((await _api.Post($"/api/incidents/{incident}/assessments", assessment, Tokens.Coordinator)).Status != 200) { }
        await Logged(l => l.Contains("Coordination.Outage: The database answers again"));
    }

    private List<string> Lines(Func<string, bool> which) => fixture.Logs.Lines.Where(which).ToList();

    /// <summary>The first line that matches, once it is logged (the count comes with the interval's end).</summary>
    private async Task<string> Logged(Func<string, bool> which)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (fixture.Logs.Lines.FirstOrDefault(which) is { } line) return line;
            Assert.True(DateTime.UtcNow < deadline, "not logged; the log:\n" + string.Join("\n", fixture.Logs.Lines.Select(l => l.Split('\n')[0])));
            await Task.Delay(100);
        }
    }
}
