using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Coordination.Tests.Support;

namespace Coordination.Tests.Languages;

/// <summary>
/// The service as its own process behind Kestrel, with the globalization it ships with (invariant): languages by region tag,
/// an over-long address as a problem, and a client's bad JSON never logged as an error.
/// </summary>
public class ServiceLanguageTests
{
    [Fact]
    public async Task the_shipped_service_answers_by_region_tag_else_in_its_configured_language_and_every_error_is_problem_json()
    {
        var environment = new Dictionary<string, string?>
        {
            ["ConnectionStrings__Marten"] = await TestDatabase.CreateDatabaseAsync(), ["Localization__Default"] = "en"
        };
        await using var service = ServiceProcess.Start(environment);
        await service.WaitUntilReadyAsync();
        using var http = new HttpClient { BaseAddress = new Uri(service.Url) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Tokens.Coordinator);

        async Task<(HttpStatusCode Status, string? Type, JsonNode? Body)> Send(HttpRequestMessage request)
        {
            using var answer = await http.SendAsync(request);
            var text = await answer.Content.ReadAsStringAsync();
            return (answer.StatusCode, answer.Content.Headers.ContentType?.MediaType, text.Length > 0 ? JsonNode.Parse(text) : null);
        }

        var missing = new HttpRequestMessage(HttpMethod.Get, $"/api/incidents/{Guid.CreateVersion7()}") { Headers = { { "Accept-Language", "id-ID" } } };
        var (status, type, body) = await Send(missing);
        Assert.Equal((HttpStatusCode.NotFound, "application/problem+json"), (status, type));
        Assert.Equal("Tidak ditemukan", body!["title"]!.GetValue<string>());

        (status, _, body) = await Send(new HttpRequestMessage(HttpMethod.Get, $"/api/incidents/{Guid.CreateVersion7()}"));
        Assert.Equal("Not found", body!["title"]!.GetValue<string>());

        var english = new HttpRequestMessage(HttpMethod.Get, "/api/incidents?hazard=tsunami") { Headers = { { "Accept-Language", "en-GB" } } };
        (status, _, body) = await Send(english);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("must be one of: flood, flash-flood", body!["detail"]!.GetValue<string>());

        var tooLong = new HttpRequestMessage(HttpMethod.Get, "/api/" + new string('a', 9_000)) { Headers = { { "Accept", "application/xml" } } };
        (status, type, body) = await Send(tooLong);
        Assert.Equal((HttpStatusCode.RequestUriTooLong, "application/problem+json"), (status, type));
        Assert.Equal("uri-too-long", body!["code"]!.GetValue<string>());

        // Kestrel lets larger headers through than the service takes, so that the answer is the service's problem, not an empty 431
        var bigHeaders = new HttpRequestMessage(HttpMethod.Get, "/api/incidents") { Headers = { { "X-Note", new string('x', 40_000) } } };
        (status, type, body) = await Send(bigHeaders);
        Assert.Equal((HttpStatusCode.RequestHeaderFieldsTooLarge, "application/problem+json"), (status, type));
        Assert.Equal("headers-too-large", body!["code"]!.GetValue<string>());

        var badJson = new HttpRequestMessage(HttpMethod.Post, "/api/incidents") { Content = new StringContent("{\"hazard\": tsunami", Encoding.UTF8, "application/json") };
        (status, _, body) = await Send(badJson);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid-json", body!["code"]!.GetValue<string>());

        await service.StopAsync();
        var (_, stdout, stderr) = await service.ExitAsync(TimeSpan.FromSeconds(30));
        Assert.Contains("Refused a body that is not the JSON /api/incidents expects (invalid-json)", stdout);
        Assert.DoesNotContain("fail:", stdout + stderr);
    }
}
