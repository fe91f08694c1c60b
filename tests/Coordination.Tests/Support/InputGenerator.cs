using System.Text;
using System.Text.Json.Nodes;

namespace Coordination.Tests.Support;

/// <summary>
/// Requests generated from the OpenAPI document: for the n-th request an operation (in turn, see the schedule), a caller, and either valid
/// values or one kind of mutation of the path, query, headers or body. Request n depends only on (seed, n), so any
/// failure is reproduced by its number.
/// </summary>
public sealed class InputGenerator(ApiDocument document, World world, int seed)
{
    public static readonly string[] Kinds = ["valid", "body", "path", "query", "header", "method"];

    private static readonly string[] Languages = ["id", "id-ID", "en", "en-US", "fr-FR", "*", "en;q=abc,,id", "zz-ZZ-xx-0000", "id;q=0.1, en;q=0.9"];
    private static readonly string[] Texts =
    [
        "", " ", "a\u0000b", "\u0000", "Banjir 🌊 Kapuas — 日本語 ‮rtl\uFEFF", "<script>alert(1)</script>", "'; drop table mt_events; --",
        "\\ud800", "%00", "61.05\n61.10", "Ñandú ünïcødé ẞ"
    ];
    private static readonly JsonNode?[] Numbers = [-1, 0, int.MaxValue, long.MaxValue, -2147483649L, 1e308, 1.5, "12", true];
    private static readonly string[] Dates =
    [
        "27/11/2026", "2026-02-30", "2026-13-01", "0001-01-01", "9999-12-31", "2026-11-27T25:00:00Z", "yesterday", "", "1e10",
        "0000-00-00T00:00:00Z", "9999-12-31T23:59:59.9999999+14:00", "-2026-11-27"
    ];
    private static readonly string[] Guids = ["00000000-0000-0000-0000-000000000000", "", "not-a-guid", "{00000000-0000-0000-0000-000000000001}", "0"];
    private static readonly string[] PathValues =
    [
        "00000000-0000-0000-0000-000000000000", "garbage", "..", "%01", "%FF%FE", "ünï", "61.99", " ", "-1", "null",
        "01a22343-89b3-776d-98d4-08e652f5c407", new string('9', 300), new string('x', 5000)
    ];
    private static readonly string[] Queries =
    [
        "limit=-1", "limit=0", "limit=1001", "limit=99999999999", "limit=abc", "offset=-5", "offset=99999999999", "offset=1e3",
        "at=27/11/2026", "at=garbage", "at=0001-01-01T00:00:00Z", "at=9999-12-31T23:59:59Z", "at=2026-11-27T10:00:00%2B07:00", "from=27/11/2026", "to=2026-13-45",
        "from=2026-12-01&to=2026-01-01", "status=unknown", "status=", "district=99.99", "district=%00", "incidentId=00000000-0000-0000-0000-000000000000",
        "incidentId=garbage", "version=-1", "version=99999999999999999999", "version=1&at=2026-11-27T00:00:00Z", "phase=tsunami",
        "hazard=FLOOD", "role=pilot", "limit=1&limit=2", "foo=bar", "limit=%00", "at=" + new string('1', 3000)
    ];
    private static readonly (string Name, string Value)[] Headers =
    [
        ("If-Match", "abc"), ("If-Match", "\"-1\""), ("If-Match", "*"), ("If-Match", "W/\"1\""), ("If-Match", "\"99999999999999999999\""),
        ("If-Match", "\"1\", \"2\""), ("If-Match", "\"\""), ("If-Match", "1"), ("If-None-Match", "*"), ("If-None-Match", "W/\"abc\""),
        ("If-None-Match", "not a tag"), ("If-None-Match", "W/\"1\", *, \""), ("If-None-Match", new string('"', 3000)), ("Idempotency-Key", new string('k', 201)),
        ("Idempotency-Key", new string('k', 5000)), ("Idempotency-Key", " "), ("Idempotency-Key", "retry-1"), ("Idempotency-Key", "retry-2"),
        ("Accept", "application/xml"), ("Accept", "text/csv"), ("Accept", "garbage/"), ("Accept", "text/event-stream"),
        ("Authorization", "Bearer"), ("Authorization", "Bearer not.a.jwt"), ("Authorization", "Basic YWRtaW46YWRtaW4="),
        ("Authorization", "Bearer " + new string('a', 5000)), ("Content-Type", "text/plain"), ("Content-Type", "application/xml"),
        ("Content-Type", "application/json; charset=latin1"), ("Content-Type", "multipart/form-data; boundary=x"), ("Content-Type", ""),
        ("Accept-Language", "zz;q=nope"), ("Accept-Language", new string('a', 3000)), ("X-Correlation-Id", new string('c', 5000))
    ];

    /// <summary>
    /// The operations in turn, each eight times per round except those that hash a password on purpose slowly (sign-in,
    /// new account, password reset and change): once per round, so that they do not take most of the run's time.
    /// </summary>
    private readonly Operation[] _schedule = document.Operations
        .SelectMany(o => Enumerable.Repeat(o, o.Path is "/api/account/login" or "/api/accounts" or "/api/accounts/{id}/reset-password"
            or "/api/account/password" && o.Method == "POST" ? 1 : 8))
        .ToArray();

    public Operation OperationOf(int n) => _schedule[n % _schedule.Length];

    public Call Next(int n)
    {
        var random = new Random(unchecked(seed * 7919 + n));
        var operation = OperationOf(n);
        var role = World.Roles[random.Next(World.Roles.Length)];
        var kind = Kinds[random.Next(Kinds.Length)];
        var body = world.ValidBody(operation);
        var sendsBody = operation.Method != "GET";
        var call = new Call(operation.Method, world.Url(operation) + ValidQuery(operation, random), world.TokenOf(role),
            sendsBody ? Bytes(body) : null);
        if (random.Next(3) == 0) call.Headers["Accept-Language"] = Languages[random.Next(Languages.Length)];

        switch (kind)
        {
            case "body" when sendsBody:
                return call with { Body = MutatedBody(operation, body, random) };
            case "body":
            case "query":
                return call with { Url = world.Url(operation) + "?" + Queries[random.Next(Queries.Length)] };
            case "path" when operation.Parameters("path").Any():
                return call with { Url = world.Url(operation, _ => Uri.EscapeDataString(PathValues[random.Next(PathValues.Length)]).Replace("%25", "%")) };
            case "path":
                return call with { Url = operation.Path + "/" + PathValues[random.Next(PathValues.Length)] };
            case "header":
            {
                var (name, value) = Headers[random.Next(Headers.Length)];
                if (name == "Content-Type") return call with { ContentType = value, Body = call.Body ?? Bytes(body) ?? [] };
                call.Headers[name] = value;
                if (name == "Authorization") return call with { Token = null };
                return call;
            }
            case "method":
                return call with { Method = random.Next(3) switch { 0 => "DELETE", 1 => "PATCH", _ => operation.Method == "GET" ? "POST" : "GET" },
                    Body = operation.Method == "GET" ? [] : null };
            default:
                return call;
        }
    }

    /// <summary>Valid values for some of the operation's query parameters, read from their schemas.</summary>
    private string ValidQuery(Operation operation, Random random)
    {
        var parts = new List<string>();
        foreach (var parameter in operation.Parameters("query"))
        {
            if (random.Next(2) == 0) continue;
            var name = parameter["name"]!.GetValue<string>();
            var schema = document.Resolve(parameter["schema"]?["allOf"]?[0] ?? parameter["schema"]);
            var value = name switch
            {
                "limit" => random.Next(1, 1001).ToString(),
                "offset" => random.Next(0, 50).ToString(),
                "district" => World.Own,
                "incidentId" => world.Incident.ToString(),
                "version" => "1",
                // in UTC or with the province's offset (WIB, +07:00), as a client there writes it
                "at" => DateTimeOffset.UtcNow.AddHours(-random.Next(0, 2000)).ToOffset(TimeSpan.FromHours(7 * random.Next(2)))
                    .ToString("yyyy-MM-ddTHH:mm:sszzz"),
                "from" => DateTime.UtcNow.AddDays(-random.Next(0, 60)).ToString("yyyy-MM-dd"),
                "to" => DateTime.UtcNow.AddDays(random.Next(0, 60)).ToString("yyyy-MM-dd"),
                _ when schema?["enum"] is JsonArray values => values[random.Next(values.Count)]!.GetValue<string>(),
                _ => null
            };
            if (value is not null) parts.Add($"{name}={Uri.EscapeDataString(value)}");
        }

        // a replay needs one of at and version
        if (operation.Path.EndsWith("/replay") && !parts.Any(p => p.StartsWith("at=") || p.StartsWith("version="))) parts.Add("version=1");
        if (parts.Any(p => p.StartsWith("at=")) && parts.Any(p => p.StartsWith("version="))) parts.RemoveAll(p => p.StartsWith("at="));
        return parts.Count == 0 ? "" : "?" + string.Join("&", parts);
    }

    private byte[]? MutatedBody(Operation operation, JsonObject? valid, Random random)
    {
        if (random.Next(8) == 0)
            return Encoding.UTF8.GetBytes(random.Next(10) switch
            {
                0 => "",
                1 => "null",
                2 => "[]",
                3 => "{",
                4 => "\"text\"",
                5 => "123",
                6 => new string('[', 5000) + new string(']', 5000),
                7 => "{\"a\":" + new string('x', 300_000) + "}",
                8 => "{\"id\": \"\\ud800\"}",
                _ => "{\"title\": \"" + new string('x', 270_000) + "\"}"
            });

        var body = (JsonObject)(valid?.DeepClone() ?? new JsonObject());
        var schema = document.Resolve(operation.BodySchema);
        // every field the schema names, present or not, with its schema
        var fields = new List<(JsonObject Owner, string Name, JsonObject? Schema)>();
        Collect(body, schema, fields);
        if (fields.Count == 0)
        {
            body["unexpected"] = Texts[random.Next(Texts.Length)];
            return Bytes(body);
        }

        // a create under an id already taken is compared with what that id holds: a wrong field there is still its 400
        if (fields.Any(f => f.Owner == body && f.Name == "id") && random.Next(4) == 0) body["id"] = world.Taken[random.Next(world.Taken.Count)].ToString();
        var (owner, name, fieldSchema) = fields[random.Next(fields.Count)];
        var format = fieldSchema?["format"]?.GetValue<string>();
        var type = fieldSchema?["type"]?.GetValue<string>();
        var isEnum = fieldSchema?["enum"] is not null;
        switch (random.Next(8))
        {
            case 0:
                owner.Remove(name);
                break;
            case 1:
                owner[name] = null;
                break;
            case 2:
                owner[name] = type switch
                {
                    "string" => JsonValue.Create(random.Next(100)),
                    "integer" or "number" => "many",
                    "array" => "one",
                    "boolean" => "yes",
                    _ => new JsonArray(1, 2)
                };
                break;
            case 3:
                owner[name] = random.Next(4) == 0 ? new string('x', 200_000) : string.Concat(Enumerable.Repeat("Kapuas ", random.Next(30, 2000)));
                break;
            case 4:
                owner[name] = Texts[random.Next(Texts.Length)];
                break;
            case 5:
                owner[name] = Numbers[random.Next(Numbers.Length)]?.DeepClone();
                break;
            default:
                owner[name] = format switch
                {
                    "uuid" => Guids[random.Next(Guids.Length)],
                    "date" or "date-time" => Dates[random.Next(Dates.Length)],
                    _ when isEnum => random.Next(3) switch { 0 => "tsunami", 1 => "FLOOD", _ => "" },
                    // an all-zero id among real ones (a team's members, a drill's participants)
                    _ when type == "array" && random.Next(2) == 0 => new JsonArray(world.Person.ToString(), Guid.Empty.ToString()),
                    _ when type == "array" => new JsonArray(Guids[random.Next(Guids.Length)], null, Texts[random.Next(Texts.Length)]),
                    _ => Texts[random.Next(Texts.Length)]
                };
                break;
        }

        return Bytes(body);
    }

    private void Collect(JsonObject body, JsonObject? schema, List<(JsonObject, string, JsonObject?)> fields)
    {
        foreach (var (name, property) in schema?["properties"]?.AsObject() ?? [])
        {
            var resolved = document.Resolve(property?["anyOf"]?[0] ?? property);
            fields.Add((body, name, resolved));
            if (resolved?["properties"] is not null && body[name] is JsonObject nested) Collect(nested, resolved, fields);
        }
    }

    private static byte[]? Bytes(JsonNode? body) => body is null ? null : Encoding.UTF8.GetBytes(body.ToJsonString());
}
