using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Coordination.Infrastructure.Hosting;

public static class OpenApi
{
    private static readonly (string Tag, string Words)[] Tags =
    [
        ("Account", "Signing in, refreshing tokens, the caller's own account and password."),
        ("Accounts", "The administrator's management of accounts, with each account's audit history."),
        ("Districts", "The 14 districts of Kalimantan Barat (Kemendagri codes)."),
        ("Personnel", "A district's counselors, TAGANA volunteers and social workers: roster, trainings, availability."),
        ("Drills", "TAGANA drills held in a district."),
        ("Incidents", "Disasters reported in a district, assessed, moved through their phases and closed."),
        ("Requests", "The coordinator's requests for people from a district, and the district's answers."),
        ("Deployments", "Teams sent to an incident: arrival, services recorded, stand-down."),
        ("Inbox", "Notices of requests and cancellations for a district officer or the province."),
        ("Readiness", "Each district's readiness to send counselors and TAGANA, now or at a past moment."),
        ("Coverage", "People reached against people affected, per incident and per district."),
        ("History", "Timelines, replays, coverage day by day and response times of an incident."),
        ("Exports", "4W and incident exports as CSV with an HXL hashtag row.")
    ];

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
                              "incidents, requests for counselors, team deployments, psychosocial services, readiness and coverage. " +
                              "Answers and problems come in Bahasa Indonesia or English (Accept-Language; default id).",
                Contact = new OpenApiContact { Name = "Dinas Sosial Provinsi Kalimantan Barat" },
                License = new OpenApiLicense
                {
                    Name = "Proprietary: Pemerintah Provinsi Kalimantan Barat", Url = new Uri("https://kalbarprov.go.id")
                }
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
            swagger.CustomSchemaIds(type => type == typeof(ProblemDetails) ? ProblemSchema.Id : type.FullName!.Replace("Coordination.", "").Replace("+", "."));
            swagger.SchemaFilter<ProblemSchema>();
            swagger.SupportNonNullableReferenceTypes();
            swagger.SchemaFilter<NullableReferences>();
            swagger.SchemaFilter<EachTextLimits>();
            swagger.IncludeXmlComments(Path.Combine(AppContext.BaseDirectory, "Coordination.Api.xml"));
            swagger.OperationFilter<OpenApiContract>();
            swagger.DocumentFilter<TagDescriptions>(Tags);
        });
        return services;
    }

    /// <summary>The document at /swagger/v1/swagger.json, naming the server it was asked from, and Swagger UI at /swagger.</summary>
    public static void UseCoordinationOpenApi(this WebApplication app)
    {
        app.UseSwagger(swagger => swagger.PreSerializeFilters.Add((document, request) =>
            document.Servers = [new OpenApiServer { Url = $"{request.Scheme}://{request.Host.Value}", Description = "This service" }]));
        app.UseSwaggerUI();
    }
}

/// <summary>Gives each tag of the document its description.</summary>
public sealed class TagDescriptions((string Tag, string Words)[] tags) : IDocumentFilter
{
    public void Apply(OpenApiDocument document, DocumentFilterContext context) =>
        document.Tags = tags.Select(t => new OpenApiTag { Name = t.Tag, Description = t.Words }).ToHashSet();
}
