using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Coordination.Demo;

/// <summary>Examples of path parameters in the OpenAPI document, taken from the demo history, so that contract tools can call every route.</summary>
public sealed class DemoExamples : IOperationFilter
{
    private static readonly (string Prefix, string Example)[] Ids =
    [
        ("api/incidents/", DemoHistory.SintangFlood.ToString()),
        ("api/requests/", DemoHistory.IdOf("request:2021:0").ToString()),
        ("api/deployments/", DemoHistory.IdOf("deployment:2021:0").ToString()),
        ("api/personnel/", DemoHistory.IdOf("person:61.05:0").ToString()),
        ("api/accounts/", "01a22343-89b3-776d-98d4-08e652f5c407")
    ];

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var path = context.ApiDescription.RelativePath ?? "";
        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>().Where(p => p.In == ParameterLocation.Path) ?? [])
        {
            parameter.Example = parameter.Name switch
            {
                "code" => JsonValue.Create("61.05"),
                "id" => Ids.Where(i => path.StartsWith(i.Prefix)).Select(i => JsonValue.Create(i.Example)).FirstOrDefault(),
                _ => parameter.Example
            };
        }
    }
}

public static class DemoConfiguration
{
    public static IServiceCollection AddDemoExamples(this IServiceCollection services)
    {
        services.ConfigureSwaggerGen(swagger => swagger.OperationFilter<DemoExamples>());
        return services;
    }
}
