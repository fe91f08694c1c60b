using System.Diagnostics;
using Alba;
using Coordination.Infrastructure.Postgres;
using Coordination.Tests.Incidents;
using Coordination.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Wolverine;

namespace Coordination.Tests.Reliability;

/// <summary>A host on a PostgreSQL of its own, which the test stops and starts again.</summary>
public sealed class OutageFixture : IAsyncLifetime
{
    public EmbeddedPostgres Postgres { get; private set; } = null!;
    public IAlbaHost Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(TestDatabase.Root);
        Postgres = await EmbeddedPostgres.StartAsync(Path.Combine(TestDatabase.Root, $"outage-{Guid.NewGuid():N}"));
        Host = await AlbaHost.For<Program>(builder =>
        {
            builder.UseSetting("ConnectionStrings:Marten", Postgres.ConnectionString + ";Timeout=5");
            builder.UseSetting("Projections:DaemonMode", "Solo");
            builder.ConfigureServices(services => services.RunWolverineInSoloMode());
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
