using Alba;
using Coordination.Infrastructure.Hosting;
using Coordination.Infrastructure.Http;
using Coordination.Tests.Incidents;
using Coordination.Tests.Support;
using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Wolverine;

namespace Coordination.Tests.Reliability;

/// <summary>A host whose store has one connection and waits one second for it: the test holds that connection.</summary>
public sealed class TinyPoolFixture : IAsyncLifetime
{
    public IAlbaHost Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var connectionString = await TestDatabase.CreateDatabaseAsync();
        Host = await AlbaHost.For<Program>(builder =>
        {
            builder.UseSetting("ConnectionStrings:Marten", connectionString + ";Maximum Pool Size=1;Timeout=1");
            builder.UseSetting("Projections:DaemonMode", "Solo");
            builder.ConfigureServices(services => services.RunWolverineInSoloMode());
        });
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

public class DatabaseBusyTests(TinyPoolFixture fixture) : IClassFixture<TinyPoolFixture>
{
    private readonly Api _api = new(fixture.Host);

    [Fact]
    public async Task a_pool_with_every_connection_in_use_is_a_503_database_busy_with_retry_after_counted_and_served_again_once_free()
    {
        var incident = await _api.ReportedIncident();

        var store = fixture.Host.Services.GetRequiredService<IDocumentStore>();
        await using (var held = store.Storage.Database.CreateConnection())
        {
            await held.OpenAsync();
            foreach (var language in new[] { "id", "en" })
            {
                var busy = (await _api.Get($"/api/incidents/{incident}", Tokens.Coordinator,
                    new Dictionary<string, string> { ["Accept-Language"] = language })).ShouldBeProblem(503);
                Assert.Equal("database-busy", busy.Body!["code"]!.GetValue<string>());
                Assert.Equal("2", busy.Headers["Retry-After"]);
                Assert.Contains(language == "id" ? "sibuk" : "busy", busy.Detail);
                Assert.DoesNotContain(language == "id" ? "tidak dapat dihubungi" : "cannot be reached", busy.Detail);
            }

            var refused = (await _api.Post("/api/incidents", IncidentScenarios.Flood(), Tokens.Coordinator)).ShouldBeProblem(503);
            Assert.Equal("database-busy", refused.Body!["code"]!.GetValue<string>());
        }

        // Served again once the connection is free. The one connection is shared with the views' daemon and Wolverine's agents,
        // which queued for it while it was held; on a loaded machine they may keep it past the request's one second of waiting.
        var served = System.Diagnostics.Stopwatch.StartNew();
        Response again;
        while ((again = await _api.Get($"/api/incidents/{incident}", Tokens.Coordinator)).Status == 503 && served.Elapsed < TimeSpan.FromSeconds(30)) { }
        again.ShouldBe(200);
        var metrics = (await _api.Get("/metrics", Tokens.Admin)).ShouldBe(200).Text;
        Assert.Matches("coordination_problems_total\\{[^}]*code=\"database-busy\"[^}]*http_response_status_code=\"503\"", metrics);
    }

    [Fact]
    public async Task npgsql_s_own_exceptions_tell_a_busy_pool_from_a_database_that_cannot_be_reached()
    {
        var connectionString = await TestDatabase.CreateDatabaseAsync();
        await using var tiny = NpgsqlDataSource.Create(connectionString + ";Maximum Pool Size=1;Timeout=1");
        await using var held = await tiny.OpenConnectionAsync();
        var exhausted = await Assert.ThrowsAnyAsync<NpgsqlException>(async () => await tiny.OpenConnectionAsync());
        Assert.Equal("database-busy", ExceptionProblems.Map(exhausted)!.Extensions[Problems.CodeMember]);

        // a port nothing listens on: refused at once, as a stopped server is
        var closed = new NpgsqlConnectionStringBuilder(connectionString) { Port = LoopbackPort.Free(), Timeout = 2, Pooling = false };
        await using var nowhere = new NpgsqlConnection(closed.ConnectionString);
        var unreachable = await Assert.ThrowsAnyAsync<NpgsqlException>(() => nowhere.OpenAsync());
        var problem = ExceptionProblems.Map(unreachable)!;
        Assert.Equal(503, problem.Status);
        Assert.Equal("database-unavailable", problem.Extensions[Problems.CodeMember]);
    }
}
