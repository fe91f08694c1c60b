using Coordination.Personnel;
using Coordination.Requests;
using Coordination.Tests.Support;

namespace Coordination.Tests.Requests;

public class RequestDecisionTests
{
    private static readonly Guid Id = Guid.Parse("0193a000-0000-7000-8000-0000000000a1");
    private static readonly Guid Incident = Guid.Parse("0193a000-0000-7000-8000-0000000000b1");

    private static readonly PersonnelRequested Requested =
        new(Id, Incident, "61.10", PersonnelRole.Counselor, 5, ["psychological-first-aid"], Priority.High, null);

    private static Request Given_(params object[] later) => Given.Fold<Request>([Requested, .. later]);

    [Fact]
    public void accepting_all_requested_is_accepted_and_fewer_is_partial()
    {
        AcceptRequestEndpoint.Answer(new AcceptRequest(5), Given_(), null, Given.Admin).ShouldAppend(new RequestAccepted(Id, "61.10", 5, 5));
        Assert.Equal(RequestStatus.Accepted, Given_(new RequestAccepted(Id, "61.10", 5, 5)).Status);
        Assert.Equal(RequestStatus.PartiallyAccepted, Given_(new RequestAccepted(Id, "61.10", 5, 2)).Status);
        Assert.Equal(2, Given_(new RequestAccepted(Id, "61.10", 5, 2)).Accepted);
    }

    [Fact]
    public void a_count_outside_one_to_requested_is_a_shape_error()
    {
        Assert.False(new AcceptRequest(6).Check(Given_()).IsValid);
        Assert.False(new AcceptRequest(0).Check(Given_()).IsValid);
        Assert.False(new AcceptRequest(null).Check(Given_()).IsValid);
        Assert.True(new AcceptRequest(1).Check(Given_()).IsValid);
    }

    [Fact]
    public void a_second_answer_is_refused()
    {
        var again = AcceptRequestEndpoint.Answer(new AcceptRequest(5), Given_(new RequestAccepted(Id, "61.10", 5, 5)), null, Given.Admin)
            .ShouldReject("Request for 5 counselors to 61.10 Melawi is already accepted", "no longer");
        Assert.DoesNotContain(Id.ToString(), again); // a request is named by what it asks, not by its id
        DeclineRequestEndpoint.Answer(new DeclineRequest("no"), Given_(new RequestAccepted(Id, "61.10", 5, 3)), null, Given.Admin).ShouldReject("partially accepted");
    }

    [Fact]
    public void accept_after_decline_is_refused() =>
        AcceptRequestEndpoint.Answer(new AcceptRequest(2), Given_(new RequestDeclined(Id, "61.10", "all on leave")), null, Given.Admin).ShouldReject("declined", "all on leave");

    [Fact]
    public void declining_records_the_reason() =>
        DeclineRequestEndpoint.Answer(new DeclineRequest(" semua personel terdampak banjir "), Given_(), null, Given.Admin)
            .ShouldAppend(new RequestDeclined(Id, "61.10", "semua personel terdampak banjir"));

    [Fact]
    public void answering_a_cancelled_request_is_refused() =>
        AcceptRequestEndpoint.Answer(new AcceptRequest(1), Given_(new RequestCancelled(Id, "61.10", "enough people")), null, Given.Admin).ShouldReject("cancelled");

    [Fact]
    public void open_and_accepted_requests_can_be_cancelled()
    {
        CancelRequestEndpoint.Decide(new CancelRequest("x"), Given_()).ShouldAppend(new RequestCancelled(Id, "61.10", "x"));
        CancelRequestEndpoint.Decide(new CancelRequest("x"), Given_(new RequestAccepted(Id, "61.10", 5, 3))).ShouldAppend(new RequestCancelled(Id, "61.10", "x"));
    }

    [Fact]
    public void fulfilled_declined_or_cancelled_requests_cannot_be_cancelled()
    {
        var fulfilled = Given_(new RequestAccepted(Id, "61.10", 5, 2), new RequestStaffed(Id, Guid.NewGuid(), 2), new RequestFulfilled(Id, 2));
        CancelRequestEndpoint.Decide(new CancelRequest("x"), fulfilled).ShouldReject("fulfilled");
        CancelRequestEndpoint.Decide(new CancelRequest("x"), Given_(new RequestDeclined(Id, "61.10", "no"))).ShouldReject("declined");
        CancelRequestEndpoint.Decide(new CancelRequest("x"), Given_(new RequestCancelled(Id, "61.10", "no"))).ShouldReject("cancelled");
    }

    [Fact]
    public void staffing_counts_deployed_people_and_fulfilment_closes_it()
    {
        var staffed = Given_(new RequestAccepted(Id, "61.10", 5, 4), new RequestStaffed(Id, Guid.NewGuid(), 3));
        Assert.Equal(3, staffed.Deployed);
        Assert.Equal(RequestStatus.PartiallyAccepted, staffed.Status);
        Assert.Equal(RequestStatus.Fulfilled, Given_(new RequestAccepted(Id, "61.10", 5, 3), new RequestStaffed(Id, Guid.NewGuid(), 3), new RequestFulfilled(Id, 3)).Status);
    }

    [Fact]
    public void a_request_needs_a_known_district_a_count_of_at_least_one_and_a_role()
    {
        var valid = new IssueRequest(null, Incident, "61.10", PersonnelRole.Counselor, 3, ["referral"], null, null);
        Assert.True(valid.Check(Given.Now).IsValid);
        Assert.False((valid with { District = "61.99" }).Check(Given.Now).IsValid);
        Assert.False((valid with { Count = 0 }).Check(Given.Now).IsValid);
        Assert.False((valid with { Role = null }).Check(Given.Now).IsValid);
        Assert.False((valid with { IncidentId = null }).Check(Given.Now).IsValid);
        var flood = Given.Fold<Coordination.Incidents.Incident>(new Coordination.Incidents.IncidentReported(Incident, "61.10",
            Coordination.Incidents.Hazard.Flood, "Banjir", Given.Now, ["Baning Kota"], new Coordination.Incidents.AffectedPeople(10, 1, 1, 0, 0),
            Coordination.Incidents.IncidentPhase.Response));
        Assert.Equal(Priority.Medium, ((PersonnelRequested)IssueRequestEndpoint.Decide(valid, flood, Given.Clock).Started).Priority);
        IssueRequestEndpoint.Decide(valid, (Coordination.Incidents.Incident?)null, Given.Clock).ShouldRefuse(Coordination.Infrastructure.EventSourcing.Verdict.Invalid, "no incident");
    }

    [Fact]
    public void a_request_may_not_be_needed_by_a_moment_already_past()
    {
        var request = new IssueRequest(null, Incident, "61.10", PersonnelRole.Counselor, 3, [], null, Given.Now.AddHours(-1));
        var check = request.Check(Given.Now);
        Assert.Contains("must not be in the past", Assert.Single(check.Messages()));
        // a device's clock a few minutes behind the service's is not refused, nor is a moment ahead
        Assert.True((request with { NeededBy = Given.Now.AddMinutes(-5) }).Check(Given.Now).IsValid);
        Assert.True((request with { NeededBy = Given.Now.AddHours(6) }).Check(Given.Now).IsValid);
    }
}
