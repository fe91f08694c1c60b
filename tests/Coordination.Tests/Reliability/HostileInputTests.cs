using System.Text;
using System.Text.Json.Nodes;
using Coordination.Tests.Incidents;
using Coordination.Tests.Support;
using Marten;

namespace Coordination.Tests.Reliability;

/// <summary>
/// Thousands of malformed and hostile bodies against every POST route: each must be a 4xx problem, never a 5xx,
/// and the event store must hold exactly as many events afterwards as before.
/// </summary>
public class HostileInputTests(AppFixture fixture) : ApiTest(fixture)
{
    public const int AtLeast = 10_000;

    private enum Kind { Text, District, Enum, DateTime, Date, Guid, Count, People, TextList, GuidList, Bool }

    private sealed record Route(string Url, JsonObject Valid, (string Field, Kind Kind, int Max)[] Fields);

    private static readonly string[] Injections =
    [
        "'; drop table coordination.mt_events; --", "\" OR 1=1 --", "<script>alert(1)</script>", "{{7*7}}", "${jndi:ldap://x/a}",
        "../../etc/passwd", "61.05\u0000", "%00", "\u202Eflood", "😀", "=cmd|' /C calc'!A0", "$(reboot)"
    ];

    private static IEnumerable<JsonNode?> BadValues(Kind kind, int max, Random random)
    {
        IEnumerable<JsonNode?> wrongTypes = kind switch
        {
            Kind.Text or Kind.District or Kind.Enum or Kind.DateTime or Kind.Date or Kind.Guid =>
                [JsonValue.Create(12345), JsonValue.Create(true), new JsonArray(), new JsonObject(), null, JsonValue.Create(1e300)],
            Kind.Count => [JsonValue.Create("12"), JsonValue.Create(true), new JsonArray(), new JsonObject(), null, JsonValue.Create(1.5)],
            Kind.Bool => [JsonValue.Create("yes"), JsonValue.Create(1), null, new JsonArray(), new JsonObject()],
            Kind.People => [null, new JsonArray(), JsonValue.Create("many"), JsonValue.Create(7)],
            _ => [null, JsonValue.Create("x"), JsonValue.Create(5), new JsonObject()]
        };
        foreach (var value in wrongTypes) yield return value;

        switch (kind)
        {
            case Kind.Text:
                yield return "";
                yield return "   ";
                yield return new string('x', max + 1);
                yield return new string('\u00e9', max + 1 + random.Next(50));
                break;
            case Kind.District:
                yield return "61.99";
                yield return "";
                foreach (var s in Injections) yield return s;
                break;
            case Kind.Enum:
                yield return "tsunami";
                yield return "";
                yield return -1;
                foreach (var s in Injections) yield return s;
                break;
            case Kind.DateTime:
                foreach (var s in new[] { "2021-13-45T00:00:00Z", "yesterday", "2021-11-02T25:61:00Z", "", "0000-00-00", "2999-01-01T00:00:00Z", "1899-12-31T00:00:00Z" })
                    yield return s;
                foreach (var s in Injections) yield return s;
                break;
            case Kind.Date:
                foreach (var s in new[] { "2021-02-30", "02/11/2021", "9999-99-99", "", "2021-11-02T10:00:00Z", "10000-01-01" }) yield return s;
                yield return 20211102;
                foreach (var s in Injections) yield return s;
                break;
            case Kind.Guid:
                foreach (var s in new[] { "not-a-guid", "", "{0193a000}", "0193a000-0000-7000-8000", Guid.NewGuid().ToString() }) yield return s;
                foreach (var s in Injections) yield return s;
                break;
            case Kind.Count:
                yield return -1;
                yield return max + 1;
                yield return JsonNode.Parse("1e400");
                yield return JsonNode.Parse("99999999999999999999");
                yield return 2147483648L;
                foreach (var s in Injections) yield return s;
                break;
            case Kind.People:
                yield return JsonNode.Parse("""{"total":-5,"children":0,"elderly":0,"disabled":0,"pregnant":0}""");
                yield return JsonNode.Parse("""{"total":10,"children":11,"elderly":0,"disabled":0,"pregnant":0}""");
                yield return JsonNode.Parse("""{"total":1e400,"children":0,"elderly":0,"disabled":0,"pregnant":0}""");
                yield return JsonNode.Parse("""{"total":"x","children":0,"elderly":0,"disabled":0,"pregnant":0}""");
                yield return JsonNode.Parse("""{"total":10,"children":0,"elderly":0,"disabled":0,"pregnant":0,"men":3}""");
                yield return JsonNode.Parse("""{"total":99999999,"children":0,"elderly":0,"disabled":0,"pregnant":0}""");
                break;
            case Kind.TextList:
                yield return new JsonArray();
                yield return new JsonArray(JsonValue.Create(1));
                yield return new JsonArray((JsonNode?)null);
                yield return new JsonArray(JsonValue.Create(""));
                yield return new JsonArray(JsonValue.Create(new string('v', 101)));
                yield return new JsonArray(Enumerable.Range(0, 501).Select(i => (JsonNode?)JsonValue.Create($"Desa {i}")).ToArray());
                break;
            case Kind.GuidList:
                yield return new JsonArray();
                yield return new JsonArray(JsonValue.Create("not-a-guid"));
                yield return new JsonArray(JsonValue.Create(Guid.NewGuid().ToString()));
                yield return new JsonArray(JsonValue.Create(1));
                foreach (var s in Injections) yield return new JsonArray(JsonValue.Create(s));
                break;
        }

        for (var i = 0; i < 4; i++) yield return RandomJunk(random, kind);
    }

    /// <summary>Random junk that no field of this kind accepts.</summary>
    private static JsonNode? RandomJunk(Random random, Kind kind)
    {
        var text = new string(Enumerable.Range(0, random.Next(1, 40)).Select(_ => (char)random.Next(0x21, 0x2FF)).ToArray());
        return kind switch
        {
            Kind.Count or Kind.Bool => JsonValue.Create("#" + text),
            Kind.Text => JsonValue.Create(random.NextDouble() * 1e9),
            Kind.People or Kind.TextList or Kind.GuidList => JsonValue.Create("#" + text),
            _ => JsonValue.Create("#" + text)
        };
    }

    private static IEnumerable<byte[]> Malformed(JsonObject valid)
    {
        string[] texts =
        [
            "", "[]", "42", "\"x\"", "true", "{", "{\"a\":", "}{", "{\"district\":\"61.05\",}", "{'district':'61.05'}",
            new string('[', 1000) + new string(']', 1000), string.Concat(Enumerable.Repeat("{\"a\":", 200)) + "1" + new string('}', 200),
            "{\"x\":\"" + new string('a', 300 * 1024) + "\"}"
        ];
        foreach (var text in texts) yield return Encoding.UTF8.GetBytes(text);
        yield return [0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xC3, 0x28, 0xFF, 0xFE, 0x22, 0x7D];
        yield return [0xEF, 0xBB, 0xBF, 0x7B, 0x7D, 0xF8, 0x88, 0x80, 0x80, 0x80];
        var extra = (JsonObject)valid.DeepClone();
        extra["unexpected"] = "field";
        yield return Encoding.UTF8.GetBytes(extra.ToJsonString());
        var padded = (JsonObject)valid.DeepClone();
        padded["padding"] = new string('p', 1024 * 1024);
        yield return Encoding.UTF8.GetBytes(padded.ToJsonString());
    }

    [Fact]
    public async Task ten_thousand_hostile_bodies_get_4xx_problems_and_store_nothing()
    {
        var routes = await Routes();
        await using (var before = Store.QuerySession())
        {
            var eventsBefore = await before.Events.QueryAllRawEvents().CountAsync();
            var random = new Random(20211102);
            var cases = new List<(string Url, byte[] Body)>();
            while (cases.Count < AtLeast)
            {
                foreach (var route in routes)
                {
                    foreach (var body in Malformed(route.Valid)) cases.Add((route.Url, body));
                    foreach (var (field, kind, max) in route.Fields)
                        foreach (var bad in BadValues(kind, max, random))
                        {
                            var body = (JsonObject)route.Valid.DeepClone();
                            body[field] = bad?.DeepClone();
                            cases.Add((route.Url, Encoding.UTF8.GetBytes(body.ToJsonString())));
                        }

                    var missing = (JsonObject)route.Valid.DeepClone();
                    missing.Remove(route.Fields[random.Next(route.Fields.Length)].Field);
                    cases.Add((route.Url, Encoding.UTF8.GetBytes(missing.ToJsonString())));
                }
            }

            var failures = new List<string>();
            var statuses = new SortedDictionary<int, int>();
            foreach (var batch in cases.Chunk(8))
            {
                var answers = await Task.WhenAll(batch.Select(c => Api.SendBytes(HttpMethod.Post, c.Url, c.Body, Tokens.Admin)));
                foreach (var (answer, (url, body)) in answers.Zip(batch))
                {
                    statuses[answer.Status] = statuses.GetValueOrDefault(answer.Status) + 1;
                    if (answer.Status is < 400 or >= 500 || answer.ContentType?.StartsWith("application/problem+json") != true ||
                        answer.Body?["code"] is null || Leaks(answer.Text))
                        failures.Add($"{url} {answer.Status} {Encoding.UTF8.GetString(body)[..Math.Min(body.Length, 200)]} → {answer.Text[..Math.Min(answer.Text.Length, 300)]}");
                }
            }

            Assert.Equal([400, 409, 413], statuses.Keys.Where(k => k is 400 or 409 or 413));

            Assert.True(failures.Count == 0, $"{failures.Count} of {cases.Count} answers were not 4xx problems:\n{string.Join("\n", failures.Take(20))}");
            await using var after = Store.QuerySession();
            Assert.Equal(eventsBefore, await after.Events.QueryAllRawEvents().CountAsync());
            Assert.True(cases.Count >= AtLeast);
        }
    }

    /// <summary>A .NET type name or a stack frame in an answer tells an attacker about the inside and a person nothing.</summary>
    private static bool Leaks(string text) =>
        text.Contains("Coordination.") || text.Contains("System.") || text.Contains("   at ") || text.Contains("Exception");

    [Fact]
    public async Task the_all_zero_id_in_any_path_is_a_404_problem_not_a_server_error()
    {
        var routes = await Routes();
        var empty = Guid.Empty.ToString();
        var withId = routes.Select(r => r.Url).Where(u => u.Split('/').Any(s => Guid.TryParse(s, out _))).ToList();
        Assert.True(withId.Count >= 12, $"{withId.Count} command routes with an id");
        foreach (var url in withId)
        {
            var path = string.Join('/', url.Split('/').Select(s => Guid.TryParse(s, out _) ? empty : s));
            var answer = (await Api.Post(path, "{}", Tokens.Admin)).ShouldBeProblem(404);
            Assert.Equal("empty-id", answer.Body!["code"]!.GetValue<string>());
            answer = (await Api.Post(path.Replace(empty, "00000000000000000000000000000000"), "{}", Tokens.Admin)).ShouldBeProblem(404);
            Assert.Equal("empty-id", answer.Body!["code"]!.GetValue<string>());
            (await Api.Post(path, "{}", token: null)).ShouldBeProblem(401);
        }

        foreach (var url in new[] { "incidents/{0}", "incidents/{0}/timeline", "incidents/{0}/replay?version=1", "incidents/{0}/coverage",
                     "requests/{0}", "deployments/{0}", "deployments/{0}/services", "personnel/{0}" })
            (await Api.Get("/api/" + string.Format(url, empty), Tokens.Admin)).ShouldBeProblem(404);

        var incident = routes[0].Valid.DeepClone().AsObject();
        var request = (await Api.Post("/api/requests", new { incidentId = Guid.Empty, district = "61.05", role = "counselor", count = 1 },
            Tokens.Admin)).ShouldBeProblem(400);
        Assert.Contains("incidentId", request.Errors!.Select(e => e.Key));
        var deployment = (await Api.Post("/api/deployments",
            new { district = "61.05", incidentId = Guid.Empty, requestId = Guid.Empty, teamName = "Tim", members = new[] { Guid.Empty }, village = "A" },
            Tokens.Admin)).ShouldBeProblem(400);
        Assert.Contains("incidentId", deployment.Errors!.Select(e => e.Key));
        Assert.Contains("requestId", deployment.Errors!.Select(e => e.Key));
        incident["id"] = empty;
        (await Api.Post("/api/incidents", incident.ToJsonString(), Tokens.Admin)).ShouldBeProblem(400);
    }

    /// <summary>
    /// A create whose id is already taken is compared with what that id holds, a retry answered as it, other facts a 409; a
    /// body of the wrong shape under such an id is its 400 (it built the event to compare from a missing field: a 500).
    /// </summary>
    [Fact]
    public async Task a_body_of_the_wrong_shape_under_an_id_already_taken_is_a_400()
    {
        var incident = await Api.ReportedIncident();
        var request = await Api.IssuedRequest(incident, "61.05", count: 2);
        var person = await Api.RegisteredPerson("61.05");

        foreach (var taken in new[] { request, incident })
        {
            var nullSkill = (await Api.Post("/api/requests", $$"""
                {"id":"{{taken}}","incidentId":"{{incident}}","district":"61.05","role":"counselor","count":2,"skills":["psychological-first-aid",null]}
                """, Tokens.Coordinator)).ShouldBeProblem(400);
            Assert.Contains("skills[1]", nullSkill.Errors!.Select(e => e.Key));
            var noTeamName = (await Api.Post("/api/deployments",
                new { id = taken, incidentId = incident, members = new[] { person }, village = "Baning Kota" }, Tokens.District("61.05"))).ShouldBeProblem(400);
            Assert.Contains("teamName", noTeamName.Errors!.Select(e => e.Key));
        }

        Assert.Equal("available", (await Api.Get($"/api/personnel/{person}", Tokens.Analyst)).Body!["status"]!.GetValue<string>());
        Assert.Equal("open", (await Api.Get($"/api/requests/{request}", Tokens.Analyst)).Body!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task a_nul_character_in_any_stored_text_is_a_400_naming_the_field()
    {
        var routes = await Routes();
        var checkedFields = 0;
        foreach (var route in routes)
            foreach (var (field, kind, _) in route.Fields.Where(f => f.Kind is Kind.Text or Kind.TextList && f.Field != "note"))
            {
                var body = (JsonObject)route.Valid.DeepClone();
                body[field] = kind == Kind.Text ? "Baning\u0000Kota" : new JsonArray("Baning\u0000Kota");
                var answer = (await Api.Post(route.Url, body.ToJsonString(), Tokens.Admin)).ShouldBeProblem(400);
                var named = kind == Kind.Text ? field : $"{field}[0]";
                Assert.True(answer.Errors?.ContainsKey(named) == true, $"{route.Url} {field}: {answer.Text}");
                Assert.Contains("U+0000", string.Join(" ", answer.Errors![named]!.AsArray().Select(e => e!.GetValue<string>())));
                checkedFields++;
            }

        var skills = (await Api.Post("/api/districts/61.05/personnel", new { name = "Dewi", role = "counselor", skills = new[] { "rujukan\u0000" } },
            Tokens.Admin)).ShouldBeProblem(400);
        Assert.True(skills.Errors!.ContainsKey("skills[0]"), skills.Text);
        var name = (await Api.Post("/api/districts/61.05/personnel", new { name = "De\u0000wi", role = "counselor" }, Tokens.Admin,
            new Dictionary<string, string> { ["Accept-Language"] = "id" })).ShouldBeProblem(400);
        Assert.Equal("field-control-character", name.Body!["code"]!.GetValue<string>());
        Assert.Contains("karakter kendali U+0000", name.Detail);
        Assert.True(checkedFields >= 10, $"{checkedFields} text fields checked");
    }

    [Fact]
    public async Task a_control_character_in_a_text_is_a_400_naming_it_while_tabs_and_line_breaks_are_kept()
    {
        var incident = await Api.ReportedIncident("61.05");
        foreach (var (text, named) in new[] { ("Air\u0001surut", "U+0001"), ("Air \u001b[31msurut", "U+001B"), ("Air\u007fsurut", "U+007F"), ("Air\u0085surut", "U+0085") })
        {
            var refused = (await Api.Post($"/api/incidents/{incident}/close", new { summary = text }, Tokens.Coordinator,
                new Dictionary<string, string> { ["Accept-Language"] = "id" })).ShouldBeProblem(400);
            Assert.Equal("field-control-character", refused.Body!["code"]!.GetValue<string>());
            Assert.Equal($"Ringkasan berisi karakter kendali {named} yang tidak dapat disimpan; hapus karakter tersebut.",
                refused.Errors!["summary"]![0]!.GetValue<string>());
        }

        var stillOpen = (await Api.Get($"/api/incidents/{incident}", Tokens.Coordinator)).Body!;
        Assert.NotEqual("closed", stillOpen["phase"]!.GetValue<string>());
        (await Api.Post($"/api/incidents/{incident}/close", new { summary = "Air surut.\r\n\tSemua tim ditarik." }, Tokens.Coordinator)).ShouldBe(200);
    }

    [Fact]
    public async Task a_text_of_only_characters_that_print_nothing_is_required_as_an_empty_one_is()
    {
        var incident = await Api.ReportedIncident("61.05");
        var indonesian = new Dictionary<string, string> { ["Accept-Language"] = "id" };
        foreach (var blank in new[] { "\u200b", "\ufeff", "\u200b\u200d \u2060", "\u202e", "\u00ad", "\u3164", " \u200e\u200f " })
        {
            var title = (await Api.Post("/api/incidents", new
            {
                id = Guid.NewGuid(), district = "61.05", hazard = "flood", title = blank, occurredAt = DateTimeOffset.UtcNow.AddHours(-1),
                villages = new[] { "Baning Kota" }, affected = new { total = 10, children = 1, elderly = 1, disabled = 0, pregnant = 0 }
            }, Tokens.Coordinator, indonesian)).ShouldBeProblem(400);
            Assert.Equal("field-required", title.Body!["code"]!.GetValue<string>());
            Assert.Equal("Judul wajib diisi.", title.Errors!["title"]![0]!.GetValue<string>());

            var village = (await Api.Post($"/api/incidents/{incident}/assessments", new
            {
                villages = new[] { "Baning Kota", blank }, affected = new { total = 10, children = 1, elderly = 1, disabled = 0, pregnant = 0 }
            }, Tokens.Coordinator)).ShouldBeProblem(400);
            Assert.Equal(["villages[1]"], village.Errors!.Select(e => e.Key));
            (await Api.Post("/api/districts/61.05/personnel", new { name = blank, role = "counselor" }, Tokens.District("61.05"))).ShouldBeProblem(400);
            (await Api.Post($"/api/incidents/{incident}/close", new { summary = blank }, Tokens.Coordinator)).ShouldBeProblem(400);
        }

        await using var session = Store.QuerySession();
        Assert.Single(await session.Events.FetchStreamAsync(incident));
        // a visible text keeps the marks inside it
        (await Api.Post($"/api/incidents/{incident}/close", new { summary = "Air\u00adsurut \u200bsemua" }, Tokens.Coordinator)).ShouldBe(200);
    }

    [Fact]
    public async Task a_field_sent_twice_is_a_400_naming_it_where_the_last_one_silently_won()
    {
        var incident = await Api.ReportedIncident("61.05");
        var request = await Api.IssuedRequest(incident, "61.05", count: 3);
        var twice = (await Api.Post($"/api/requests/{request}/accept", """{"count": 3, "count": 1}""", Tokens.District("61.05"),
            new Dictionary<string, string> { ["Accept-Language"] = "id" })).ShouldBeProblem(400);
        Assert.Equal(["count"], twice.Errors!.Select(e => e.Key));
        Assert.Equal("field-repeated", twice.Body!["code"]!.GetValue<string>());
        Assert.StartsWith("Jumlah", twice.Errors!["count"]![0]!.GetValue<string>());
        var nested = (await Api.Post($"/api/incidents/{incident}/assessments",
            """{"villages": ["Baning Kota"], "affected": {"total": 10, "children": 1, "elderly": 1, "disabled": 0, "pregnant": 0, "total": 99}}""",
            Tokens.Coordinator)).ShouldBeProblem(400);
        Assert.Equal(["affected.total"], nested.Errors!.Select(e => e.Key));
        // one name in two spellings is the same field too
        (await Api.Post($"/api/incidents/{incident}/phase", """{"phase": "recovery", "Phase": "alert"}""", Tokens.Coordinator)).ShouldBeProblem(400);

        Assert.Equal("open", (await Api.Get($"/api/requests/{request}", Tokens.Coordinator)).ShouldBe(200).Body!["status"]!.GetValue<string>());
        await using var session = Store.QuerySession();
        Assert.Single(await session.Events.FetchStreamAsync(incident));
    }

    [Fact]
    public async Task a_query_parameter_sent_twice_is_a_400_naming_it_as_a_property_sent_twice_is()
    {
        var indonesian = new Dictionary<string, string> { ["Accept-Language"] = "id" };
        foreach (var (url, name, label) in new[]
                 {
                     ("/api/exports/4w.csv?from=2026-01-01&from=2026-02-01", "from", "Tanggal awal (from)"),
                     ("/api/incidents?district=61.05&district=61.10", "district", null),
                     ("/api/incidents?limit=1&limit=2", "limit", "Jumlah per halaman (limit)"),
                     ("/api/incidents?hazard=flood&HAZARD=haze", "hazard", null),
                     ("/api/readiness?at=2026-11-28T00:00:00Z&at=2026-11-29T00:00:00Z", "at", null)
                 })
        {
            var answer = (await Api.Get(url, Tokens.Coordinator, indonesian)).ShouldBeProblem(400);
            Assert.Equal("field-repeated", answer.Body!["code"]!.GetValue<string>());
            Assert.Equal([name], answer.Errors!.Select(e => e.Key));
            if (label is not null)
                Assert.Equal($"{label} dikirim lebih dari sekali; kirim sekali saja.", answer.Errors![name]![0]!.GetValue<string>());
        }

        // the token is checked first, and one value of each is read as before
        (await Api.Get("/api/incidents?limit=1&limit=2", null)).ShouldBeProblem(401);
        (await Api.Get("/api/incidents?district=61.05&limit=1", Tokens.Coordinator)).ShouldBe(200);
    }

    [Fact]
    public async Task a_time_without_its_offset_is_a_400_where_it_was_read_in_the_servers_own_zone()
    {
        var indonesian = new Dictionary<string, string> { ["Accept-Language"] = "id" };
        object Incident(string occurredAt) => new
        {
            id = Guid.NewGuid(), district = "61.05", hazard = "flood", title = "Banjir Sintang", occurredAt,
            villages = new[] { "Baning Kota" }, affected = new { total = 10, children = 1, elderly = 1, disabled = 0, pregnant = 0 }
        };
        var hour = DateTimeOffset.UtcNow.AddHours(-3);
        foreach (var local in new[] { hour.ToString("yyyy-MM-ddTHH:mm:ss"), hour.ToString("yyyy-MM-dd"), hour.ToString("yyyy-MM-ddTHH:mm:ss.fffffff") })
        {
            var answer = (await Api.Post("/api/incidents", Incident(local), Tokens.Coordinator, indonesian)).ShouldBeProblem(400);
            Assert.Equal("invalid-time", answer.Body!["code"]!.GetValue<string>());
            Assert.Contains("zona waktu", answer.Errors!["occurredAt"]![0]!.GetValue<string>());
        }

        var incident = await Api.ReportedIncident("61.05");
        var request = (await Api.Post("/api/requests", new
        {
            incidentId = incident, district = "61.05", role = "counselor", count = 1, priority = "high",
            neededBy = DateTimeOffset.UtcNow.AddDays(1).ToString("yyyy-MM-ddTHH:mm:ss")
        }, Tokens.Coordinator)).ShouldBeProblem(400);
        Assert.Equal(["neededBy"], request.Errors!.Select(e => e.Key));
        var query = (await Api.Get($"/api/readiness?at={hour:yyyy-MM-ddTHH:mm:ss}", Tokens.Coordinator, indonesian)).ShouldBeProblem(400);
        Assert.Equal("invalid-time", query.Body!["code"]!.GetValue<string>());
        Assert.StartsWith("Waktu (at) harus", query.Errors!["at"]![0]!.GetValue<string>());
        // a bare date where a moment is read is no moment either; a day parameter takes one (?from= of the exports)
        var day = (await Api.Get($"/api/readiness?at={hour:yyyy-MM-dd}", Tokens.Coordinator, indonesian)).ShouldBeProblem(400);
        Assert.Equal("invalid-time", day.Body!["code"]!.GetValue<string>());
        (await Api.Get($"/api/exports/incidents.csv?from={hour:yyyy-MM-dd}", Tokens.Analyst)).ShouldBe(200);

        // with its offset, any offset, the same moment is stored; nine digits of a second are cut to what a time holds
        var wib = hour.ToOffset(TimeSpan.FromHours(7));
        var kept = (await Api.Post("/api/incidents", Incident(wib.ToString("yyyy-MM-ddTHH:mm:ss.fffffff") + "12+07:00"), Tokens.Coordinator)).ShouldBe(201).Id;
        var read = (await Api.Get($"/api/incidents/{kept}", Tokens.Coordinator)).ShouldBe(200).Body!;
        Assert.InRange((read["occurredAt"]!.GetValue<DateTimeOffset>() - hour).Ticks, -1, 1);
        Assert.EndsWith("+00:00", read["occurredAt"]!.GetValue<string>());
        (await Api.Post("/api/incidents", Incident(hour.ToString("yyyy-MM-ddTHH:mm:ssZ")), Tokens.Coordinator)).ShouldBe(201);
        (await Api.Get($"/api/readiness?at={Uri.EscapeDataString(wib.ToString("yyyy-MM-ddTHH:mm:sszzz"))}", Tokens.Coordinator)).ShouldBe(200);
        (await Api.Get($"/api/readiness?at={hour:yyyy-MM-ddTHH:mm:ss}Z", Tokens.Coordinator)).ShouldBe(200);
    }

    [Fact]
    public async Task a_body_declared_in_another_charset_than_utf8_is_a_415_that_asks_for_utf8()
    {
        var indonesian = new Dictionary<string, string> { ["Accept-Language"] = "id" };
        var json = """{"name": "José Lestari", "role": "tagana"}""";
        foreach (var (bytes, charset) in new[]
                 {
                     (Encoding.Latin1.GetBytes(json), "iso-8859-1"), (Encoding.Unicode.GetBytes(json), "utf-16"), (Encoding.UTF8.GetBytes(json), "latin1")
                 })
        {
            var refused = (await Api.SendBytes(HttpMethod.Post, "/api/districts/61.05/personnel", bytes, Tokens.District("61.05"), indonesian,
                $"application/json; charset={charset}")).ShouldBeProblem(415);
            Assert.Equal("unsupported-media-type", refused.Body!["code"]!.GetValue<string>());
            Assert.Contains("UTF-8", refused.Detail);
        }

        var roster = (await Api.Get("/api/districts/61.05/personnel?limit=1000", Tokens.District("61.05"))).ShouldBe(200).Body!.AsArray();
        Assert.DoesNotContain(roster, p => p!["name"]!.GetValue<string>().StartsWith("Jos"));
        foreach (var utf8 in new[] { "utf-8", "UTF-8", "utf8", "\"utf-8\"" })
            (await Api.SendBytes(HttpMethod.Post, "/api/districts/61.05/personnel", Encoding.UTF8.GetBytes(json), Tokens.District("61.05"), null,
                $"application/json; charset={utf8}")).ShouldBe(201);
    }

    [Fact]
    public async Task headers_beyond_32_kb_or_beyond_a_hundred_are_a_431_problem_in_indonesian()
    {
        var big = (await Api.Get("/api/incidents", Tokens.Coordinator, new Dictionary<string, string> { ["X-Note"] = new string('x', 40_000), ["Accept-Language"] = "id" }))
            .ShouldBeProblem(431);
        Assert.Equal(("headers-too-large", "Header permintaan terlalu besar", "https://tools.ietf.org/html/rfc6585#section-5"),
            (big.Body!["code"]!.GetValue<string>(), big.Body!["title"]!.GetValue<string>(), big.Body!["type"]!.GetValue<string>()));
        var many = Enumerable.Range(0, 120).ToDictionary(i => $"X-Note-{i}", i => "x");
        Assert.Equal("headers-too-large", (await Api.Get("/api/incidents", Tokens.Coordinator, many)).ShouldBeProblem(431).Body!["code"]!.GetValue<string>());
        (await Api.Get("/api/incidents", Tokens.Coordinator, new Dictionary<string, string> { ["X-Note"] = new string('x', 20_000) })).ShouldBe(200);
    }

    [Fact]
    public async Task a_utf8_charset_given_as_a_quoted_string_is_read_as_utf8_on_every_route_that_takes_json()
    {
        // RFC 9110 lets a parameter's value be a quoted string: charset="utf-8" is UTF-8, on the minimal API route as on the others
        var signedIn = await Api.SendBytes(HttpMethod.Post, "/api/dev/sign-in-as", Encoding.UTF8.GetBytes("""{"role": "analyst"}"""), null, null,
            "application/json; charset=\"utf-8\"");
        Assert.Equal("Bearer", signedIn.ShouldBe(200).Body!["tokenType"]!.GetValue<string>());
        var refused = (await Api.SendBytes(HttpMethod.Post, "/api/dev/sign-in-as", Encoding.UTF8.GetBytes("""{"role": "pilot"}"""), null, null,
            "application/json; charset=\"UTF-8\"")).ShouldBeProblem(400);
        Assert.Equal("account-role-unknown", refused.Body!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task a_group_left_out_of_the_people_affected_or_reached_is_required_not_taken_as_zero()
    {
        var incident = await Api.ReportedIncident("61.05");
        var partial = (await Api.Post($"/api/incidents/{incident}/assessments", new { villages = new[] { "Baning Kota" }, affected = new { total = 10 } },
            Tokens.Coordinator)).ShouldBeProblem(400);
        Assert.Equal(["affected.children", "affected.disabled", "affected.elderly", "affected.pregnant"], partial.Errors!.Select(e => e.Key).Order());
        Assert.All(partial.Body!["errorCodes"]!.AsObject(), e => Assert.Equal("field-required", e.Value![0]!.GetValue<string>()));
        var empty = (await Api.Post("/api/incidents", new
        {
            district = "61.05", hazard = "flood", title = "Banjir", occurredAt = DateTimeOffset.UtcNow.AddHours(-1), villages = new[] { "A" },
            affected = new { }
        }, Tokens.Coordinator)).ShouldBeProblem(400);
        Assert.Contains("affected.total", empty.Errors!.Select(e => e.Key));

        var team = await Api.TeamOnSite(incident, await Api.RegisteredPeople(1, "61.05"));
        var before = (await Api.Get($"/api/incidents/{incident}", Tokens.Coordinator)).ShouldBe(200).Text;
        var reached = (await Api.Post($"/api/deployments/{team}/services", new
        {
            date = DateTime.UtcNow.ToString("yyyy-MM-dd"), village = "Baning Kota", service = "referral", newlyReached = new { total = 3, children = 1 },
            contacts = 3
        }, Tokens.District("61.05"))).ShouldBeProblem(400);
        Assert.Contains("newlyReached.elderly", reached.Errors!.Select(e => e.Key));

        Assert.Equal(before, (await Api.Get($"/api/incidents/{incident}", Tokens.Coordinator)).Text);
        Assert.Empty((await Api.Get($"/api/deployments/{team}/services", Tokens.Coordinator)).ShouldBe(200).Body!.AsArray());
    }

    [Fact]
    public async Task a_cut_off_body_is_invalid_json_even_when_it_starts_with_an_unknown_field()
    {
        var incident = await Api.ReportedIncident("61.05");
        var before = (await Api.Get($"/api/incidents/{incident}", Tokens.Coordinator)).Text;
        foreach (var body in new[] { """{"korban": 1, "phase": "reco""", """{"korban":""", """{"affected": {"men": 4, "total": """, """{"korban": 1} x""" })
        {
            var answer = (await Api.Post($"/api/incidents/{incident}/phase", body, Tokens.Coordinator)).ShouldBeProblem(400);
            Assert.True(answer.Body!["code"]!.GetValue<string>() == "invalid-json", $"{body}: {answer.Text}");
            Assert.Equal(["body"], answer.Errors!.Select(e => e.Key));
        }

        // whole JSON with a field the command does not know is still told by that field
        var unknown = (await Api.Post($"/api/incidents/{incident}/phase", """{"korban": 1, "phase": "recovery"}""", Tokens.Coordinator)).ShouldBeProblem(400);
        Assert.Equal("unknown-field", unknown.Body!["code"]!.GetValue<string>());
        Assert.Equal(before, (await Api.Get($"/api/incidents/{incident}", Tokens.Coordinator)).Text);
    }

    [Fact]
    public async Task an_unknown_field_inside_an_object_is_named_by_its_path()
    {
        var incident = await Api.ReportedIncident("61.05");
        var answer = (await Api.Post($"/api/incidents/{incident}/assessments", new
        {
            villages = new[] { "Baning Kota" }, affected = new { total = 10, children = 1, elderly = 1, disabled = 0, pregnant = 0, men = 4 }
        }, Tokens.Coordinator)).ShouldBeProblem(400);
        Assert.Equal(["affected.men"], answer.Errors!.Select(e => e.Key));
        Assert.Equal("unknown-field", answer.Body!["code"]!.GetValue<string>());

        // a name no string can hold (an unpaired surrogate) is refused as bad input, not a server error
        foreach (var body in new[] { """{"\ud800": 1}""", """{"phase": "recovery", "\udfff": 1}""", """{"phase": "recovery", "phase\ud800": 1}""" })
            (await Api.Post($"/api/incidents/{incident}/phase", body, Tokens.Coordinator)).ShouldBeProblem(400);
    }

    [Fact]
    public async Task an_enum_in_a_body_is_read_only_by_its_kebab_case_name_as_a_query_reads_it()
    {
        foreach (var hazard in new[] { "FLOOD", "Flood", "flood ", "flashFlood", "FlashFlood", "flash_flood" })
        {
            var body = new
            {
                district = "61.05", hazard, title = "Banjir", occurredAt = DateTimeOffset.UtcNow.AddHours(-1), villages = new[] { "A" },
                affected = new { total = 1, children = 0, elderly = 0, disabled = 0, pregnant = 0 }
            };
            var answer = (await Api.Post("/api/incidents", body, Tokens.Coordinator)).ShouldBeProblem(400);
            Assert.Equal("invalid-enum", answer.Body!["code"]!.GetValue<string>());
            Assert.Equal(["hazard"], answer.Errors!.Select(e => e.Key));
            (await Api.Get($"/api/incidents?hazard={Uri.EscapeDataString(hazard)}", Tokens.Analyst)).ShouldBeProblem(400);
        }

        (await Api.Post("/api/districts/61.05/personnel", new { name = "Dewi", role = "COUNSELOR" }, Tokens.District("61.05"))).ShouldBeProblem(400);
        (await Api.Post("/api/incidents", IncidentScenarios.Flood(), Tokens.Coordinator)).ShouldBe(201);
        await using var session = Store.QuerySession();
        Assert.Equal(1, await session.Events.QueryAllRawEvents().CountAsync());
    }

    private async Task<IReadOnlyList<Route>> Routes()
    {
        var incident = await Api.ReportedIncident("61.05", villages: ["Baning Kota", "Tanjung Puri"]);
        var person = await Api.RegisteredPerson("61.05");
        var request = await Api.IssuedRequest(incident, "61.05", count: 3);
        var onSite = await Api.TeamOnSite(incident, await Api.RegisteredPeople(1, "61.05"));
        var stoodDown = await Api.TeamOnSite(incident, await Api.RegisteredPeople(1, "61.05"));
        (await Api.Post($"/api/deployments/{stoodDown}/stand-down", null, Tokens.Admin)).ShouldBe(200);
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd");
        JsonObject O(object o) => JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(o, Api.Json))!.AsObject();
        var people = new { total = 10, children = 2, elderly = 1, disabled = 0, pregnant = 0 };

        return
        [
            new("/api/incidents", O(new { district = "61.05", hazard = "flood", title = "Banjir", occurredAt = DateTimeOffset.UtcNow.AddHours(-1), villages = new[] { "A" }, affected = people }),
                [("district", Kind.District, 10), ("hazard", Kind.Enum, 0), ("title", Kind.Text, 200), ("occurredAt", Kind.DateTime, 0), ("villages", Kind.TextList, 0), ("affected", Kind.People, 0)]),
            new($"/api/incidents/{incident}/assessments", O(new { villages = new[] { "A" }, affected = people }), [("villages", Kind.TextList, 0), ("affected", Kind.People, 0)]),
            new($"/api/incidents/{incident}/phase", O(new { phase = "recovery" }), [("phase", Kind.Enum, 0)]),
            new($"/api/incidents/{incident}/emergency-status", O(new { decree = "360/1/2026", validUntil = "2026-12-31" }), [("decree", Kind.Text, 100), ("validUntil", Kind.Date, 0)]),
            new($"/api/incidents/{incident}/close", O(new { summary = "selesai" }), [("summary", Kind.Text, 4000)]),
            new("/api/districts/61.05/personnel", O(new { name = "Dewi", role = "counselor", skills = new[] { "referral" } }), [("name", Kind.Text, 120), ("role", Kind.Enum, 0)]),
            new($"/api/personnel/{person}/trainings", O(new { course = "PFA", completedOn = "2026-01-01" }), [("course", Kind.Text, 200), ("completedOn", Kind.Date, 0)]),
            new($"/api/personnel/{person}/availability", O(new { available = false, reason = "cuti" }), [("available", Kind.Bool, 0), ("reason", Kind.Text, 500)]),
            new("/api/districts/61.05/drills", O(new { heldOn = today, scenario = "Simulasi", participants = new[] { person } }),
                [("heldOn", Kind.Date, 0), ("scenario", Kind.Text, 500), ("participants", Kind.GuidList, 0)]),
            new("/api/requests", O(new { incidentId = incident, district = "61.05", role = "counselor", count = 2 }),
                [("incidentId", Kind.Guid, 0), ("district", Kind.District, 10), ("role", Kind.Enum, 0), ("count", Kind.Count, 1000)]),
            new($"/api/requests/{request}/accept", O(new { count = 2 }), [("count", Kind.Count, 3)]),
            new($"/api/requests/{request}/decline", O(new { reason = "x" }), [("reason", Kind.Text, 1000)]),
            new($"/api/requests/{request}/cancel", O(new { reason = "x" }), [("reason", Kind.Text, 1000)]),
            new("/api/deployments", O(new { district = "61.05", incidentId = incident, teamName = "Tim", members = new[] { person }, village = "Baning Kota" }),
                [("incidentId", Kind.Guid, 0), ("teamName", Kind.Text, 120), ("members", Kind.GuidList, 0), ("village", Kind.Text, 100)]),
            new($"/api/deployments/{stoodDown}/arrive", O(new { note = "x" }), [("note", Kind.Text, 10)]),
            new($"/api/deployments/{stoodDown}/stand-down", O(new { note = "x" }), [("note", Kind.Text, 10)]),
            new($"/api/deployments/{onSite}/services", O(new { date = today, village = "Baning Kota", service = "referral", newlyReached = people, contacts = 10 }),
                [("date", Kind.Date, 0), ("village", Kind.Text, 100), ("service", Kind.Enum, 0), ("newlyReached", Kind.People, 0), ("contacts", Kind.Count, 10_000_000)])
        ];
    }
}
