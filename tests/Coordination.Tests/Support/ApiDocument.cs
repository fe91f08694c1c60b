using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;

namespace Coordination.Tests.Support;

/// <summary>One operation of the OpenAPI document: its method, path template and the parts a client fills in.</summary>
public sealed record Operation(string Method, string Path, JsonObject Node)
{
    private readonly Regex _template = new("^" + Regex.Replace(Regex.Escape(Path), @"\\\{[^}]+}", "[^/]+") + "$");

    public string Name => $"{Method} {Path}";
    public bool Matches(string method, string path) => method == Method && _template.IsMatch(path);
    public IEnumerable<JsonObject> Parameters(string location) =>
        Node["parameters"]?.AsArray().Select(p => p!.AsObject()).Where(p => p["in"]!.GetValue<string>() == location) ?? [];
    public IEnumerable<string> Statuses => Node["responses"]!.AsObject().Select(r => r.Key);
    public bool Anonymous => Node["security"] is JsonArray { Count: 0 } || Path is "/api/account/login" or "/api/account/refresh" or "/api/dev/sign-in-as";
    public JsonNode? BodySchema => Node["requestBody"]?["content"]?["application/json"]?["schema"];
}

/// <summary>
/// The service's OpenAPI document, read as a client reads it, and a judge of answers against it: is the status declared for
/// the operation, the content type declared for the status, and the body valid against the declared schema (OpenAPI 3.0
/// schemas turned into JSON Schema 2020-12 and evaluated by JsonSchema.Net).
/// </summary>
public sealed class ApiDocument
{
    private readonly JsonObject _defs;
    private readonly ConcurrentDictionary<string, JsonSchema> _schemas = new();
    private readonly Guid _document = Guid.NewGuid();
    private int _built;

    public JsonObject Root { get; }
    public IReadOnlyList<Operation> Operations { get; }

    public ApiDocument(string json)
    {
        Root = JsonNode.Parse(json)!.AsObject();
        Operations = Root["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().Select(m => new Operation(m.Key.ToUpperInvariant(), p.Key, m.Value!.AsObject())))
            .ToList();
        _defs = new JsonObject(Root["components"]!["schemas"]!.AsObject().Select(s => KeyValuePair.Create(s.Key, ToJsonSchema(s.Value))));
    }

    public static async Task<ApiDocument> LoadAsync(Api api) =>
        new((await api.Get("/swagger/v1/swagger.json")).ShouldBe(200).Text);

    public Operation? Find(string method, string path) => Operations.FirstOrDefault(o => o.Matches(method, path));

    /// <summary>A schema with its $ref followed.</summary>
    public JsonObject? Resolve(JsonNode? schema)
    {
        while (schema?["$ref"] is { } reference)
            schema = Root["components"]!["schemas"]![reference.GetValue<string>().Split('/')[^1]];
        return schema?.AsObject();
    }

    /// <summary>What is wrong with this answer by the document, or null when the document says it.</summary>
    public string? Mismatch(string method, string url, int status, string? contentType, string body)
    {
        var path = url.Split('?')[0];
        var operation = Find(method, path);
        if (operation is null) return $"{method} {path}: the document has no such operation";
        var where = $"{operation.Name} → {status}";
        var response = operation.Node["responses"]![status.ToString()];
        if (response is null) return $"{where}: status not declared (declared: {string.Join(", ", operation.Statuses)})";

        var declared = response["content"]?.AsObject();
        if (declared is null || declared.Count == 0)
            return body.Length == 0 ? null : $"{where}: a body of type {contentType} where the document declares none";
        var type = contentType?.Split(';')[0].Trim();
        var media = declared.FirstOrDefault(c => c.Key == type).Value;
        if (media is null) return $"{where}: content type {type ?? "(none)"} not declared (declared: {string.Join(", ", declared.Select(c => c.Key))})";
        if (media["schema"] is not { } schema || type?.EndsWith("json") != true) return null;

        JsonElement instance;
        try
        {
            instance = JsonDocument.Parse(body).RootElement;
        }
        catch (JsonException e)
        {
            return $"{where}: body is not JSON ({e.Message})";
        }

        var key = $"{operation.Name} {status} {type}";
        var validator = _schemas.GetOrAdd(key, _ => Build(schema));
        var result = validator.Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.Hierarchical });
        if (result.IsValid) return null;
        var errors = Failures(result).Distinct().Take(5);
        return $"{where}: body does not match the schema: {string.Join("; ", errors)} — {Shorten(body)}";
    }

    /// <summary>The errors of the failing branches only (an anyOf that passed keeps its failed alternatives to itself).</summary>
    private static IEnumerable<string> Failures(EvaluationResults node)
    {
        if (node.IsValid) yield break;
        foreach (var (_, error) in node.Errors ?? new Dictionary<string, string>()) yield return $"{node.InstanceLocation}: {error}";
        foreach (var failure in (node.Details ?? []).SelectMany(Failures)) yield return failure;
    }

    private JsonSchema Build(JsonNode schema)
    {
        var root = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$defs"] = _defs.DeepClone(),
            ["allOf"] = new JsonArray(ToJsonSchema(schema))
        };
        return JsonSchema.FromText(root.ToJsonString(), baseUri: new Uri($"https://coordination.test/{_document}/{Interlocked.Increment(ref _built)}"));
    }

    /// <summary>OpenAPI 3.0 → JSON Schema 2020-12: <c>nullable</c> becomes a "null" alternative, components become $defs.</summary>
    public static JsonNode? ToJsonSchema(JsonNode? node)
    {
        switch (node)
        {
            case JsonArray array:
                return new JsonArray(array.Select(ToJsonSchema).ToArray());
            case JsonObject schema:
            {
                var copy = new JsonObject();
                foreach (var (name, value) in schema)
                {
                    if (name is "nullable" or "example" or "examples" or "xml" or "externalDocs" or "discriminator") continue;
                    copy[name] = name switch
                    {
                        "$ref" => "#/$defs/" + value!.GetValue<string>().Split('/')[^1],
                        "properties" => new JsonObject(value!.AsObject().Select(p => KeyValuePair.Create(p.Key, ToJsonSchema(p.Value)))),
                        "enum" or "required" => value?.DeepClone(),
                        _ => ToJsonSchema(value)
                    };
                }

                if (schema["nullable"]?.GetValue<bool>() != true) return copy;
                if (copy["enum"] is JsonArray values && values.All(v => v is not null)) values.Add(null);
                return new JsonObject { ["anyOf"] = new JsonArray(copy, new JsonObject { ["type"] = "null" }) };
            }
            default:
                return node?.DeepClone();
        }
    }

    public static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
