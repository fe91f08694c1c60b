using System.Text;
using System.Text.Json.Nodes;
using Coordination.Tests.Support;
using Xunit.Abstractions;

namespace Coordination.Tests.Infrastructure;

/// <summary>The API answers what its OpenAPI document says: a declared status, a declared content type, a body valid against the schema.</summary>
public class ContractTests(AppFixture fixture, ITestOutputHelper output) : ApiTest(fixture)
{
    [Fact]
    public async Task every_operation_answers_a_success_and_its_problems_as_the_document_declares_them()
    {
        var document = await ApiDocument.LoadAsync(Api);
        var client = new RawClient(Host);
        var answers = new List<(Operation Operation, Answer Answer)>();

        var shared = await World.CreateAsync(Api);
        foreach (var operation in document.Operations)
        {
            // a command gets things of its own, in the state its success needs
            var world = operation.Method == "GET" ? shared : await World.CreateAsync(Api);
            foreach (var call in await Calls(operation, world, client))
                answers.Add((operation, await client.Send(call)));
        }

        var mismatches = answers.Select(a => document.Mismatch(a.Answer.Method, a.Answer.Url, a.Answer.Status, a.Answer.ContentType, a.Answer.Body))
            .OfType<string>().Distinct().ToList();
        foreach (var operation in document.Operations)
        {
            var statuses = answers.Where(a => a.Operation == operation).Select(a => a.Answer.Status).ToList();
            if (!statuses.Any(s => s is >= 200 and < 300))
                mismatches.Add($"{operation.Name}: no success in this scenario ({string.Join(", ", answers.Where(a => a.Operation == operation).Select(a => a.Answer))})");
            if (!statuses.Any(s => s >= 400)) mismatches.Add($"{operation.Name}: no error in this scenario");
        }

        output.WriteLine($"{document.Operations.Count} operations, {document.Operations.Sum(o => o.Statuses.Count())} statuses declared, " +
                         $"{answers.Count} answers checked");
        Assert.True(mismatches.Count == 0, $"{mismatches.Count} answers differ from the OpenAPI document:\n" + string.Join("\n", mismatches));
    }

    [Fact]
    public async Task the_check_refuses_an_undeclared_status_a_problem_without_its_code_and_a_body_of_the_wrong_shape()
    {
        var document = await ApiDocument.LoadAsync(Api);
        const string problem = """{"type":"about:blank","title":"Unauthorized","status":401,"detail":"No token.","code":"token-missing","traceId":"00-1"}""";
        Assert.Null(document.Mismatch("GET", "/api/incidents", 401, "application/problem+json", problem));
        Assert.Contains("status not declared", document.Mismatch("GET", "/api/incidents", 418, "application/problem+json", problem));
        Assert.Contains("content type", document.Mismatch("GET", "/api/incidents", 401, "text/html", "<p>"));
        Assert.Contains("code", document.Mismatch("GET", "/api/incidents", 401, "application/problem+json", problem.Replace("\"code\":\"token-missing\",", "")));
        Assert.Contains("/0/title", document.Mismatch("GET", "/api/incidents", 200, "application/json", """[{"title": 5}]"""));
        Assert.Contains("no such operation", document.Mismatch("DELETE", "/api/incidents", 200, "application/json", "[]"));
    }

    [Fact]
    public async Task every_answer_the_api_tests_received_so_far_is_one_the_document_declares()
    {
        // the collection fixture checks them all again when the collection is done
        var mismatches = await Fixture.ContractMismatchesAsync();
        output.WriteLine($"{Answers.Of(Host).Count} answers recorded from the API tests that ran before this one");
        Assert.True(mismatches.Count == 0, $"{mismatches.Count} answers differ from the OpenAPI document:\n" + string.Join("\n", mismatches));
    }

    [Fact]
    public async Task every_limit_the_document_declares_on_a_body_is_the_one_the_api_holds_to()
    {
        var document = await ApiDocument.LoadAsync(Api);
        var client = new RawClient(Host);
        var world = await World.CreateAsync(Api);
        var failures = new List<string>();
        var limits = 0;

        foreach (var operation in document.Operations.Where(o => o.BodySchema is not null))
        {
            if (world.ValidBody(operation) is not { } valid) continue;
            var schema = document.Resolve(operation.BodySchema)!;
            var required = schema["required"]?.AsArray().Select(r => r!.GetValue<string>()).ToHashSet() ?? [];
            var token = world.TokenOf(World.RoleFor(operation));

            async Task<string[]> CodesOn(string field, Action<JsonObject> change)
            {
                var body = (JsonObject)valid.DeepClone();
                change(body);
                var answer = await client.Send(new Call(operation.Method, world.Url(operation), token, Encoding.UTF8.GetBytes(body.ToJsonString())));
                var codes = answer.Status == 400 ? JsonNode.Parse(answer.Body)!["errorCodes"]?[field]?.AsArray() : null;
                return codes?.Select(c => c!.GetValue<string>()).ToArray() ?? [];
            }

            void Expect(bool held, string what)
            {
                limits++;
                if (!held) failures.Add($"{operation.Name}: {what}");
            }

            foreach (var (name, declared) in schema["properties"]!.AsObject())
            {
                var property = declared!.AsObject();
                if (required.Contains(name))
                {
                    Expect(property["nullable"] is null && property["anyOf"] is null, $"{name} is required yet declared nullable");
                    Expect((await CodesOn(name, b => b.Remove(name))).Length > 0, $"{name} is required, yet leaving it out is no 400 naming it");
                    Expect((await CodesOn(name, b => b[name] = null)).Length > 0, $"{name} is required, yet null is no 400 naming it");
                }

                if (property["maxLength"]?.GetValue<int>() is { } maxLength && name != "district")
                {
                    // JSON Schema counts characters as code points: an emoji is one
                    var longest = string.Concat(Enumerable.Repeat("\U0001F30A", maxLength));
                    Expect(!(await CodesOn(name, b => b[name] = longest)).Contains("field-too-long"), $"{name} of {maxLength} emoji refused as too long");
                    Expect((await CodesOn(name, b => b[name] = new string('a', maxLength + 1))).Contains("field-too-long"),
                        $"{name} of {maxLength + 1} characters not refused as too long");
                }

                if (property["maxItems"]?.GetValue<int>() is { } maxItems)
                {
                    var items = new JsonArray(Enumerable.Range(0, maxItems + 1)
                        .Select(i => property["items"]?["format"]?.GetValue<string>() == "uuid" ? (JsonNode)Guid.NewGuid().ToString() : $"Desa {i}").ToArray());
                    Expect((await CodesOn(name, b => b[name] = items)).Any(c => c.EndsWith("too-many")), $"{name} of {maxItems + 1} items not refused");
                }

                // each text of a list (villages, skills): not blank, at most its maxLength characters
                if (property["items"] is JsonObject each && each["maxLength"]?.GetValue<int>() is { } itemLength)
                {
                    var first = $"{name}[0]";
                    var longest = string.Concat(Enumerable.Repeat("\U0001F30A", itemLength));
                    Expect(!(await CodesOn(first, b => b[name] = new JsonArray(longest))).Contains("field-too-long"), $"{first} of {itemLength} emoji refused as too long");
                    Expect((await CodesOn(first, b => b[name] = new JsonArray(new string('a', itemLength + 1)))).Contains("field-too-long"),
                        $"{first} of {itemLength + 1} characters not refused as too long");
                    if (each["minLength"]?.GetValue<int>() is 1)
                        Expect((await CodesOn(first, b => b[name] = new JsonArray(" "))).Length > 0, $"{first} blank not refused");
                }
                else if (property["items"]?["type"]?.GetValue<string>() == "string" && property["items"]?["format"] is null)
                    Expect(false, $"{name} is a list of texts that declares no length for each");

                if (property["minItems"]?.GetValue<int>() is 1)
                    Expect((await CodesOn(name, b => b[name] = new JsonArray())).Length > 0, $"{name} empty not refused");

                // a number's range, and those of the numbers in an object (affected.total)
                var numbers = new List<(string Field, JsonObject Schema, Action<JsonObject, long> Set)>();
                if (property["maximum"] is not null) numbers.Add((name, property, (b, v) => b[name] = v));
                var inner = document.Resolve(property["anyOf"]?[0] ?? property);
                if (inner?["properties"] is JsonObject members && valid[name] is JsonObject)
                    foreach (var (member, memberSchema) in members.Where(m => m.Value?["maximum"] is not null))
                        numbers.Add(($"{name}.{member}", memberSchema!.AsObject(), (b, v) => b[name]![member] = v));
                foreach (var (field, range, set) in numbers)
                {
                    var maximum = range["maximum"]!.GetValue<long>();
                    var minimum = range["minimum"]!.GetValue<long>();
                    Expect((await CodesOn(field, b => set(b, maximum + 1))).Length > 0, $"{field} of {maximum + 1} not refused");
                    Expect((await CodesOn(field, b => set(b, minimum - 1))).Length > 0, $"{field} of {minimum - 1} not refused");
                }
            }
        }

        output.WriteLine($"{limits} declared limits checked");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(limits >= 150, $"only {limits} limits declared on the command bodies");
    }

    [Fact]
    public async Task every_list_declares_its_page_limits_and_holds_to_them()
    {
        var document = (await Api.Get("/swagger/v1/swagger.json", Tokens.Admin)).ShouldBe(200).Body!;
        var pages = 0;
        foreach (var (path, item) in document["paths"]!.AsObject())
            foreach (var parameter in item!["get"]?["parameters"]?.AsArray() ?? [])
            {
                var schema = parameter!["schema"]!;
                switch (parameter["name"]!.GetValue<string>())
                {
                    case "limit":
                        pages++;
                        Assert.Equal((1, 1000, 100), (schema["minimum"]!.GetValue<int>(), schema["maximum"]!.GetValue<int>(), schema["default"]!.GetValue<int>()));
                        break;
                    case "offset":
                        Assert.Equal(0, schema["minimum"]!.GetValue<int>());
                        break;
                }
            }

        Assert.True(pages >= 5, $"only {pages} lists declare a limit");
        foreach (var outside in new[] { "limit=0", "limit=1001", "offset=-1" })
            Assert.Equal(outside.Split('=')[0], Assert.Single((await Api.Get($"/api/incidents?{outside}", Tokens.Analyst)).ShouldBeProblem(400).Errors!).Key);
        (await Api.Get("/api/incidents?limit=1000&offset=0", Tokens.Analyst)).ShouldBe(200);
    }

    [Fact]
    public async Task every_filter_that_takes_named_values_lists_them_and_the_api_takes_those_and_no_others()
    {
        var document = (await Api.Get("/swagger/v1/swagger.json", Tokens.Admin)).ShouldBe(200).Body!;
        var district = new Dictionary<string, string> { ["/api/districts/{code}/personnel"] = "/api/districts/61.05/personnel" };
        var filters = 0;
        foreach (var (path, item) in document["paths"]!.AsObject())
            foreach (var parameter in item!["get"]?["parameters"]?.AsArray() ?? [])
            {
                var name = parameter!["name"]!.GetValue<string>();
                if (parameter["in"]!.GetValue<string>() != "query" || name is not ("status" or "phase" or "hazard" or "role")) continue;
                var values = parameter["schema"]?["enum"]?.AsArray().Select(v => v!.GetValue<string>()).ToList();
                Assert.True(values is { Count: > 0 }, $"{path}?{name} lists no values");
                filters++;
                var url = district.GetValueOrDefault(path, path);
                foreach (var value in values!) (await Api.Get($"{url}?{name}={value}", Tokens.Analyst)).ShouldBe(200);
                var other = (await Api.Get($"{url}?{name}=tsunami", Tokens.Analyst)).ShouldBeProblem(400);
                Assert.Equal("invalid-enum", other.Body!["code"]!.GetValue<string>());
                var told = other.Errors![name]!.AsArray().Single()!.GetValue<string>();
                foreach (var value in values) Assert.Contains(value, told);
            }

        Assert.True(filters >= 7, $"only {filters} filters list their values");
    }

    /// <summary>The success call of an operation (after what it needs first) and the errors a client can meet on it.</summary>
    private async Task<List<Call>> Calls(Operation operation, World world, RawClient client)
    {
        var role = World.RoleFor(operation);
        var body = world.ValidBody(operation);
        byte[]? Bytes(string json) => operation.Method == "GET" ? null : Encoding.UTF8.GetBytes(json);
        var valid = new Call(operation.Method, world.Url(operation), world.TokenOf(role), Bytes(body?.ToJsonString() ?? ""));
        if (operation.Name == "GET /api/readiness") valid = valid with { Url = valid.Url + "?at=" + DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-ddTHH:mm:ssZ") };
        if (operation.Name == "GET /api/incidents/{id}/replay") valid = valid with { Url = valid.Url + "?version=1" };

        switch (operation.Name)
        {
            case "POST /api/deployments/{id}/services":
                (await Api.Post($"/api/deployments/{world.Deployment}/arrive", null, Tokens.District(World.Own))).ShouldBe(200);
                break;
            case "POST /api/incidents/{id}/close":
                (await Api.Post($"/api/deployments/{world.Deployment}/stand-down", null, Tokens.District(World.Own))).ShouldBe(200);
                break;
            case "POST /api/accounts/{id}/enable":
                (await Api.Post($"/api/accounts/{world.Account.Id}/disable", null, Tokens.Admin)).ShouldBe(200);
                break;
        }

        var calls = new List<Call> { valid };
        if (!operation.Anonymous) calls.Add(valid with { Token = null });
        if (operation.Statuses.Contains("403") && role is not ("analyst" or "account"))
            calls.Add(valid with { Token = world.TokenOf(role == "own" ? "other" : "analyst") });
        if (operation.Parameters("path").Any())
            calls.Add(valid with { Url = world.Url(operation, name => name == "code" ? "99.99" : Guid.CreateVersion7().ToString()) });
        if (operation.BodySchema is not null)
        {
            calls.Add(valid with { Body = Bytes("{\"unknown\": 1}") });
            calls.Add(valid with { Body = Bytes("{") });
        }

        if (operation.Parameters("query").Any(p => p["name"]!.GetValue<string>() == "limit")) calls.Add(valid with { Url = valid.Url + "?limit=-1" });
        if (operation.Parameters("header").Any(p => p["name"]!.GetValue<string>() == "If-Match"))
            calls.Add(valid with { Headers = new(StringComparer.OrdinalIgnoreCase) { ["If-Match"] = "\"999\"" } });
        // the success goes last, so that the errors meet the state the success needs
        calls.Remove(valid);
        calls.Add(valid);
        return calls;
    }
}
