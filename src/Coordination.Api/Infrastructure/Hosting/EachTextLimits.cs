using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Coordination.Infrastructure.Hosting;

/// <summary>Says <see cref="EachTextAttribute"/> in the document: the list's items get minLength 1 and their maxLength.</summary>
public sealed class EachTextLimits : ISchemaFilter
{
    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema { Properties.Count: > 0 } owner || context.Type is null) return;
        foreach (var property in context.Type.GetProperties(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance))
        {
            var each = property.GetCustomAttributes(typeof(EachTextAttribute), true).OfType<EachTextAttribute>().FirstOrDefault();
            var name = System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            if (each is null || !owner.Properties.TryGetValue(name, out var declared) || declared is not OpenApiSchema list) continue;
            list.Items = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = each.MaxLength };
        }
    }
}
