using Coordination.Tests.Incidents;
using Coordination.Tests.Support;
using Marten;

namespace Coordination.Tests;

/// <summary>Conflicting commands at the same moment: exactly one wins, every loser gets a 409, the invariants hold.</summary>
public class RaceTests(AppFixture fixture) : ApiTest(fixture)
{
    private const int Rounds = 10;
    private const int AtOnce = 10;

    [Fact]
    public async Task two_officers_deploying_the_same_person_at_once_one_wins()
    {
        var incident = await Api.ReportedIncident();
        for (var round = 0; round < Rounds; round++)
        {
            var person = await Api.RegisteredPerson("61.05");
            var attempts = await Task.WhenAll(Enumerable.Range(0, AtOnce).Select(i => Api.Post("/api/deployments",
                new { incidentId = incident, teamName = $"Tim {round}-{i}", members = new[] { person }, village = "Baning Kota" },
                Tokens.District("61.05", $"officer{i}"))));

            Assert.Single(attempts, a => a.Status == 201);
            Assert.All(attempts.Where(a => a.Status != 201), a => a.ShouldBeProblem(409));
            await using var session = Store.QuerySession();
            var assignments = await session.Events.FetchStreamAsync(person);
            Assert.Single(assignments, e => e.Data is Coordination.Personnel.PersonnelAssigned);
        }
    }

    [Fact]
    public async Task two_answers_to_one_request_one_wins()
    {
        var incident = await Api.ReportedIncident();
        for (var round = 0; round < Rounds; round++)
        {
            var request = await Api.IssuedRequest(incident, "61.10", count: 4);
            var answers = await Task.WhenAll(Enumerable.Range(0, AtOnce).Select(i => i % 3 == 2
                ? Api.Post($"/api/requests/{request}/decline", new { reason = "x" }, Tokens.District("61.10", $"officer{i}"))
                : Api.Post($"/api/requests/{request}/accept", new { count = 1 + i % 4 }, Tokens.District("61.10", $"officer{i}"))));

            Assert.Single(answers, a => a.Status == 200);
            Assert.All(answers.Where(a => a.Status != 200), a => a.ShouldBeProblem(409));
            await using var session = Store.QuerySession();
            Assert.Equal(2, (await session.Events.FetchStreamAsync(request)).Count);
        }
    }

    [Fact]
    public async Task accept_racing_cancel_never_both_answered_and_cancelled_out_of_order()
    {
        var incident = await Api.ReportedIncident();
        for (var round = 0; round < Rounds; round++)
        {
            var request = await Api.IssuedRequest(incident, "61.10", count: 2);
            var results = await Task.WhenAll(Enumerable.Range(0, AtOnce).Select(i => i % 2 == 0
                ? Api.Post($"/api/requests/{request}/accept", new { count = 2 }, Tokens.District("61.10", $"officer{i}"))
                : Api.Post($"/api/requests/{request}/cancel", new { reason = "cukup" }, Tokens.Coordinator)));

            Assert.All(results, r => Assert.True(r.Status is 200 or 409, r.Text));
            var accepts = results.Where((r, i) => i % 2 == 0 && r.Status == 200).Count();
            var cancels = results.Where((r, i) => i % 2 == 1 && r.Status == 200).Count();
            Assert.True(accepts <= 1 && cancels == 1, $"accepts {accepts}, cancels {cancels}");
            Assert.Equal("cancelled", (await Api.Get($"/api/requests/{request}", Tokens.Analyst)).Body!["status"]!.GetValue<string>());
            await using var session = Store.QuerySession();
            Assert.Equal(1 + accepts + cancels, (await session.Events.FetchStreamAsync(request)).Count);
        }
    }

    [Fact]
    public async Task an_answer_racing_a_close_is_refused_unless_it_came_first()
    {
        for (var round = 0; round < Rounds; round++)
        {
            var incident = await Api.ReportedIncident();
            var request = await Api.IssuedRequest(incident, "61.10", count: 2);
            var results = await Task.WhenAll(
                Api.Post($"/api/incidents/{incident}/close", new { summary = "selesai" }, Tokens.Coordinator),
                Api.Post($"/api/requests/{request}/accept", new { count = 2 }, Tokens.District("61.10")));

            Assert.Equal(200, results[0].Status);
            if (results[1].Status != 200) results[1].ShouldBeProblem(409);
            // an answer the district was told it gave came before the close; any other is refused and the request cancelled
            await using var session = Store.QuerySession();
            var closed = Assert.Single(await session.Events.FetchStreamAsync(incident), e => e.Data is Coordination.Incidents.IncidentClosed);
            var accepted = (await session.Events.FetchStreamAsync(request)).SingleOrDefault(e => e.Data is Coordination.Requests.RequestAccepted);
            Assert.Equal(results[1].Status == 200, accepted is not null);
            if (accepted is not null) Assert.True(accepted.Sequence < closed.Sequence, $"accepted at {accepted.Sequence}, after the close at {closed.Sequence}");
        }
    }

    [Fact]
    public async Task a_request_issued_while_its_incident_closes_is_refused_or_cancelled_with_the_others()
    {
        for (var round = 0; round < Rounds; round++)
        {
            var incident = await Api.ReportedIncident();
            var request = Guid.CreateVersion7();
            var results = await Task.WhenAll(
                Host.Tracked(() => Api.Post($"/api/incidents/{incident}/close", new { summary = "selesai" }, Tokens.Coordinator)),
                Api.Post("/api/requests", new { id = request, incidentId = incident, district = "61.10", role = "counselor", count = 1 }, Tokens.Coordinator));

            Assert.Equal(200, results[0].Status);
            if (results[1].Status != 201)
            {
                Assert.Equal("incident-closed", results[1].ShouldBeProblem(409).Body!["code"]!.GetValue<string>());
                continue;
            }

            // issued before the close (whose messages have all been handled): the close's cancelling of open requests found it
            Assert.Equal("cancelled", (await Api.Get($"/api/requests/{request}", Tokens.Analyst)).Body!["status"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task close_racing_deploy_never_leaves_a_closed_incident_with_a_team_out()
    {
        for (var round = 0; round < Rounds; round++)
        {
            var incident = await Api.ReportedIncident();
            var people = await Api.RegisteredPeople(AtOnce - 1, "61.05");
            var results = await Task.WhenAll(Enumerable.Range(0, AtOnce).Select(i => i == AtOnce / 2
                ? Host.Tracked(() => Api.Post($"/api/incidents/{incident}/close", new { summary = "selesai" }, Tokens.Coordinator))
                : Api.Post("/api/deployments", new { incidentId = incident, teamName = $"Tim {i}", members = new[] { people[i > AtOnce / 2 ? i - 1 : i] }, village = "Baning Kota" },
                    Tokens.District("61.05"))));

            Assert.All(results, r => Assert.True(r.Status is 200 or 201 or 409, r.Text));
            var state = (await Api.Get($"/api/incidents/{incident}", Tokens.Analyst)).Body!;
            var deployed = results.Count(r => r.Status == 201);
            if (state["status"]!.GetValue<string>() == "closed") Assert.Equal(0, deployed);
            else Assert.Equal(deployed, state["activeDeployments"]!.AsArray().Count);
        }
    }

    [Fact]
    public async Task the_same_deployment_sent_at_once_is_one_deployment_and_every_answer_names_it()
    {
        var incident = await Api.ReportedIncident();
        for (var round = 0; round < Rounds; round++)
        {
            var id = Guid.NewGuid();
            var person = await Api.RegisteredPerson("61.05");
            var body = new { id, incidentId = incident, teamName = $"Tim {round}", members = new[] { person }, village = "Baning Kota" };
            var answers = await Task.WhenAll(Enumerable.Range(0, AtOnce).Select(_ => Api.Post("/api/deployments", body, Tokens.District("61.05"))));

            Assert.Single(answers, a => a.Status == 201);
            Assert.All(answers, a => Assert.True(a.Status is 200 or 201 && a.Id == id, a.Text));
            await using var session = Store.QuerySession();
            Assert.Single(await session.Events.FetchStreamAsync(person), e => e.Data is Coordination.Personnel.PersonnelAssigned);
        }
    }

    [Fact]
    public async Task other_deployments_sent_at_once_under_one_id_store_one_and_the_rest_are_told_the_id_is_taken()
    {
        var incident = await Api.ReportedIncident();
        for (var round = 0; round < Rounds; round++)
        {
            var id = Guid.NewGuid();
            var people = await Api.RegisteredPeople(AtOnce, "61.05");
            var answers = await Task.WhenAll(people.Select((person, i) => Api.Post("/api/deployments",
                new { id, incidentId = incident, teamName = $"Tim {round}-{i}", members = new[] { person }, village = "Baning Kota" },
                Tokens.District("61.05"))));

            Assert.Single(answers, a => a.Status == 201);
            Assert.All(answers.Where(a => a.Status != 201), a => Assert.Equal("id-names-another-resource",
                a.ShouldBeProblem(409).Body!["code"]!.GetValue<string>()));
        }
    }

    [Fact]
    public async Task service_records_racing_a_stand_down_never_land_after_it()
    {
        var incident = await Api.ReportedIncident();
        for (var round = 0; round < Rounds; round++)
        {
            var team = await Api.TeamOnSite(incident, await Api.RegisteredPeople(1, "61.05"));
            var results = await Task.WhenAll(Enumerable.Range(0, AtOnce).Select(i => i == AtOnce / 2
                ? Api.Post($"/api/deployments/{team}/stand-down", null, Tokens.District("61.05"))
                : Api.Post($"/api/deployments/{team}/services", Scenarios.Service(), Tokens.District("61.05", $"officer{i}"))));

            Assert.Equal(200, results[AtOnce / 2].Status);
            Assert.All(results.Where(r => r.Status != 200 && r.Status != 201), r => r.ShouldBeProblem(409));
            await using var session = Store.QuerySession();
            var events = (await session.Events.FetchStreamAsync(team)).Select(e => e.Data).ToList();
            var stoodDown = events.FindIndex(e => e is Coordination.Deployments.TeamStoodDown);
            Assert.DoesNotContain(events.Skip(stoodDown), e => e is Coordination.Deployments.ServicesRecorded);
            Assert.Equal(results.Count(r => r.Status == 201), events.Count(e => e is Coordination.Deployments.ServicesRecorded));
        }
    }
}
