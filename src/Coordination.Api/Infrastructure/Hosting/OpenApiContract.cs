using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Coordination.Infrastructure.Hosting;

/// <summary>
/// What every operation can answer besides its success, said in the document: the problem statuses the pipeline gives
/// (400 bad input, 401/403 token and scope, 404 unknown id, 406 Accept without JSON, 409 state, 412 stale If-Match, 413 body
/// too large, 414 address too long, 415 body not JSON, 431 headers too large, 422 Idempotency-Key reused, 503 database down), each as
/// application/problem+json; the retry and version headers, and a read's tag with its 304; a summary for every operation.
/// </summary>
public sealed class OpenApiContract : IOperationFilter
{
    private static readonly Dictionary<string, string> StatusWords = new()
    {
        ["400"] = "The request is not valid: `errors` names each field and what is wrong with it.",
        ["401"] = "No token, or a token that is expired, forged, or for another issuer or audience; `detail` says which.",
        ["403"] = "The caller's role or district is outside the route's scope.",
        ["404"] = "No such id or district.",
        ["409"] = "The current state does not allow this; `detail` says why.",
        ["412"] = "If-Match named a version that is no longer current.",
        ["406"] = "Accept names no type the answer can be sent as (application/json).",
        ["413"] = "The request body is larger than allowed.",
        ["414"] = "The path and query are longer than 4,096 characters.",
        ["431"] = "The request headers are larger than 32 KB in all, or more than 100.",
        ["415"] = "The body is not application/json.",
        ["422"] = "The Idempotency-Key was used before with another request.",
        ["503"] = "The database does not answer; retry later."
    };

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var description = context.ApiDescription;
        var metadata = description.ActionDescriptor.EndpointMetadata;
        var method = description.HttpMethod ?? "GET";
        var path = "/" + (description.RelativePath ?? "");
        var command = method is "POST" or "PUT";
        // Commands on an existing stream (its id in the path) honour If-Match; accounts live in Identity, not in streams.
        var onExisting = method == "POST" && path.Contains("{id}") && !path.StartsWith("/api/accounts");
        // A read of one stream answers its version as ETag (what If-Match names); every other read of JSON a weak tag of the
        // answer, which If-None-Match sends back for a 304 without a body (ConditionalReads).
        var versionedRead = method == "GET" && path.EndsWith("{id}");
        var conditionalRead = method == "GET" && !versionedRead && Http.ConditionalReads.Tagged(path);

        // A short summary from the operation's name; the endpoint's XML comment, where it has one, as the description
        // (where it has none, Wolverine offers its generated handler's name, GET_api_…, which says nothing to a reader).
        operation.Description = string.IsNullOrWhiteSpace(operation.Summary) || operation.Summary.Contains("_api_") ? null : operation.Summary;
        operation.Summary = Humanize(operation.OperationId ?? path);
        operation.Responses ??= new OpenApiResponses();
        operation.Responses.Remove("204");

        var retriable = method == "POST" && !metadata.OfType<IAllowAnonymous>().Any() && !metadata.OfType<SecretAnswerAttribute>().Any();
        var statuses = new List<string> { "414", "431", "503" };
        if (command || description.ParameterDescriptions.Any(p => p.Source.Id == "Query")) statuses.Add("400");
        if (!metadata.OfType<IAllowAnonymous>().Any()) statuses.AddRange(["401", "403"]);
        if (path.Contains('{')) statuses.Add("404");
        if (command) statuses.AddRange(["406", "409", "413"]);
        if (operation.RequestBody is not null) statuses.Add("415");
        if (retriable) statuses.Add("422");
        if (onExisting) statuses.Add("412");

        var problem = context.SchemaGenerator.GenerateSchema(typeof(ProblemDetails), context.SchemaRepository);
        foreach (var status in statuses.Concat(operation.Responses.Keys.Where(k => k.StartsWith('4') || k.StartsWith('5'))).Distinct().Order())
        {
            operation.Responses[status] = new OpenApiResponse
            {
                Description = StatusWords.GetValueOrDefault(status, "A problem."),
                Content = new Dictionary<string, IOpenApiMediaType> { ["application/problem+json"] = new OpenApiMediaType { Schema = problem } }
            };
        }

        operation.Parameters ??= [];
        // a list's page: limit 1 to 1,000 (100 unless given), offset from 0, as Paging holds them
        foreach (var parameter in operation.Parameters.OfType<OpenApiParameter>().Where(p => p.In == ParameterLocation.Query))
            if (parameter.Schema is OpenApiSchema page && parameter.Name is "limit" or "offset")
            {
                page.Minimum = parameter.Name == "limit" ? "1" : "0";
                if (parameter.Name == "limit")
                {
                    page.Maximum = Paging.MaxLimit.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    page.Default = System.Text.Json.Nodes.JsonValue.Create(Paging.DefaultLimit);
                }
            }

        // a filter read as text whose values are an enum's: listed, as the same enum is in a body
        foreach (var values in metadata.OfType<QueryValuesAttribute>())
            if (operation.Parameters.OfType<OpenApiParameter>().FirstOrDefault(p => p.In == ParameterLocation.Query && p.Name == values.Parameter) is { } filter)
                filter.Schema = new OpenApiSchema { Type = JsonSchemaType.String, Enum = values.Values.Select(v => (JsonNode)JsonValue.Create(v)!).ToList() };

        if (retriable)
            operation.Parameters.Add(Header(IdempotencyOptions.Header,
                "Any string up to 200 characters: a retry with the same key and body answers the first answer again and changes nothing.",
                "0193b000-retry-1"));
        if (onExisting)
            operation.Parameters.Add(Header("If-Match", "The version last read (the ETag); a stale one is a 412.", "\"3\""));
        if (conditionalRead)
        {
            operation.Parameters.Add(Header("If-None-Match", "The ETag of the answer last read: while the answer is the same, it is a 304 without a body.",
                "W/\"5d41402abc4b2a76b9719d911017c592\""));
            operation.Responses["304"] = new OpenApiResponse { Description = "The answer is the one If-None-Match names: read it from what you hold." };
        }

        foreach (var (status, response) in operation.Responses.Where(r => r.Key.StartsWith('2')))
        {
            if (response is not OpenApiResponse success) continue;
            if (path.EndsWith(".csv"))
                success.Content = new Dictionary<string, IOpenApiMediaType>
                {
                    ["text/csv"] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String } }
                };
            success.Headers ??= new Dictionary<string, IOpenApiHeader>();
            if (retriable)
                success.Headers[IdempotencyOptions.ReplayedHeader] = new OpenApiHeader
                {
                    Description = "true when this is the stored answer to an earlier request with the same Idempotency-Key.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String }
                };
            if (status != "204" && versionedRead || onExisting)
                success.Headers["ETag"] = new OpenApiHeader
                {
                    Description = "The version of the stream, for If-Match.", Schema = new OpenApiSchema { Type = JsonSchemaType.String }
                };
            else if (conditionalRead)
                success.Headers["ETag"] = new OpenApiHeader
                {
                    Description = "A weak tag of the answer, for If-None-Match.", Schema = new OpenApiSchema { Type = JsonSchemaType.String }
                };
        }
    }

    private static OpenApiParameter Header(string name, string description, string example) => new()
    {
        Name = name, In = ParameterLocation.Header, Required = false, Description = description,
        Schema = new OpenApiSchema { Type = JsonSchemaType.String }, Example = JsonValue.Create(example)
    };

    /// <summary>"ReportIncident" → "Report incident".</summary>
    public static string Humanize(string id)
    {
        var words = System.Text.RegularExpressions.Regex.Replace(id, "(?<=[a-z0-9])(?=[A-Z])", " ").ToLowerInvariant();
        return char.ToUpperInvariant(words[0]) + words[1..];
    }
}

/// <summary>
/// The problem every 4xx and 5xx carries, as <see cref="Http.ProblemWriter"/> writes it: always a type, title, status,
/// detail, stable kebab-case code and trace id; for a 400 the errors and their codes per field; for a 412 the current version.
/// </summary>
public sealed class ProblemSchema : ISchemaFilter
{
    public const string Id = "Problem";

    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (context.Type != typeof(ProblemDetails) || schema is not OpenApiSchema problem) return;
        OpenApiSchema Text(string description) => new() { Type = JsonSchemaType.String, Description = description };
        OpenApiSchema PerField(string description) => new()
        {
            Type = JsonSchemaType.Object, Description = description,
            AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } }
        };

        problem.Description = "RFC 9457 problem details; clients branch on `code`, which is the same in every language, and show `title` and `detail`.";
        problem.Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = Text("A URI naming the kind of problem (the RFC 9110 section of its status)."),
            ["title"] = Text("The status in words, in the request's language."),
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" },
            ["detail"] = Text("What happened and what to do, in the request's language."),
            ["instance"] = Text("Not used."),
            ["code"] = new OpenApiSchema
            {
                Type = JsonSchemaType.String, Pattern = "^[a-z0-9]+(-[a-z0-9]+)*$",
                Description = "Stable kebab-case code, e.g. request-already-answered, field-required, token-expired."
            },
            ["traceId"] = Text("The W3C trace id of the request, for the logs."),
            ["errors"] = PerField("400 only: for each field (its JSON path), what is wrong with it, in the request's language."),
            ["errorCodes"] = PerField("400 only: for each field, the codes of its errors."),
            ["currentVersion"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int64", Description = "412 only: the stream's current version." }
        };
        problem.Required = new HashSet<string> { "type", "title", "status", "detail", "code", "traceId" };
        problem.AdditionalProperties = null;
        problem.AdditionalPropertiesAllowed = true;
    }
}

/// <summary>
/// A property that may be null and whose type has a schema of its own (a record, an enum) is "that schema or null": OpenAPI
/// 3.0 ignores <c>nullable</c> beside a $ref, so the document says anyOf the $ref and a null. A property a command requires
/// ([Required]: left out or null it is a 400 field-required) is listed as required and is never null, whatever its C# type,
/// which stays nullable so that a missing one is named rather than refused by the reader.
/// </summary>
public sealed class NullableReferences : ISchemaFilter
{
    private static readonly System.Reflection.NullabilityInfoContext Nullability = new();

    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema { Properties.Count: > 0 } owner || context.Type is null) return;
        foreach (var property in context.Type.GetProperties(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance))
        {
            var name = System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            if (!owner.Properties.TryGetValue(name, out var declared)) continue;
            if (property.IsDefined(typeof(System.ComponentModel.DataAnnotations.RequiredAttribute), true))
            {
                owner.Required ??= new HashSet<string>();
                owner.Required.Add(name);
                if (declared is OpenApiSchema { Type: { } type } plain) plain.Type = type & ~JsonSchemaType.Null;
                continue;
            }

            if (declared is not OpenApiSchemaReference reference) continue;
            var nullable = Nullable.GetUnderlyingType(property.PropertyType) is not null ||
                           Nullability.Create(property).ReadState == System.Reflection.NullabilityState.Nullable;
            if (nullable)
                owner.Properties[name] = new OpenApiSchema
                {
                    AnyOf = [reference, new OpenApiSchema { Type = JsonSchemaType.Object | JsonSchemaType.Null, Enum = [null!] }]
                };
        }
    }
}
