using System.Text.Json.Nodes;
using Coordination.Tests.Incidents;
using Coordination.Tests.Support;
using Marten.Events.Daemon.Coordination;

namespace Coordination.Tests.Reliability;

public class DaemonRestartTests(AppFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public async Task views_stopped_half_way_through_a_burst_converge_to_what_a_full_rebuild_gives()
    {
        var coordinator = (IProjectionCoordinator)Host.Services.GetService(typeof(IProjectionCoordinator))!;
        var incident = await Api.ReportedIncident();
        var team = await Api.TeamOnSite(incident, await Api.RegisteredPeople(4, "61.05"));
        async Task Burst(int from, int count)
        {
            for (var i = from; i < from + count; i++)
                (await Api.Post($"/api/deployments/{team}/services", Scenarios.Service(i % 2 == 0 ? "Baning Kota" : "Tanjung Puri"),
                    Tokens.District("61.05"))).ShouldBe(201);
        }

        await Burst(0, 20);
        await coordinator.PauseAsync();
        await Burst(20, 20);
        await Api.RegisteredPeople(3, "61.10");
        await coordinator.ResumeAsync();
        await ViewsCaughtUp();
        var converged = await Views(incident);
        Assert.Equal(120, JsonNode.Parse(converged)!["coverage"]!["reached"]!["total"]!.GetValue<int>());

        var daemon = coordinator.DaemonForMainDatabase();
        await daemon.RebuildProjectionAsync(typeof(Coordination.Coverage.IncidentCoverageProjection), TimeSpan.FromMinutes(1), CancellationToken.None);
        await daemon.RebuildProjectionAsync(typeof(Coordination.Readiness.DistrictReadinessProjection), TimeSpan.FromMinutes(1), CancellationToken.None);
        await ViewsCaughtUp();
        Assert.Equal(converged, await Views(incident));
    }

    private async Task<string> Views(Guid incident) => new JsonObject
    {
        ["coverage"] = (await Api.Get($"/api/incidents/{incident}/coverage", Tokens.Analyst)).Body!.DeepClone(),
        ["readiness"] = (await Api.Get("/api/readiness", Tokens.Analyst)).Body!.DeepClone()
    }.ToJsonString();
}
