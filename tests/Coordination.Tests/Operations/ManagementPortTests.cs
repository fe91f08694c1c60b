using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Coordination.Infrastructure.Hosting;
using Coordination.Tests.Support;

namespace Coordination.Tests.Operations;

/// <summary>
/// README (Operations, Metrics and traces): with Metrics:ManagementPort naming one of the service's --urls ports, a scraper reads
/// /metrics there without a token, and that port serves nothing else but the health checks; elsewhere /metrics stays the admin's.
/// </summary>
public class ManagementPortTests
{
    [Fact]
    public async Task the_management_port_answers_metrics_without_a_token_and_nothing_but_metrics_and_health()
    {
        var (service, management) = ($"http://127.0.0.1:{ServiceProcess.FreePort()}", $"http://127.0.0.1:{ServiceProcess.FreePort()}");
        var environment = new Dictionary<string, string?>
        {
            ["ConnectionStrings__Marten"] = await TestDatabase.CreateDatabaseAsync(),
            ["Metrics__ManagementPort"] = new Uri(management).Port.ToString()
        };
        await using var process = ServiceProcess.StartOn(service, environment, "--urls", $"{service};{management}");
        await process.WaitUntilReadyAsync();
        using var http = new HttpClient();

        var scraped = await http.GetAsync($"{management}/metrics");
        Assert.Equal(HttpStatusCode.OK, scraped.StatusCode);
        Assert.Contains("http_server_request_duration_seconds", await scraped.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"{management}/health/ready")).StatusCode);

        // the service's own port: the admin's, as without a management port
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync($"{service}/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Get(http, $"{service}/metrics", Tokens.Coordinator)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Get(http, $"{service}/metrics", Tokens.Admin)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Get(http, $"{service}/api/incidents", Tokens.Coordinator)).StatusCode);

        // the management port serves neither the API (a valid token changes nothing) nor the desk
        foreach (var path in new[] { "/api/incidents", "/", "/swagger/index.html" })
        {
            var refused = await Get(http, $"{management}{path}", Tokens.Coordinator);
            Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
            var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal("management-port-only", problem.GetProperty("code").GetString());
            Assert.Contains("port pengelolaan", problem.GetProperty("detail").GetString());
        }
    }

    [Fact]
    public async Task a_management_port_that_is_not_among_the_addresses_or_is_the_only_one_stops_the_start()
    {
        var port = ServiceProcess.FreePort();
        var environment = new Dictionary<string, string?> { ["ConnectionStrings__Marten"] = "Host=127.0.0.1;Port=1;Database=none" };
        foreach (var (managementPort, urls) in new[]
                 {
                     ("9464", $"http://127.0.0.1:{port}"), // not listened on
                     (port.ToString(), $"http://127.0.0.1:{port}"), // the API's own and only port: /metrics open to all, no API
                     ("metrics", $"http://127.0.0.1:{port}")
                 })
        {
            environment["Metrics__ManagementPort"] = managementPort;
            var (exit, stdout, stderr) = await ServiceProcess.RunAsync(environment, "--urls", urls);
            Assert.True(exit == StartupProblem.ConfigurationExitCode, $"{managementPort} on {urls}: exit {exit}\n{stderr}{stdout}");
            Assert.Contains($"Metrics:ManagementPort \"{managementPort}\" harus berupa nomor port yang juga disebut --urls", stderr);
            Assert.DoesNotContain("   at ", stderr);
        }
    }

    private static Task<HttpResponseMessage> Get(HttpClient http, string url, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http.SendAsync(request);
    }
}
