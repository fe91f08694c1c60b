using Coordination.Incidents;
using Coordination.Infrastructure.EventSourcing;
using Coordination.Infrastructure.Http;
using Coordination.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace Coordination.Tests.Infrastructure;

/// <summary>The sad path every command walks: 404, 403, 400, then a stale If-Match (412) before a state refusal (409).</summary>
public class DecisionTests
{
    private static readonly Guid Id = Guid.Parse("0193a000-0000-7000-8000-0000000000c1");

    private static Incident Closed => Given.Fold<Incident>(
        new IncidentReported(Id, "61.05", Hazard.Flood, "Banjir", Given.Now.AddDays(-1), ["Baning Kota"], new AffectedPeople(10, 1, 1, 0, 0), IncidentPhase.Response),
        new IncidentClosed(Id, "surut"));

    private static int? Status(Decision decision, string? ifMatch = null)
    {
        var http = new DefaultHttpContext();
        if (ifMatch is not null) http.Request.Headers.IfMatch = ifMatch;
        var problem = Verdicts.Problem(decision, http);
        return ReferenceEquals(problem, Problems.None) ? null : problem.Status;
    }

    [Fact]
    public void who_asks_is_checked_before_what_was_sent_and_both_before_the_state()
    {
        var invalid = new AssessIncident(null, null);
        var melawi = Given.DistrictOfficer("61.10");
        AssessIncidentEndpoint.Decide(invalid, Closed, melawi).ShouldRefuse(Verdict.Forbidden);
        AssessIncidentEndpoint.Decide(invalid, Closed, Given.Admin).ShouldRefuse(Verdict.Invalid);
        AssessIncidentEndpoint.Decide(new AssessIncident(["Baning Kota"], new AffectedPeople(5, 1, 1, 0, 0)), Closed, Given.Admin)
            .ShouldRefuse(Verdict.Conflict, "closed");
    }

    [Fact]
    public void a_stale_if_match_answers_412_before_a_conflict_but_after_forbidden_and_invalid()
    {
        var conflict = Decision.Reject("incident-closed", Id, null).On(2);
        Assert.Equal(409, Status(conflict));
        Assert.Equal(409, Status(conflict, "\"2\""));
        Assert.Equal(412, Status(conflict, "\"1\""));
        Assert.Equal(412, Status(Decision.Accept(new IncidentClosed(Id, "x")).On(2), "\"1\""));
        Assert.Null(Status(Decision.Accept(new IncidentClosed(Id, "x")).On(2), "\"2\""));
        Assert.Equal(403, Status(Decision.Forbid(new("no-district")).On(2), "\"1\""));
        Assert.Equal(400, Status(Decision.Invalid(new Validation().Add("summary", "field-required", "summary")).On(2), "\"1\""));
        Assert.Equal(404, Status(Decision.NotFound(new("unknown-district", "61.99"))));
    }

    [Fact]
    public void appending_answers_the_version_the_events_lead_to()
    {
        var (versioned, events) = Decision.Accept(new IncidentClosed(Id, "a"), new IncidentClosed(Id, "b")).On(7).Append();
        Assert.Equal(9, versioned.Version);
        Assert.Equal(2, events.Count);
        Assert.Equal(7, Decision.Nothing.On(7).Append().Item1.Version);
    }
}
