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
}
