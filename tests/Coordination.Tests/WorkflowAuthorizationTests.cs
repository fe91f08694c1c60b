using Coordination.Tests.Incidents;
using Coordination.Tests.Support;

namespace Coordination.Tests;

/// <summary>Every workflow route × coordinator, own district, another district, analyst, admin, and five kinds of invalid or missing token.</summary>
public class WorkflowAuthorizationTests(AppFixture fixture) : ApiTest(fixture)
{
    private const string Own = "61.05";

    public static TheoryData<string, string, int> Matrix()
    {
        var data = new TheoryData<string, string, int>();
        data.Route("register", 403, 201, 403, 403, 201);
        data.Route("roster", 200, 200, 200, 200, 200);
        data.Route("person", 200, 200, 200, 200, 200);
        data.Route("training", 403, 200, 403, 403, 200);
        data.Route("availability", 403, 200, 403, 403, 200);
        data.Route("drill", 403, 201, 403, 403, 201);
        data.Route("drills", 200, 200, 200, 200, 200);
        data.Route("issue", 201, 403, 403, 403, 201);
        data.Route("accept", 403, 200, 403, 403, 200);
        data.Route("decline", 403, 200, 403, 403, 200);
        data.Route("cancel", 200, 403, 403, 403, 200);
        data.Route("request", 200, 200, 200, 200, 200);
        data.Route("requests", 200, 200, 200, 200, 200);
        data.Route("deploy", 403, 201, 403, 403, 201);
        data.Route("arrive", 403, 200, 403, 403, 200);
        data.Route("services", 403, 201, 403, 403, 201);
        data.Route("stand-down", 403, 200, 403, 403, 200);
        data.Route("deployment", 200, 200, 200, 200, 200);
        data.Route("deployments", 200, 200, 200, 200, 200);
        data.Route("district-inbox", 200, 200, 403, 200, 200);
        data.Route("province-inbox", 200, 403, 403, 200, 200);
        return data;
    }


    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task workflow_routes_answer_each_caller_as_designed(string action, string caller, int expected)
    {
        var incident = await Api.ReportedIncident(Own);
        var person = await Api.RegisteredPerson(Own);
        var request = await Api.IssuedRequest(incident, Own, count: 2);
        var onSite = await Api.TeamOnSite(incident, [await Api.RegisteredPerson(Own)]);
        var token = await Callers.TokenAsync(Api, caller);
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd");

        var response = action switch
        {
            "register" => await Api.Post($"/api/districts/{Own}/personnel", new { name = "Baru", role = "tagana", skills = new[] { "referral" } }, token),
            "roster" => await Api.Get($"/api/districts/{Own}/personnel", token),
            "person" => await Api.Get($"/api/personnel/{person}", token),
            "training" => await Api.Post($"/api/personnel/{person}/trainings", new { course = "PFA", completedOn = "2026-01-05" }, token),
            "availability" => await Api.Post($"/api/personnel/{person}/availability", new { available = false, reason = "cuti" }, token),
            "drill" => await Api.Post($"/api/districts/{Own}/drills", new { heldOn = "2026-09-01", scenario = "Simulasi", participants = new[] { person } }, token),
            "drills" => await Api.Get($"/api/districts/{Own}/drills", token),
            "issue" => await Api.Post("/api/requests", new { incidentId = incident, district = Own, role = "counselor", count = 1 }, token),
            "accept" => await Api.Post($"/api/requests/{request}/accept", new { count = 1 }, token),
            "decline" => await Api.Post($"/api/requests/{request}/decline", new { reason = "x" }, token),
            "cancel" => await Api.Post($"/api/requests/{request}/cancel", new { reason = "x" }, token),
            "request" => await Api.Get($"/api/requests/{request}", token),
            "requests" => await Api.Get("/api/requests", token),
            "deploy" => await Api.Post("/api/deployments",
                new { district = Own, incidentId = incident, teamName = "Tim", members = new[] { person }, village = "Baning Kota" }, token),
            "arrive" => await Api.Post($"/api/deployments/{await Api.DeployedTeam(incident, [person])}/arrive", null, token),
            "services" => await Api.Post($"/api/deployments/{onSite}/services", new
            {
                date = today, village = "Baning Kota", service = "home-visit",
                newlyReached = new { total = 3, children = 1, elderly = 1, disabled = 0, pregnant = 0 }, contacts = 3
            }, token),
            "stand-down" => await Api.Post($"/api/deployments/{onSite}/stand-down", null, token),
            "deployment" => await Api.Get($"/api/deployments/{onSite}", token),
            "deployments" => await Api.Get("/api/deployments", token),
            "district-inbox" => await Api.Get($"/api/districts/{Own}/inbox", token),
            "province-inbox" => await Api.Get("/api/inbox", token),
            _ => throw new ArgumentOutOfRangeException(nameof(action))
        };

        if (expected >= 400) response.ShouldBeProblem(expected);
        else response.ShouldBe(expected);
    }
}
