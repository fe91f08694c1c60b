using Coordination.Tests.Incidents;
using Coordination.Tests.Support;

namespace Coordination.Tests.Reliability;

/// <summary>The read routes not covered by the incident and workflow matrices, × every kind of caller.</summary>
public class ReadRouteAuthorizationTests(AppFixture fixture) : ApiTest(fixture)
{
    public static TheoryData<string, string, int> Matrix()
    {
        var data = new TheoryData<string, string, int>();
        data.Route("districts", 200, 200, 200, 200, 200);
        data.Route("district", 200, 200, 200, 200, 200);
        data.Route("readiness", 200, 200, 200, 200, 200);
        data.Route("district-readiness", 200, 200, 200, 200, 200);
        data.Route("coverage", 200, 200, 200, 200, 200);
        data.Route("incident-coverage", 200, 200, 200, 200, 200);
        data.Route("timeline", 200, 200, 200, 200, 200);
        data.Route("replay", 200, 200, 200, 200, 200);
        data.Route("export", 200, 403, 403, 200, 200);
        data.Route("service-records", 200, 200, 200, 200, 200);
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

        var response = await Api.Get(url, await Callers.TokenAsync(Api, caller));
        if (expected >= 400) response.ShouldBeProblem(expected);
        else response.ShouldBe(expected);
    }
}
