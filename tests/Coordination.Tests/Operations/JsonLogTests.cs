using System.Text.Json;
using Coordination.Tests.Incidents;
using Coordination.Tests.Support;

namespace Coordination.Tests.Operations;

public class JsonLogTests
{
    [Fact]
    public void only_the_bodies_of_commands_log_nothing_below_critical_never_a_service_a_command_takes()
    {
        // a body Wolverine cannot read is logged under its command's type: the client's mistake, not the service's
        Assert.Contains("Coordination.Requests.CancelRequest", Coordination.Infrastructure.Http.WolverineBodyLog.Categories);
        // the refresh route takes the token rotation, whose warnings (a replaced refresh token sent again) must be heard
        Assert.DoesNotContain("Coordination.Accounts.TokenRotation", Coordination.Infrastructure.Http.WolverineBodyLog.Categories);
        Assert.DoesNotContain("Coordination.Accounts.AccountStamps", Coordination.Infrastructure.Http.WolverineBodyLog.Categories);
    }

    [Fact]
    public async Task json_log_lines_carry_trace_correlation_and_sub_never_the_token_or_body_and_bad_input_is_no_error()
    {
        var environment = new Dictionary<string, string?>
        {
            ["ConnectionStrings__Marten"] = await TestDatabase.CreateDatabaseAsync(),
            ["Logging__Console__FormatterName"] = "json",
            ["Logging__LogLevel__Microsoft.AspNetCore"] = "Information"
        };
        var token = Tokens.District("61.05", sub: "log-tester");
        const string secretTitle = "Banjir rahasia log";
        await using var service = ServiceProcess.Start(environment);
        await service.WaitUntilReadyAsync();
        using var http = new HttpClient();
        async Task<int> Post(string correlationId, string body)
        {
            using var message = new HttpRequestMessage(HttpMethod.Post, $"{service.Url}/api/incidents")
            {
                Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json")
            };
            message.Headers.Add("Authorization", $"Bearer {token}");
            message.Headers.Add("X-Correlation-Id", correlationId);
            return (int)(await http.SendAsync(message)).StatusCode;
        }

        var flood = JsonSerializer.SerializeToNode(IncidentScenarios.Flood(title: secretTitle), Api.Json)!.AsObject();
        flood["id"] = Guid.CreateVersion7().ToString();
        Assert.Equal(201, await Post("corr-good", flood.ToJsonString()));
        // a retry is normal on a bad connection: its collision on the stream id is no error, and its statement's values
        // (the body) are not written out
        Assert.Equal(200, await Post("corr-retry", flood.ToJsonString()));
        Assert.Equal(400, await Post("corr-bad", "{\"district\": 61.05, \"title\": \"" + secretTitle + "\""));
        await service.StopAsync();
        var (_, stdout, _) = await service.ExitAsync(TimeSpan.FromSeconds(30));

        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var good = lines.Where(l => Scope(l, "CorrelationId") == "corr-good").ToList();
        Assert.NotEmpty(good);
        Assert.All(good, l =>
        {
            Assert.Equal("log-tester", Scope(l, "UserSub"));
            Assert.Matches("^[0-9a-f]{32}$", Scope(l, "TraceId"));
        });
        Assert.Contains(lines, l => Scope(l, "CorrelationId") == "corr-bad");
        Assert.DoesNotContain(token, stdout);
        Assert.DoesNotContain(token.Split('.')[2], stdout);
        Assert.DoesNotContain(secretTitle, stdout);
        Assert.DoesNotContain(lines, l => l.GetProperty("LogLevel").GetString() is "Error" or "Critical");
    }

    private static string? Scope(JsonElement line, string name) =>
        line.TryGetProperty("Scopes", out var scopes)
            ? scopes.EnumerateArray().Where(s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty(name, out _))
                .Select(s => s.GetProperty(name).ToString()).FirstOrDefault()
            : null;
}
