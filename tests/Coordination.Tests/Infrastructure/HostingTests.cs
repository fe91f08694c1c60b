using System.Text.Json.Nodes;
using Coordination.Tests.Support;

namespace Coordination.Tests.Infrastructure;

public class HostingTests(AppFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public async Task health_is_live_and_ready_without_a_token()
    {
        (await Api.Get("/health/live")).ShouldBe(200);
        (await Api.Get("/health/ready")).ShouldBe(200);
    }

    [Fact]
    public async Task the_openapi_document_lists_every_incident_route_with_schemas_and_the_bearer_scheme()
    {
        var swagger = JsonNode.Parse((await Api.Get("/swagger/v1/swagger.json")).ShouldBe(200).Text)!;
        var paths = swagger["paths"]!.AsObject();
        string[] commands =
        [
            "/api/incidents", "/api/incidents/{id}/assessments", "/api/incidents/{id}/phase",
            "/api/incidents/{id}/emergency-status", "/api/incidents/{id}/close"
        ];
        foreach (var path in commands)
        {
            var post = paths[path]?["post"] ?? throw new Xunit.Sdk.XunitException($"{path} is not documented");
            Assert.NotNull(post["requestBody"]?["content"]?["application/json"]?["schema"]);
            var success = post["responses"]!.AsObject().First(r => r.Key.StartsWith('2')).Value!;
            Assert.NotNull(success["content"]?["application/json"]?["schema"]);
        }

        Assert.NotNull(paths["/api/incidents/{id}"]?["get"]?["responses"]?["200"]?["content"]?["application/json"]?["schema"]);
        Assert.NotNull(paths["/api/incidents"]?["get"]);
        Assert.NotNull(swagger["components"]?["securitySchemes"]?["bearer"]);
        Assert.Contains("flash-flood", swagger["components"]!["schemas"]!.ToJsonString());
    }

    [Fact]
    public async Task every_operation_says_what_it_is_and_every_problem_it_can_answer_with_its_headers_and_examples()
    {
        var swagger = JsonNode.Parse((await Api.Get("/swagger/v1/swagger.json")).ShouldBe(200).Text)!;
        Assert.NotEmpty(swagger["servers"]!.AsArray());
        Assert.All(swagger["tags"]!.AsArray(), tag => Assert.False(string.IsNullOrWhiteSpace(tag!["description"]?.GetValue<string>())));

        var operations = 0;
        foreach (var (path, item) in swagger["paths"]!.AsObject())
        foreach (var (method, operation) in item!.AsObject())
        {
            operations++;
            var where = $"{method.ToUpperInvariant()} {path}";
            Assert.False(string.IsNullOrWhiteSpace(operation!["summary"]?.GetValue<string>()), $"{where} has no summary");
            Assert.DoesNotContain("_api_", operation["description"]?.GetValue<string>() ?? "");
            var responses = operation["responses"]!.AsObject();
            Assert.Contains("503", responses.Select(r => r.Key));
            Assert.DoesNotContain("204", responses.Select(r => r.Key));
            foreach (var (status, response) in responses.Where(r => r.Key[0] is '4' or '5'))
                Assert.True(response!["content"]?["application/problem+json"]?["schema"] is not null, $"{where} {status} has no problem body");

            var parameters = operation["parameters"]?.AsArray().Select(p => p!).ToList() ?? [];
            foreach (var parameter in parameters.Where(p => p["in"]!.GetValue<string>() == "path"))
                Assert.True(parameter["example"] is not null, $"{where} {parameter["name"]} has no example");
            var secret = path is "/api/accounts" or "/api/accounts/{id}/reset-password" or "/api/account/password" or "/api/account/login"
                or "/api/account/refresh" or "/api/dev/sign-in-as";
            Assert.Equal(method == "post" && !secret, parameters.Any(p => p["name"]!.GetValue<string>() == "Idempotency-Key"));
            if (method == "post")
            {
                Assert.Contains("409", responses.Select(r => r.Key));
                Assert.Contains("413", responses.Select(r => r.Key));
            }

            if (path is not ("/api/account/login" or "/api/account/refresh" or "/api/dev/sign-in-as"))
            {
                Assert.Contains("401", responses.Select(r => r.Key));
                Assert.Contains("403", responses.Select(r => r.Key));
            }
        }

        Assert.True(operations >= 50, $"{operations} operations");
        var close = swagger["paths"]!["/api/incidents/{id}/close"]!["post"]!;
        Assert.Contains(close["parameters"]!.AsArray(), p => p!["name"]!.GetValue<string>() == "If-Match");
        Assert.Contains("412", close["responses"]!.AsObject().Select(r => r.Key));
        Assert.Equal("Close incident", close["summary"]!.GetValue<string>());
    }
}
