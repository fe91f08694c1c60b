using Coordination.Tests.Incidents;
using Coordination.Tests.Support;

namespace Coordination.Tests.Reliability;

/// <summary>The read routes not covered by the incident and workflow matrices, × every kind of caller.</summary>
public class ReadRouteAuthorizationTests(AppFixture fixture) : ApiTest(fixture)
{
    private static readonly string[] Callers =
        ["coordinator", "own", "other", "analyst", "admin", "anonymous", "expired", "forged", "wrong-issuer", "wrong-audience"];

    public static TheoryData<string, string, int> Matrix()
    {
        var data = new TheoryData<string, string, int>();
        void Route(string route, params int[] byCaller)
        {
            for (var i = 0; i < Callers.Length; i++) data.Add(route, Callers[i], i < byCaller.Length ? byCaller[i] : 401);
        }

        Route("districts", 200, 200, 200, 200, 200);
        Route("district", 200, 200, 200, 200, 200);
        Route("readiness", 200, 200, 200, 200, 200);
        Route("district-readiness", 200, 200, 200, 200, 200);
        Route("coverage", 200, 200, 200, 200, 200);
        Route("incident-coverage", 200, 200, 200, 200, 200);
        Route("timeline", 200, 200, 200, 200, 200);
        Route("replay", 200, 200, 200, 200, 200);
        Route("export", 200, 403, 403, 200, 200);
        Route("service-records", 200, 200, 200, 200, 200);
        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task read_routes_answer_each_caller_as_designed(string route, string caller, int expected)
    {
        var incident = await Api.ReportedIncident("61.05");
        var team = await Api.DeployedTeam(incident, await Api.RegisteredPeople(1, "61.05"));
        var url = route switch
        {
            "districts" => "/api/districts",
            "district" => "/api/districts/61.05",
            "readiness" => "/api/readiness",
            "district-readiness" => "/api/districts/61.05/readiness",
            "coverage" => "/api/coverage",
            "incident-coverage" => $"/api/incidents/{incident}/coverage",
            "timeline" => $"/api/incidents/{incident}/timeline",
            "replay" => $"/api/incidents/{incident}/replay?version=1",
            "export" => "/api/exports/4w.csv",
            "service-records" => $"/api/deployments/{team}/services",
            _ => throw new ArgumentOutOfRangeException(nameof(route))
        };

        var response = await Api.Get(url, Tokens.For(caller));
        if (expected >= 400) response.ShouldBeProblem(expected);
        else response.ShouldBe(expected);
    }
}
