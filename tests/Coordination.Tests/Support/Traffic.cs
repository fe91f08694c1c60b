using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Alba;
using Coordination.Tests.Accounts;

namespace Coordination.Tests.Support;

/// <summary>An answer as a client sees it.</summary>
public sealed record Answer(string Method, string Url, int Status, string? ContentType, string Body)
{
    public override string ToString() => $"{Method} {ApiDocument.Shorten(Url)} → {Status} {ContentType}: {ApiDocument.Shorten(Body)}";
}

/// <summary>One request, as built from the document: what to send and as whom.</summary>
public sealed record Call(string Method, string Url, string? Token, byte[]? Body, string ContentType = "application/json")
{
    public Dictionary<string, string> Headers { get; init; } = new(StringComparer.OrdinalIgnoreCase);
    public string Describe => $"{Method} {ApiDocument.Shorten(Url)} headers {JsonSerializer.Serialize(Headers)} body {ApiDocument.Shorten(Body is null ? "(none)" : Encoding.UTF8.GetString(Body))}";
}

/// <summary>
/// A raw HTTP client over the in-process host (TestServer), able to send what a typed client cannot — any bytes, any
/// header — and to leave a server-sent event stream after its headers.
/// </summary>
public sealed class RawClient(IAlbaHost host)
{
    private readonly HttpClient _client = host.Server.CreateClient();

    public async Task<Answer> Send(Call call)
    {
        using var request = new HttpRequestMessage(new HttpMethod(call.Method), call.Url);
        if (call.Body is not null)
        {
            request.Content = new ByteArrayContent(call.Body);
            request.Content.Headers.TryAddWithoutValidation("Content-Type", call.ContentType);
        }

        if (call.Token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", call.Token);
        foreach (var (name, value) in call.Headers) request.Headers.TryAddWithoutValidation(name, value);

        using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var contentType = response.Content.Headers.ContentType?.ToString();
        // an event stream never ends: its headers are the answer
        var body = contentType?.StartsWith("text/event-stream") == true ? "" : await response.Content.ReadAsStringAsync();
        return new Answer(call.Method, call.Url, (int)response.StatusCode, contentType, body);
    }
}

/// <summary>The things the traffic acts on, created through the public API, and a valid body for every command.</summary>
public sealed class World
{
    public const string Own = "61.05", Other = "61.10";
    public static readonly string[] Roles = ["coordinator", "own", "other", "analyst", "admin", "none"];

    public required Guid Incident { get; init; }
    public required Guid Request { get; init; }
    public required Guid Deployment { get; init; }
    public required Guid Person { get; init; }
    /// <summary>Ids of resources that exist: a create sent under one of them is compared with it.</summary>
    public IReadOnlyList<Guid> Taken => [Incident, Request, Deployment, Person];

    public required TestAccount Account { get; init; }
    public required string AccountToken { get; init; }
    public required string RefreshToken { get; init; }

    public static async Task<World> CreateAsync(Api api)
    {
        var incident = (await api.Post("/api/incidents", new
        {
            district = Own, hazard = "flood", title = "Banjir Sintang", occurredAt = DateTimeOffset.UtcNow.AddHours(-6),
            villages = new[] { "Baning Kota" }, affected = new { total = 120, children = 30, elderly = 10, disabled = 2, pregnant = 3 },
            phase = "response"
        }, Tokens.Coordinator)).ShouldBe(201).Id;
        var people = await api.RegisteredPeople(3);
        var request = await api.IssuedRequest(incident);
        var deployment = await api.DeployedTeam(incident, [people[0]]);
        var account = await api.AccountInUse("analyst");
        var tokens = await api.SignedIn(account);
        return new World
        {
            Incident = incident, Request = request, Deployment = deployment, Person = people[1], Account = account,
            AccountToken = tokens.AccessToken, RefreshToken = tokens.RefreshToken
        };
    }

    public string? TokenOf(string role) => role switch
    {
        "account" => AccountToken,
        "none" => null,
        _ => Tokens.For(role, Own, Other)
    };

    /// <summary>The value of a path parameter that names something that exists.</summary>
    public string PathValue(Operation operation, string name) => name switch
    {
        "code" => Own,
        _ when operation.Path.StartsWith("/api/incidents/") => Incident.ToString(),
        _ when operation.Path.StartsWith("/api/requests/") => Request.ToString(),
        _ when operation.Path.StartsWith("/api/deployments/") => Deployment.ToString(),
        _ when operation.Path.StartsWith("/api/personnel/") => Person.ToString(),
        _ when operation.Path.StartsWith("/api/accounts/") => Account.Id.ToString(),
        _ => Guid.CreateVersion7().ToString()
    };

    /// <summary>The operation's path with values that exist, or with the (already escaped) values given.</summary>
    public string Url(Operation operation, Func<string, string>? value = null) =>
        operation.Parameters("path").Aggregate(operation.Path, (path, p) =>
        {
            var name = p["name"]!.GetValue<string>();
            return path.Replace("{" + name + "}", value?.Invoke(name) ?? Uri.EscapeDataString(PathValue(operation, name)));
        });

    private static string Day(int days) => DateTime.UtcNow.AddDays(days).ToString("yyyy-MM-dd");

    /// <summary>A body the operation accepts from a caller in scope, or null for a command without one.</summary>
    public JsonObject? ValidBody(Operation operation) => operation.Name switch
    {
        "POST /api/account/login" => Json(new { email = Account.Email, password = Account.Password }),
        "POST /api/account/refresh" => Json(new { refreshToken = RefreshToken }),
        "POST /api/account/password" => Json(new { current = Account.Password, @new = "Sandi-Baru-Kalbar-2026!" }),
        "POST /api/dev/sign-in-as" => Json(new { role = "district", district = Own }),
        "POST /api/accounts" => Json(new { email = AccountScenarios.NewEmail("analis"), name = "Analis Data", role = "analyst" }),
        "PUT /api/accounts/{id}" => Json(new { name = "Analis Data Kalbar", role = "analyst" }),
        "POST /api/deployments" => Json(new { incidentId = Incident, teamName = "Tim LDP 2", members = new[] { Person }, village = "Baning Kota" }),
        "POST /api/deployments/{id}/services" => Json(Scenarios.Service()),
        "POST /api/districts/{code}/drills" => Json(new { heldOn = Day(-3), scenario = "Simulasi banjir", participants = new[] { Person } }),
        "POST /api/incidents/{id}/assessments" => Json(new
        {
            villages = new[] { "Baning Kota", "Tanjung Puri" }, affected = new { total = 150, children = 40, elderly = 12, disabled = 3, pregnant = 4 }
        }),
        "POST /api/incidents/{id}/phase" => Json(new { phase = "recovery" }),
        "POST /api/incidents/{id}/close" => Json(new { summary = "Tanggap darurat selesai" }),
        "POST /api/incidents/{id}/emergency-status" => Json(new { decree = "SK Bupati Sintang 12/2026", validUntil = Day(14) }),
        "POST /api/incidents" => Json(new
        {
            district = Own, hazard = "landslide", title = "Longsor Kapuas", occurredAt = DateTimeOffset.UtcNow.AddHours(-2),
            villages = new[] { "Kapuas Kanan Hulu" }, affected = new { total = 40, children = 10, elderly = 5, disabled = 1, pregnant = 1 },
            phase = "alert"
        }),
        "POST /api/districts/{code}/personnel" => Json(new { name = "Dewi Lestari", role = "tagana", skills = new[] { "psychological-first-aid" } }),
        "POST /api/personnel/{id}/trainings" => Json(new { course = "Dukungan psikososial awal", completedOn = Day(-10), validUntil = Day(700) }),
        "POST /api/personnel/{id}/availability" => Json(new { available = false, reason = "Cuti sakit" }),
        "POST /api/requests/{id}/accept" => Json(new { count = 2 }),
        "POST /api/requests/{id}/cancel" => Json(new { reason = "Sudah tertangani" }),
        "POST /api/requests/{id}/decline" => Json(new { reason = "Tim sedang bertugas" }),
        "POST /api/requests" => Json(new
        {
            incidentId = Incident, district = Own, role = "counselor", count = 2, skills = new[] { "psychological-first-aid" }, priority = "medium",
            neededBy = DateTimeOffset.UtcNow.AddHours(12)
        }),
        _ => null
    };

    /// <summary>The role that may run the operation on this world's things.</summary>
    public static string RoleFor(Operation operation) => operation.Name switch
    {
        "GET /api/account/me" or "POST /api/account/password" => "account",
        _ when operation.Path.StartsWith("/api/accounts") => "admin",
        "POST /api/incidents/{id}/close" or "POST /api/requests" or "POST /api/requests/{id}/cancel" => "coordinator",
        "GET /api/exports/4w.csv" or "GET /api/exports/incidents.csv" => "analyst",
        _ when operation.Method == "POST" => "own",
        _ => "coordinator"
    };

    private static JsonObject Json(object value) => JsonSerializer.SerializeToNode(value, Api.Json)!.AsObject();
}
