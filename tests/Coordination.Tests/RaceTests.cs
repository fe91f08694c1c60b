using Coordination.Tests.Incidents;
using Coordination.Tests.Support;
using Marten;

namespace Coordination.Tests;

/// <summary>Conflicting commands at the same moment: exactly one wins, every loser gets a 409, the invariants hold.</summary>
public class RaceTests(AppFixture fixture) : ApiTest(fixture)
{
    private const int Rounds = 10;

    [Fact]
    public async Task two_officers_deploying_the_same_person_at_once_one_wins()
    {
        var incident = await Api.ReportedIncident();
        for (var round = 0; round < Rounds; round++)
        {
            var person = await Api.RegisteredPerson("61.05");
            var attempts = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Api.Post("/api/deployments",
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
            var answers = await Task.WhenAll(
                Api.Post($"/api/requests/{request}/accept", new { count = 4 }, Tokens.District("61.10", "a")),
                Api.Post($"/api/requests/{request}/accept", new { count = 2 }, Tokens.District("61.10", "b")),
                Api.Post($"/api/requests/{request}/decline", new { reason = "x" }, Tokens.District("61.10", "c")));

            Assert.Single(answers, a => a.Status == 200);
            Assert.All(answers.Where(a => a.Status != 200), a => a.ShouldBeProblem(409));
            await using var session = Store.QuerySession();
            Assert.Equal(2, (await session.Events.FetchStreamAsync(request)).Count);
        }
    }

    [Fact]
    public async Task accept_racing_cancel_one_wins()
    {
        var incident = await Api.ReportedIncident();
        var winners = new List<string>();
        for (var round = 0; round < Rounds; round++)
        {
            var request = await Api.IssuedRequest(incident, "61.10", count: 2);
            var results = await Task.WhenAll(
                Api.Post($"/api/requests/{request}/accept", new { count = 2 }, Tokens.District("61.10")),
                Api.Post($"/api/requests/{request}/cancel", new { reason = "cukup" }, Tokens.Coordinator));
            var (accept, cancel) = (results[0], results[1]);

            var status = (await Api.Get($"/api/requests/{request}", Tokens.Analyst)).Body!["status"]!.GetValue<string>();
            if (accept.Status == 200 && cancel.Status == 200)
            {
                // accepted first, then cancelled: both legal in that order
                Assert.Equal("cancelled", status);
                winners.Add("both");
                continue;
            }

            Assert.Single(new[] { accept, cancel }, r => r.Status == 200);
            var loser = accept.Status == 200 ? cancel : accept;
            loser.ShouldBeProblem(409);
            Assert.Equal(accept.Status == 200 ? "accepted" : "cancelled", status);
            winners.Add(accept.Status == 200 ? "accept" : "cancel");
        }

        Assert.Equal(Rounds, winners.Count);
    }
}
