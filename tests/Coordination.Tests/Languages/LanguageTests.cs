using System.Text.Json.Nodes;
using Coordination.Tests.Incidents;
using Coordination.Tests.Support;

namespace Coordination.Tests.Languages;

/// <summary>Every problem in Bahasa Indonesia or English by Accept-Language, Indonesian by default, the same code in both.</summary>
public class LanguageTests(AppFixture fixture) : ApiTest(fixture)
{
    private static Dictionary<string, string> In(string language) => new() { ["Accept-Language"] = language };

    private static string Code(Response response) => response.Body!["code"]!.GetValue<string>();

    private static string FieldError(Response response, string field) => string.Join(" ", response.Errors![field]!.AsArray().Select(e => e!.GetValue<string>()));

    [Fact]
    public async Task a_field_is_named_in_the_readers_words_while_errors_and_codes_keep_its_path()
    {
        var body = new
        {
            district = "61.05", hazard = "flood", title = "", occurredAt = DateTimeOffset.UtcNow.AddHours(-1), villages = new[] { "Baning Kota" },
            affected = new { total = 100, children = 5000, elderly = 0, disabled = 0, pregnant = 0 }
        };
        var id = (await Api.Post("/api/incidents", body, Tokens.Coordinator, In("id"))).ShouldBeProblem(400);
        Assert.Equal("Judul wajib diisi.", FieldError(id, "title"));
        Assert.Equal("Anak terdampak (5.000) tidak boleh melebihi jumlah jiwa terdampak (100).", FieldError(id, "affected.children"));
        Assert.Equal(["field-required"], id.Body!["errorCodes"]!["title"]!.AsArray().Select(c => c!.GetValue<string>()));

        var en = (await Api.Post("/api/incidents", body, Tokens.Coordinator, In("en"))).ShouldBeProblem(400);
        Assert.Equal("Affected children (5,000) must not exceed all affected people (100).", FieldError(en, "affected.children"));
        var noVillages = (await Api.Post("/api/incidents", body with { villages = Array.Empty<string>() }, Tokens.Coordinator, In("id"))).ShouldBeProblem(400);
        Assert.Equal("Desa terdampak wajib berisi sedikitnya satu desa.", FieldError(noVillages, "villages"));

        var person = (await Api.Post("/api/districts/61.05/personnel", new { name = "Dewi", role = "counselor", skills = new[] { new string('x', 61) } },
            Tokens.District("61.05"), In("id"))).ShouldBeProblem(400);
        Assert.Equal("Keahlian ke-1 paling panjang 60 karakter.", FieldError(person, "skills[0]"));
        // a field this request does not take keeps the client's name for it, though the availability command takes one so named
        var unknown = (await Api.Post("/api/districts/61.05/personnel", new { name = "Dewi", role = "counselor", available = true },
            Tokens.District("61.05"), In("id"))).ShouldBeProblem(400);
        Assert.Contains("available", unknown.Detail);
    }

    [Fact]
    public async Task a_query_parameter_or_the_body_is_named_in_the_readers_words_with_the_name_the_client_typed_beside_them()
    {
        var incident = await Api.ReportedIncident("61.05");
        (string Url, string Field, string Indonesian, string English)[] cases =
        [
            ($"/api/exports/4w.csv?from=2026-12-01&to=2026-01-01", "from", "Tanggal awal (from) tidak boleh sesudah tanggal akhir (to).",
                "Start date (from) must not be after end date (to)."),
            ("/api/readiness?at=kemarin", "at", "Waktu (at) harus", "Time (at) must"),
            ("/api/incidents?limit=0", "limit", "Jumlah per halaman (limit) harus", "Page size (limit) must"),
            ("/api/incidents?offset=-1", "offset", "Posisi awal (offset) tidak boleh", "Starting position (offset) must"),
            ($"/api/incidents/{incident}/replay?version=-5", "version", "Versi kejadian (version) dimulai", "Incident version (version) starts")
        ];
        foreach (var (url, field, indonesian, english) in cases)
        {
            Assert.StartsWith(indonesian, FieldError((await Api.Get(url, Tokens.Analyst, In("id"))).ShouldBeProblem(400), field));
            Assert.StartsWith(english, FieldError((await Api.Get(url, Tokens.Analyst, In("en"))).ShouldBeProblem(400), field));
        }

        var body = (await Api.Post($"/api/incidents/{incident}/phase", "[]", Tokens.Coordinator, In("id"))).ShouldBeProblem(400);
        Assert.StartsWith("Isi permintaan harus berupa objek JSON", FieldError(body, "body"));
        Assert.StartsWith("The request body must be a JSON object",
            FieldError((await Api.Post($"/api/incidents/{incident}/phase", "[]", Tokens.Coordinator, In("en"))).ShouldBeProblem(400), "body"));
    }

    [Fact]
    public async Task the_same_conflict_reads_in_indonesian_and_in_english_with_one_code()
    {
        var incident = await Api.ReportedIncident("61.05");
        var request = await Api.IssuedRequest(incident, "61.05");
        (await Api.Post($"/api/requests/{request}/decline", new { reason = "semua sedang bertugas" }, Tokens.District("61.05"))).ShouldBe(200);

        var id = (await Api.Post($"/api/requests/{request}/decline", new { reason = "lagi" }, Tokens.District("61.05"), In("id"))).ShouldBeProblem(409);
        var en = (await Api.Post($"/api/requests/{request}/decline", new { reason = "again" }, Tokens.District("61.05"), In("en"))).ShouldBeProblem(409);

        Assert.Equal("request-already-answered", Code(id));
        Assert.Equal(Code(id), Code(en));
        Assert.Contains("kepada Kabupaten Sintang (61.05) sudah ditolak (semua sedang bertugas)", id.Detail);
        Assert.Contains("tidak dapat dijawab lagi", id.Detail);
        Assert.Equal("Keadaan saat ini tidak memungkinkan hal ini", id.Body!["title"]!.GetValue<string>());
        Assert.Contains("already declined", en.Detail);
        Assert.Equal("The current state does not allow this", en.Body!["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task without_accept_language_the_answer_is_indonesian_and_a_region_or_an_unknown_language_falls_back()
    {
        var missing = $"/api/incidents/{Guid.CreateVersion7()}";
        foreach (var language in new[] { "", "id", "id-ID", "fr-FR, de;q=0.8", "en;q=0, id;q=0.5" })
        {
            var answer = (await Api.Get(missing, Tokens.Analyst, In(language))).ShouldBeProblem(404);
            Assert.Equal("not-found", Code(answer));
            Assert.Equal("Tidak ditemukan", answer.Body!["title"]!.GetValue<string>());
            Assert.Contains("tidak dikenal", answer.Detail);
            Assert.Equal("id", answer.Headers["Content-Language"]);
        }

        foreach (var language in new[] { "en", "en-GB", "fr, en-US;q=0.9, id;q=0.1" })
        {
            var answer = (await Api.Get(missing, Tokens.Analyst, In(language))).ShouldBeProblem(404);
            Assert.Equal("Not found", answer.Body!["title"]!.GetValue<string>());
            Assert.Equal("en", answer.Headers["Content-Language"]);
        }
    }

    [Theory]
    [InlineData("", "token-missing", "Authorization: Bearer")]
    [InlineData("expired", "token-expired", "kedaluwarsa pada")]
    [InlineData("forged", "token-bad-signature", "Tanda tangan token")]
    [InlineData("wrong-issuer", "token-wrong-issuer", "penerbit")]
    [InlineData("wrong-audience", "token-wrong-audience", "layanan lain")]
    public async Task a_401_says_why_the_token_was_refused(string caller, string code, string words)
    {
        var answer = (await Api.Get("/api/incidents", Tokens.For(caller), In("id"))).ShouldBeProblem(401);
        Assert.Equal(code, Code(answer));
        Assert.Contains(words, answer.Detail);
        Assert.DoesNotContain(Tokens.DevelopmentKey, answer.Text);
        Assert.StartsWith("Bearer", answer.Headers["WWW-Authenticate"]);
    }

    [Fact]
    public async Task an_expired_token_names_when_it_expired()
    {
        var answer = (await Api.Get("/api/incidents", Tokens.Expired)).ShouldBeProblem(401);
        Assert.Matches(@"expired at \d{1,2} [A-Z][a-z]+ \d{4}, \d{2}:\d{2} WIB", answer.Detail);
    }

    [Fact]
    public async Task a_role_outside_the_route_gets_a_403_that_names_the_roles_allowed()
    {
        var answer = (await Api.Post("/api/incidents", new { }, Tokens.Analyst, In("id"))).ShouldBeProblem(403);
        Assert.Equal("role-not-allowed", Code(answer));
        Assert.StartsWith("Tindakan ini hanya untuk peran koordinator provinsi, ", answer.Detail); // in words, not the claims' codes
        Assert.EndsWith("; peran pada token Anda adalah analis.", answer.Detail);
        var english = (await Api.Post("/api/incidents", new { }, Tokens.Analyst, In("en"))).ShouldBeProblem(403);
        Assert.StartsWith("This is for the roles provincial coordinator, ", english.Detail);
        Assert.EndsWith("; your token's role is analyst.", english.Detail);
    }

    [Fact]
    public async Task an_enum_error_lists_the_allowed_values_and_no_dotnet_type()
    {
        var body = IncidentBody() with { };
        var json = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(body, Api.Json))!.AsObject();
        json["hazard"] = "tsunami";
        var answer = (await Api.Post("/api/incidents", json.ToJsonString(), Tokens.Coordinator, In("id"))).ShouldBeProblem(400);
        Assert.Equal("invalid-enum", Code(answer));
        Assert.Contains("flood, flash-flood, landslide, forest-fire, haze, extreme-weather, drought, other", FieldError(answer, "hazard"));
        Assert.Contains("harus salah satu dari", FieldError(answer, "hazard"));
        Assert.DoesNotContain("Coordination.", answer.Text);
        Assert.DoesNotContain("System.", answer.Text);

        var filter = (await Api.Get("/api/incidents?phase=banjir", Tokens.Analyst)).ShouldBeProblem(400);
        Assert.Equal("invalid-enum", Code(filter));
        Assert.Contains("alert, response, recovery, closed", FieldError(filter, "phase"));
    }

    [Fact]
    public async Task a_date_or_time_error_shows_the_format_expected()
    {
        var incident = await Api.ReportedIncident("61.05");
        var date = (await Api.Post($"/api/incidents/{incident}/emergency-status", """{"decree":"360/1","validUntil":"31/12/2026"}""",
            Tokens.Coordinator)).ShouldBeProblem(400);
        Assert.Equal("invalid-date", Code(date));
        Assert.Contains("yyyy-MM-dd", FieldError(date, "validUntil"));
        Assert.DoesNotContain("DateOnly", date.Text);

        var json = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(IncidentBody(), Api.Json))!.AsObject();
        json["occurredAt"] = "kemarin";
        var time = (await Api.Post("/api/incidents", json.ToJsonString(), Tokens.Coordinator, In("id"))).ShouldBeProblem(400);
        Assert.Equal("invalid-time", Code(time));
        Assert.Contains("ISO-8601", FieldError(time, "occurredAt"));

        var neededBy = (await Api.Post("/api/requests", new { incidentId = incident, district = "61.05", role = "counselor", count = 1,
            neededBy = "1999-12-31T00:00:00Z" }, Tokens.Coordinator)).ShouldBeProblem(400);
        Assert.Equal("time-too-early", Code(neededBy));
        var past = (await Api.Post("/api/requests", new { incidentId = incident, district = "61.05", role = "counselor", count = 1,
            neededBy = DateTimeOffset.UtcNow.AddHours(-1) }, Tokens.Coordinator, In("id"))).ShouldBeProblem(400);
        Assert.Equal("time-in-past", Code(past));
        Assert.Equal("Dibutuhkan paling lambat tidak boleh di masa lalu.", FieldError(past, "neededBy"));

        var query = (await Api.Get($"/api/incidents/{incident}/replay?at=kemarin", Tokens.Analyst)).ShouldBeProblem(400);
        Assert.Equal("invalid-time", Code(query));
        Assert.Contains("ISO-8601", FieldError(query, "at"));
        Assert.DoesNotContain("System.", query.Text);
    }

    [Fact]
    public async Task bad_json_and_unknown_fields_are_explained_without_type_names()
    {
        var broken = (await Api.Post("/api/incidents", "{\"district\": ", Tokens.Coordinator, In("id"))).ShouldBeProblem(400);
        Assert.Equal("invalid-json", Code(broken));
        Assert.Contains("bukan JSON yang valid", broken.Detail);

        var json = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(IncidentBody(), Api.Json))!.AsObject();
        json["korban"] = 3;
        var unknown = (await Api.Post("/api/incidents", json.ToJsonString(), Tokens.Coordinator)).ShouldBeProblem(400);
        Assert.Equal("unknown-field", Code(unknown));
        Assert.Contains("korban", FieldError(unknown, "korban"));
        Assert.DoesNotContain("ReportIncident", unknown.Text);
    }

    [Fact]
    public async Task accept_xml_still_gets_problem_json()
    {
        var xml = new Dictionary<string, string> { ["Accept"] = "application/xml" };
        (await Api.Get($"/api/incidents/{Guid.CreateVersion7()}", Tokens.Analyst, xml)).ShouldBeProblem(404);
        var forbidden = (await Api.Post("/api/incidents", new { }, Tokens.Analyst, xml)).ShouldBeProblem(403);
        Assert.Equal("role-not-allowed", Code(forbidden));
        var notAcceptable = (await Api.Post("/api/incidents", IncidentBody(), Tokens.Coordinator, xml)).ShouldBeProblem(406);
        Assert.Equal("not-acceptable", Code(notAcceptable));
        (await Api.Get("/api/incidents", null, xml)).ShouldBeProblem(401);
    }

    [Fact]
    public async Task readiness_reasons_and_coverage_gaps_are_worded_at_read_time_in_the_language_asked()
    {
        var incident = await Api.ReportedIncident("61.05", villages: ["Baning Kota", "Tanjung Puri"]);
        await ViewsCaughtUp();

        var id = (await Api.Get("/api/districts/61.05/readiness", Tokens.Analyst, In("id"))).ShouldBe(200);
        var en = (await Api.Get("/api/districts/61.05/readiness", Tokens.Analyst, In("en"))).ShouldBe(200);
        Assert.Contains("belum pernah diadakan simulasi", id.Body!["reasons"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Contains("no drill has been held", en.Body!["reasons"]!.AsArray().Select(r => r!.GetValue<string>()));

        var gaps = (await Api.Get($"/api/incidents/{incident}/coverage", Tokens.Analyst, In("id"))).ShouldBe(200).Body!["gaps"]!.AsArray()
            .Select(g => g!.GetValue<string>()).ToList();
        Assert.Contains(gaps, g => g.StartsWith("seluruh jiwa terdampak: 0% terjangkau (0 dari "));
        Assert.Contains("belum ada layanan di Baning Kota, Tanjung Puri", gaps);

        var province = (await Api.Get("/api/coverage", Tokens.Analyst, In("en"))).ShouldBe(200).Body!.AsArray();
        Assert.Contains(province[0]!["gaps"]!.AsArray(), g => g!.GetValue<string>().StartsWith("no service yet in"));
        province = (await Api.Get("/api/coverage", Tokens.Analyst, In("id"))).ShouldBe(200).Body!.AsArray();
        Assert.Contains(province[0]!["gaps"]!.AsArray(), g => g!.GetValue<string>().StartsWith("belum ada layanan di"));
    }

    [Fact]
    public async Task the_openapi_document_shows_reasons_and_gaps_as_texts()
    {
        var schemas = JsonNode.Parse((await Api.Get("/swagger/v1/swagger.json")).ShouldBe(200).Text)!["components"]!["schemas"]!;
        Assert.Equal("string", schemas["Readiness.ReadinessRow"]!["properties"]!["reasons"]!["items"]!["type"]!.GetValue<string>());
        Assert.Equal("string", schemas["Coverage.CoverageView"]!["properties"]!["gaps"]!["items"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task indonesian_numbers_use_a_dot_between_thousands()
    {
        var answer = (await Api.Post("/api/incidents", new string(' ', 300 * 1024), Tokens.Coordinator, In("id"))).ShouldBeProblem(413);
        Assert.Equal("body-too-large", Code(answer));
        Assert.Contains("262.144 bita", answer.Detail);
    }

    [Fact]
    public async Task drills_are_paged_like_every_other_list()
    {
        var answer = (await Api.Get("/api/districts/61.05/drills?limit=-1", Tokens.Analyst)).ShouldBeProblem(400);
        Assert.Equal("field-out-of-range", Code(answer));
        (await Api.Get("/api/districts/61.05/drills?offset=-1", Tokens.Analyst)).ShouldBeProblem(400);
        (await Api.Get("/api/districts/61.05/drills?limit=1001", Tokens.Analyst)).ShouldBeProblem(400);
        (await Api.Get("/api/districts/61.05/drills?limit=1000&offset=0", Tokens.Analyst)).ShouldBe(200);
    }

    private static ReportBody IncidentBody() => new("61.05", "flood", "Banjir Sintang", DateTimeOffset.UtcNow.AddHours(-2), ["Baning Kota"],
        new { total = 100, children = 10, elderly = 5, disabled = 1, pregnant = 1 });

    private sealed record ReportBody(string District, string Hazard, string Title, DateTimeOffset OccurredAt, string[] Villages, object Affected);
}
