using System.Net;
using System.Text.Json.Nodes;
using Alba;
using Coordination.Infrastructure.Hosting;
using Coordination.Infrastructure.Http;
using Coordination.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Wolverine;

namespace Coordination.Tests.Accounts;

/// <summary>Sign-in attempts per client address, on a host of its own with a limit of three per ten minutes behind one named proxy.</summary>
public class SignInLimitTests : IAsyncLifetime
{
    private const string Proxy = "10.20.30.40";
    private IAlbaHost _host = null!;

    public async Task InitializeAsync()
    {
        var connectionString = await TestDatabase.CreateDatabaseAsync();
        _host = await AlbaHost.For<Program>(builder =>
        {
            builder.UseSetting("ConnectionStrings:Marten", connectionString);
            builder.UseSetting("Projections:DaemonMode", "Solo");
            builder.UseSetting("Logging:Console:LogLevel:Default", "Warning");
            builder.UseSetting("Accounts:SignInAttempts", "3");
            builder.UseSetting("Accounts:SignInWindow", "00:10:00");
            builder.UseSetting("Network:TrustedProxies", Proxy);
            builder.ConfigureServices(services => services.RunWolverineInSoloMode());
        });
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<(int Status, JsonNode? Body, string? RetryAfter)> Post(string url, object body, string from, string? forwardedFor = null)
    {
        var result = await _host.Scenario(s =>
        {
            s.Post.Json(body).ToUrl(url);
            s.ConfigureHttpContext(http => http.Connection.RemoteIpAddress = IPAddress.Parse(from));
            s.WithRequestHeader("Accept-Language", "id");
            if (forwardedFor is not null) s.WithRequestHeader("X-Forwarded-For", forwardedFor);
            s.IgnoreStatusCode();
        });
        var text = await result.ReadAsTextAsync();
        return (result.Context.Response.StatusCode, string.IsNullOrEmpty(text) ? null : JsonNode.Parse(text),
            result.Context.Response.Headers.RetryAfter.ToString());
    }

    private Task<(int Status, JsonNode? Body, string? RetryAfter)> Login(string from, string? forwardedFor = null) =>
        Post("/api/account/login", new { email = AccountScenarios.NewEmail("tebakan"), password = "tebakan-kata-sandi" }, from, forwardedFor);

    [Fact]
    public async Task one_address_trying_many_accounts_gets_429_with_the_wait_in_seconds_and_other_addresses_go_on()
    {
        for (var i = 0; i < 3; i++) Assert.Equal(401, (await Login("192.0.2.10")).Status);

        var refused = await Login("192.0.2.10");
        Assert.Equal(429, refused.Status);
        Assert.Equal("too-many-sign-ins", refused.Body!["code"]!.GetValue<string>());
        var seconds = int.Parse(refused.RetryAfter!);
        Assert.InRange(seconds, 1, 600);
        Assert.Contains($"coba lagi dalam {seconds} detik", refused.Body!["detail"]!.GetValue<string>());
        Assert.Equal(429, (await Post("/api/account/refresh", new { refreshToken = "CfDJ8tebakan" }, "192.0.2.10")).Status);
        // a forwarded address from a client that is not the named proxy is not believed
        Assert.Equal(429, (await Login("192.0.2.10", forwardedFor: "198.51.100.99")).Status);

        Assert.Equal(401, (await Login("192.0.2.11")).Status);
        Assert.Equal(401, (await Login("2001:db8:1:2::5")).Status);
    }

    [Fact]
    public async Task behind_the_named_proxy_each_forwarded_client_is_counted_on_its_own()
    {
        for (var i = 0; i < 3; i++) Assert.Equal(401, (await Login(Proxy, forwardedFor: "198.51.100.1")).Status);
        Assert.Equal(429, (await Login(Proxy, forwardedFor: "198.51.100.1")).Status);
        Assert.Equal(429, (await Login(Proxy, forwardedFor: "203.0.113.50, 198.51.100.1")).Status);
        Assert.Equal(401, (await Login(Proxy, forwardedFor: "198.51.100.2")).Status);
    }

    [Fact]
    public void a_trusted_proxy_that_is_no_address_stops_the_start_in_indonesian()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            { ["Network:TrustedProxies"] = "10.0.0.5, 10.1.0.0/16, proxy.kalbar" }).Build();
        var problem = Assert.Throws<StartupProblem>(() => ClientAddresses.TrustedProxies(configuration));
        Assert.Equal(StartupProblem.ConfigurationExitCode, problem.ExitCode);
        Assert.Contains("proxy.kalbar", problem.Message);
        Assert.Contains("bukan alamat IP", problem.Message);

        var listed = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            { ["Network:TrustedProxies:0"] = "10.0.0.5", ["Network:TrustedProxies:1"] = "fd00::/8" }).Build();
        Assert.Equal(2, ClientAddresses.TrustedProxies(listed).Count);
    }
}
