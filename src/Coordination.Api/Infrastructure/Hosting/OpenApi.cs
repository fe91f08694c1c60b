using Microsoft.OpenApi;

namespace Coordination.Infrastructure.Hosting;

public static class OpenApi
{
    public static IServiceCollection AddCoordinationOpenApi(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(swagger =>
        {
            swagger.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "Coordination",
                Version = "v1",
                Description = "Disaster-response coordination between a provincial social-services office and its districts: " +
                              "incidents, requests for counselors, team deployments, psychosocial services, readiness and coverage."
            });
            swagger.AddSecurityDefinition("bearer", new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "A JWT with claims sub, role (coordinator, district, analyst, admin) and, for district officers, district."
            });
            swagger.AddSecurityRequirement(document => new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference("bearer", document)] = []
            });
            // a message travels as its text in the request's language (MessageJson)
            swagger.MapType<Localization.Message>(() => new OpenApiSchema { Type = JsonSchemaType.String });
            swagger.CustomSchemaIds(type => type.FullName!.Replace("Coordination.", "").Replace("+", "."));
        });
        return services;
    }
}
