using Coordination.Tests.Support;

namespace Coordination.Tests.Incidents;

/// <summary>Who may do what on the incident routes: coordinator, own district, other district, analyst, admin, anonymous.</summary>
public class IncidentAuthorizationTests(AppFixture fixture) : ApiTest(fixture)
{
    public static TheoryData<string, string, int> Matrix => new()
    {
        // caller, action, expected status
        { "coordinator", "report", 201 }, { "own", "report", 201 }, { "other", "report", 403 }, { "analyst", "report", 403 },
        { "admin", "report", 201 }, { "anonymous", "report", 401 }, { "expired", "report", 401 }, { "forged", "report", 401 },
        { "coordinator", "assess", 200 }, { "own", "assess", 200 }, { "other", "assess", 403 }, { "analyst", "assess", 403 },
        { "admin", "assess", 200 }, { "anonymous", "assess", 401 },
        { "coordinator", "phase", 200 }, { "own", "phase", 200 }, { "other", "phase", 403 }, { "analyst", "phase", 403 },
        { "admin", "phase", 200 }, { "anonymous", "phase", 401 },
        { "coordinator", "emergency", 200 }, { "own", "emergency", 200 }, { "other", "emergency", 403 }, { "analyst", "emergency", 403 },
        { "admin", "emergency", 200 }, { "anonymous", "emergency", 401 },
        { "coordinator", "close", 200 }, { "own", "close", 403 }, { "other", "close", 403 }, { "analyst", "close", 403 },
        { "admin", "close", 200 }, { "anonymous", "close", 401 },
        { "coordinator", "get", 200 }, { "own", "get", 200 }, { "other", "get", 200 }, { "analyst", "get", 200 },
        { "admin", "get", 200 }, { "anonymous", "get", 401 }, { "expired", "get", 401 },
        { "analyst", "list", 200 }, { "other", "list", 200 }, { "anonymous", "list", 401 },
        { "wrong-issuer", "report", 401 }, { "wrong-audience", "report", 401 }, { "expired", "assess", 401 }, { "forged", "assess", 401 },
        { "wrong-issuer", "phase", 401 }, { "wrong-audience", "emergency", 401 }, { "forged", "close", 401 }, { "expired", "close", 401 },
        { "wrong-issuer", "get", 401 }, { "forged", "list", 401 }, { "wrong-audience", "list", 401 },
        { "account-coordinator", "close", 200 }, { "account-own", "close", 403 }, { "account-own", "report", 201 },
        { "account-other", "report", 403 }, { "account-other", "assess", 403 }, { "account-analyst", "assess", 403 },
        { "account-analyst", "get", 200 }, { "account-admin", "phase", 200 }, { "account-own", "emergency", 200 }
    };


    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task incident_routes_answer_each_caller_as_designed(string caller, string action, int expected)
    {
        var id = await Api.ReportedIncident("61.05", phase: "alert");
        var token = await Callers.TokenAsync(Api, caller);
        var until = DateTime.UtcNow.Date.AddDays(7).ToString("yyyy-MM-dd");
        var response = action switch
        {
            "report" => await Api.Post("/api/incidents", IncidentScenarios.Flood("61.05"), token),
            "assess" => await Api.Post($"/api/incidents/{id}/assessments",
                new { villages = new[] { "Baning Kota" }, affected = new { total = 10, children = 1, elderly = 1, disabled = 0, pregnant = 0 } }, token),
            "phase" => await Api.Post($"/api/incidents/{id}/phase", new { phase = "response" }, token),
            "emergency" => await Api.Post($"/api/incidents/{id}/emergency-status", new { decree = "360/1/2026", validUntil = until }, token),
            "close" => await Api.Post($"/api/incidents/{id}/close", new { summary = "done" }, token),
            "get" => await Api.Get($"/api/incidents/{id}", token),
            "list" => await Api.Get("/api/incidents", token),
            _ => throw new ArgumentOutOfRangeException(nameof(action))
        };

        if (expected >= 400) response.ShouldBeProblem(expected);
        else response.ShouldBe(expected);

        if (expected >= 400 && action != "get" && action != "list")
        {
            var incident = (await Api.Get($"/api/incidents/{id}", Tokens.Coordinator)).Body!;
            Assert.Equal(1, incident["version"]!.GetValue<long>());
        }
    }
}
