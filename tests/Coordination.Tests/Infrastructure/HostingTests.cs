using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Coordination.Tests.Incidents;
using Coordination.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace Coordination.Tests.Infrastructure;

public class HostingTests(AppFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public async Task health_is_live_and_ready_without_a_token()
    {
        (await Api.Get("/health/live")).ShouldBe(200);
        (await Api.Get("/health/ready")).ShouldBe(200);
    }

    [Fact]
    public async Task head_answers_as_get_without_a_body()
    {
        var incident = await Api.ReportedIncident();
        async Task<(int Status, IHeaderDictionary Headers, string Body)> Head(string url, string? token)
        {
            var result = await Host.Scenario(s =>
            {
                s.Get.Url(url);
                s.ConfigureHttpContext(http => http.Request.Method = HttpMethods.Head);
                if (token is not null) s.WithRequestHeader("Authorization", $"Bearer {token}");
                s.IgnoreStatusCode();
            });
            return (result.Context.Response.StatusCode, result.Context.Response.Headers, await result.ReadAsTextAsync());
        }

        var get = (await Api.Get($"/api/incidents/{incident}", Tokens.Analyst)).ShouldBe(200);
        var head = await Head($"/api/incidents/{incident}", Tokens.Analyst);
        Assert.Equal(200, head.Status);
        Assert.Equal(get.Headers["ETag"], head.Headers.ETag.ToString());
        Assert.StartsWith("application/json", head.Headers.ContentType.ToString());
        Assert.Equal("", head.Body);

        // the exports write their CSV straight to the body: HEAD answers their 200 too, where it was a 204 as if GET had nothing
        foreach (var url in new[] { "/api/districts", "/api/readiness", $"/api/incidents/{incident}/coverage", "/health/live", "/",
                     "/api/exports/incidents.csv", "/api/exports/4w.csv" })
        {
            var answer = await Head(url, Tokens.Analyst);
            Assert.True(answer.Status == 200 && answer.Body == "", $"HEAD {url}: {answer.Status} {answer.Body}");
        }

        // a stream of events answers its headers and ends
        var stream = await Head("/api/events/stream", Tokens.Analyst);
        Assert.Equal(200, stream.Status);
        Assert.StartsWith("text/event-stream", stream.Headers.ContentType.ToString());

        // what GET would refuse, HEAD is refused the same, without the problem's body
        Assert.Equal((401, ""), ((await Head("/api/districts", null)).Status, (await Head("/api/districts", null)).Body));
        Assert.Equal(404, (await Head($"/api/incidents/{Guid.CreateVersion7()}", Tokens.Analyst)).Status);
        var post = await Head("/api/requests/0193b000-0000-7000-8000-00000000a001/accept", Tokens.Analyst);
        Assert.Equal(405, post.Status);
        Assert.Equal("POST", post.Headers.Allow.ToString());
    }

    [Fact]
    public async Task the_openapi_document_lists_every_incident_route_with_schemas_and_the_bearer_scheme()
    {
        var swagger = JsonNode.Parse((await Api.Get("/swagger/v1/swagger.json")).ShouldBe(200).Text)!;
        var paths = swagger["paths"]!.AsObject();
        string[] commands =
        [
            "/api/incidents", "/api/incidents/{id}/assessments", "/api/incidents/{id}/phase",
            "/api/incidents/{id}/emergency-status", "/api/incidents/{id}/close"
        ];
        foreach (var path in commands)
        {
            var post = paths[path]?["post"] ?? throw new Xunit.Sdk.XunitException($"{path} is not documented");
            Assert.NotNull(post["requestBody"]?["content"]?["application/json"]?["schema"]);
            var success = post["responses"]!.AsObject().First(r => r.Key.StartsWith('2')).Value!;
            Assert.NotNull(success["content"]?["application/json"]?["schema"]);
        }

        Assert.NotNull(paths["/api/incidents/{id}"]?["get"]?["responses"]?["200"]?["content"]?["application/json"]?["schema"]);
        Assert.NotNull(paths["/api/incidents"]?["get"]);
        Assert.NotNull(swagger["components"]?["securitySchemes"]?["bearer"]);
        Assert.Contains("flash-flood", swagger["components"]!["schemas"]!.ToJsonString());
    }

    [Fact]
    public async Task every_operation_says_what_it_is_and_every_problem_it_can_answer_with_its_headers_and_examples()
    {
        var swagger = JsonNode.Parse((await Api.Get("/swagger/v1/swagger.json")).ShouldBe(200).Text)!;
        Assert.NotEmpty(swagger["servers"]!.AsArray());
        Assert.All(swagger["tags"]!.AsArray(), tag => Assert.False(string.IsNullOrWhiteSpace(tag!["description"]?.GetValue<string>())));

        var operations = 0;
        foreach (var (path, item) in swagger["paths"]!.AsObject())
        foreach (var (method, operation) in item!.AsObject())
        {
            operations++;
            var where = $"{method.ToUpperInvariant()} {path}";
            Assert.False(string.IsNullOrWhiteSpace(operation!["summary"]?.GetValue<string>()), $"{where} has no summary");
            Assert.DoesNotContain("_api_", operation["description"]?.GetValue<string>() ?? "");
            var responses = operation["responses"]!.AsObject();
            Assert.Contains("503", responses.Select(r => r.Key));
            Assert.DoesNotContain("204", responses.Select(r => r.Key));
            foreach (var (status, response) in responses.Where(r => r.Key[0] is '4' or '5'))
                Assert.True(response!["content"]?["application/problem+json"]?["schema"] is not null, $"{where} {status} has no problem body");

            var parameters = operation["parameters"]?.AsArray().Select(p => p!).ToList() ?? [];
            foreach (var parameter in parameters.Where(p => p["in"]!.GetValue<string>() == "path"))
                Assert.True(parameter["example"] is not null, $"{where} {parameter["name"]} has no example");
            var secret = path is "/api/accounts" or "/api/accounts/{id}/reset-password" or "/api/account/password" or "/api/account/login"
                or "/api/account/refresh" or "/api/dev/sign-in-as";
            Assert.Equal(method == "post" && !secret, parameters.Any(p => p["name"]!.GetValue<string>() == "Idempotency-Key"));
            if (method == "post")
            {
                Assert.Contains("409", responses.Select(r => r.Key));
                Assert.Contains("413", responses.Select(r => r.Key));
            }

            if (path is not ("/api/account/login" or "/api/account/refresh" or "/api/dev/sign-in-as"))
            {
                Assert.Contains("401", responses.Select(r => r.Key));
                Assert.Contains("403", responses.Select(r => r.Key));
            }
        }

        Assert.True(operations >= 50, $"{operations} operations");
        var close = swagger["paths"]!["/api/incidents/{id}/close"]!["post"]!;
        Assert.Contains(close["parameters"]!.AsArray(), p => p!["name"]!.GetValue<string>() == "If-Match");
        Assert.Contains("412", close["responses"]!.AsObject().Select(r => r.Key));
        Assert.Equal("Close incident", close["summary"]!.GetValue<string>());
    }

    [Fact]
    public void settings_files_are_read_at_start_and_not_watched_over_the_content_root_that_holds_the_database()
    {
        // A watch on appsettings*.json is a FileSystemWatcher over the whole content root, .data/postgres included.
        var files = ((IConfigurationRoot)Host.Services.GetRequiredService<IConfiguration>()).Providers
            .OfType<FileConfigurationProvider>().ToList();
        Assert.NotEmpty(files);
        Assert.All(files, file => Assert.False(file.Source.ReloadOnChange, file.Source.Path));
    }

    [Fact]
    public async Task a_rebuilding_store_plans_its_prepared_statements_for_the_values_of_each_execution()
    {
        // The daemon's page of events (a seq_id range, ORDER BY seq_id LIMIT): kept on a generic plan after five runs, it joined
        // and sorted every event up to the high-water mark for each page. Planned per execution, it reads the range it asks for.
        await using var rebuilding = new Marten.DocumentStore(Coordination.Infrastructure.Hosting.EventStore.Options(Fixture.ConnectionString, rebuild: true));
        await using var connection = rebuilding.Storage.Database.CreateConnection();
        await connection.OpenAsync();
        await Execute("prepare events_page(bigint, bigint) as select d.seq_id from coordination.mt_events as d " +
                      "inner join coordination.mt_streams as s on d.stream_id = s.id where d.seq_id > $1 and d.seq_id <= $2 order by d.seq_id limit 20000");
        for (var run = 0; run < 7; run++) await Execute($"execute events_page({run}, 1000000)");
        await using var explain = new Npgsql.NpgsqlCommand("explain execute events_page(10, 1000000)", connection);
        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
            while (await reader.ReadAsync()) plan.Add(reader.GetString(0));
        Assert.Contains(plan, line => line.Contains("1000000"));
        Assert.DoesNotContain(plan, line => line.Contains("$2"));

        // the serving store keeps PostgreSQL's choice: its commands' statements are not planned again on every run
        await using var serving = Store.Storage.Database.CreateConnection();
        await serving.OpenAsync();
        await using var show = new Npgsql.NpgsqlCommand("show plan_cache_mode", serving);
        Assert.Equal("auto", await show.ExecuteScalarAsync());

        async Task Execute(string sql)
        {
            await using var command = new Npgsql.NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }
    }

    [Theory]
    [InlineData("Host=db;Database=c", "-c plan_cache_mode=force_custom_plan")]
    [InlineData("Host=db;Database=c;Options=-c statement_timeout=5000", "-c statement_timeout=5000 -c plan_cache_mode=force_custom_plan")]
    [InlineData("Host=db;Database=c;Options=-c plan_cache_mode=auto", "-c plan_cache_mode=auto")]
    public void the_store_connection_asks_for_plans_per_execution_unless_the_connection_string_chose(string given, string options) =>
        Assert.Equal(options, new Npgsql.NpgsqlConnectionStringBuilder(Coordination.Infrastructure.Hosting.EventStore.PlannedPerExecution(given)).Options);
}
