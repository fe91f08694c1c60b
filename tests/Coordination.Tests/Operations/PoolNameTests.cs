using System.Text.RegularExpressions;
using Alba;
using Coordination.Tests.Incidents;
using Coordination.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Wolverine;

namespace Coordination.Tests.Operations;

/// <summary>A host whose connection string carries a password (the test server takes any) and keeps it after opening.</summary>
public sealed class PasswordFixture : IAsyncLifetime
{
    public const string Password = "Rahasia-Pool-7Q";
    public IAlbaHost Host { get; private set; } = null!;
    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        ConnectionString = await TestDatabase.CreateDatabaseAsync() + $";Password={Password};Persist Security Info=true";
        Host = await AlbaHost.For<Program>(builder =>
        {
            builder.UseSetting("ConnectionStrings:Marten", ConnectionString);
            builder.UseSetting("Projections:DaemonMode", "Solo");
            builder.ConfigureServices(services => services.RunWolverineInSoloMode());
        });
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

public class PoolNameTests(PasswordFixture fixture) : IClassFixture<PasswordFixture>
{
    private readonly Api _api = new(fixture.Host);

    [Fact]
    public async Task metrics_name_each_connection_pool_by_a_short_name_never_by_its_connection_string_or_password()
    {
        await _api.ReportedIncident();
        (await _api.Get("/health/ready")).ShouldBe(200);
        (await _api.Get("/api/accounts", Tokens.Admin)).ShouldBe(200);

        var metrics = (await _api.Get("/metrics", Tokens.Admin)).ShouldBe(200).Text;
        var database = new Npgsql.NpgsqlConnectionStringBuilder(fixture.ConnectionString).Database!;
        Assert.DoesNotContain(PasswordFixture.Password, metrics);
        Assert.DoesNotContain("Password=", metrics, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain($"Database={database};", metrics, StringComparison.OrdinalIgnoreCase);
        var pools = Regex.Matches(metrics, "pool_name=\"([^\"]*)\"").Select(m => m.Groups[1].Value).ToHashSet();
        Assert.Contains("coordination", pools);
        Assert.Contains("coordination-accounts", pools);
    }
}
