using Coordination.Deployments;
using Coordination.Incidents;
using Coordination.Infrastructure.EventSourcing;
using Coordination.Personnel;
using Coordination.Requests;
using Coordination.Tests.Support;

namespace Coordination.Tests.Deployments;

public class DeploymentDecisionTests
{
    private static readonly Guid IncidentId = Guid.Parse("0193a000-0000-7000-8000-0000000000b1");
    private static readonly Guid RequestId = Guid.Parse("0193a000-0000-7000-8000-0000000000a1");
    private static readonly Guid DeploymentId = Guid.Parse("0193a000-0000-7000-8000-0000000000d1");
    private static readonly AffectedPeople People = new(1000, 300, 80, 10, 5);

    private static Incident Incident(params object[] later) =>
        Given.Fold<Incident>([new IncidentReported(IncidentId, "61.05", Hazard.Flood, "Banjir", Given.Now.AddDays(-1), ["Baning Kota", "Tanjung Puri"], People, IncidentPhase.Response), .. later]);

    private static Request Request(int accepted = 3, params object[] later) =>
        Given.Fold<Request>([new PersonnelRequested(RequestId, IncidentId, "61.10", PersonnelRole.Counselor, 3, ["psychological-first-aid"], Priority.High, null),
            new RequestAccepted(RequestId, "61.10", 3, accepted), .. later]);

    private static Person Person(string name, string district = "61.10", PersonnelRole role = PersonnelRole.Counselor, string[]? skills = null, params object[] later)
    {
        var id = Guid.NewGuid();
        return Given.Fold<Person>([new PersonnelRegistered(id, district, name, role, skills ?? ["psychological-first-aid"]), .. later.Select(e => e is Func<Guid, object> f ? f(id) : e)]);
    }

    private static DeployTeam Command => new(DeploymentId, IncidentId, RequestId, "61.10", "Tim LDP Melawi", null, "Baning Kota");

    private static (DeploymentPlan? Plan, string? Rejection) Decide(Incident incident, Request? request, params Person[] members)
    {
        var decision = Decided(incident, request, members);
        return (decision.Rejected ? null : (DeploymentPlan)decision.Started, decision.Rejection);
    }

    private static Decision Decided(Incident incident, Request? request, params Person[] members) =>
        DeployTeamEndpoint.Decide(Command with { Members = members.Select(m => m.Id).ToList() }, DeploymentId, "61.10", incident, request, members);

    [Fact]
    public void a_team_answering_its_request_is_deployed_assigned_and_fulfils_the_request()
    {
        var members = new[] { Person("Yohanes"), Person("Maria"), Person("Agus") };
        var (plan, rejection) = Decide(Incident(), Request(), members);
        Assert.Null(rejection);
        Assert.Equal(new TeamDeployed(DeploymentId, IncidentId, RequestId, "61.10", "Tim LDP Melawi", members.Select(m => m.Id).ToList(), "Baning Kota") with
        {
            Members = plan!.Deployed.Members
        }, plan.Deployed);
        Assert.Equal(members.Select(m => m.Id), plan.Deployed.Members);
        Assert.Equal(3, plan.Assignments.Count);
        Assert.Equal(new IncidentTeamDeployed(IncidentId, DeploymentId, "61.10", "Tim LDP Melawi"), plan.OnIncident);
        Assert.Equal([new RequestStaffed(RequestId, DeploymentId, 3), new RequestFulfilled(RequestId, 3)], plan.OnRequest);
    }

    [Fact]
    public void a_team_below_the_accepted_count_staffs_without_fulfilling()
    {
        var (plan, _) = Decide(Incident(), Request(), Person("Yohanes"));
        Assert.Equal([new RequestStaffed(RequestId, DeploymentId, 1)], plan!.OnRequest);
    }

    [Fact]
    public void every_refused_person_is_named_with_the_reason_and_listed_by_id_for_programs()
    {
        var busy = Person("Busy", later: new Func<Guid, object>(id => new PersonnelAssigned(id, "61.10", Guid.Parse("0193a000-0000-7000-8000-0000000000e9"), IncidentId, "Tim LDP Nanga Pinoh")));
        var ill = Person("Ill", later: new Func<Guid, object>(id => new AvailabilitySet(id, "61.10", false, "sakit")));
        var elsewhere = Person("Sintang", district: "61.05");
        var decision = Decided(Incident(), null, busy, ill, elsewhere);
        var rejection = decision.Rejection;
        Assert.NotNull(rejection);
        Assert.Contains("3 of the team", rejection);
        Assert.Contains("Busy is already out with Tim LDP Nanga Pinoh", rejection);
        Assert.Contains("Ill", rejection);
        Assert.Contains("sakit", rejection);
        Assert.Contains("Sintang", rejection);
        Assert.Contains("61.05", rejection);
        Assert.DoesNotContain(busy.Id.ToString(), rejection); // people read names; the ids are for programs
        Assert.DoesNotContain("0193a000-0000-7000-8000-0000000000e9", rejection);

        var refusals = Assert.IsType<List<MemberRefusal>>(decision.Extensions["refusals"]);
        Assert.Equal([(busy.Id, "person-already-deployed"), (ill.Id, "person-unavailable"), (elsewhere.Id, "person-other-district")],
            refusals.Select(r => (r.Person, r.Code)));
    }

    [Fact]
    public void a_request_of_another_incident_is_named_by_what_it_asks_and_the_incident_by_its_title()
    {
        var elsewhere = Guid.Parse("0193a000-0000-7000-8000-0000000000b2");
        var request = Given.Fold<Request>(new PersonnelRequested(RequestId, elsewhere, "61.10", PersonnelRole.Counselor, 3, [], Priority.High, null),
            new RequestAccepted(RequestId, "61.10", 3, 3));
        var decision = Decided(Incident(), request, Person("Yohanes"));
        Assert.Equal("Request for 3 counselors belongs to another incident, not Banjir.", decision.Rejection);
        Assert.Equal(elsewhere, decision.Extensions["requestIncidentId"]);
    }

    [Fact]
    public void a_person_assigned_before_teams_were_named_in_the_assignment_is_out_with_another_team()
    {
        var busy = Person("Busy", later: new Func<Guid, object>(id => new PersonnelAssigned(id, "61.10", Guid.NewGuid(), IncidentId)));
        Assert.Contains("Busy is already out with another team", Decide(Incident(), null, busy).Rejection);
    }

    [Fact]
    public void members_must_hold_every_skill_and_the_role_the_request_names()
    {
        var (_, rejection) = Decide(Incident(), Request(), Person("NoSkill", skills: ["referral"]), Person("Tagana", role: PersonnelRole.Tagana));
        Assert.Contains("NoSkill", rejection);
        Assert.Contains("lacks psychological first aid", rejection);
        Assert.Contains("Tagana", rejection);
        Assert.Contains("asks for counselor", rejection);
        Assert.Null(Decide(Incident(), null, Person("NoSkill", skills: ["referral"])).Rejection);
    }

    [Fact]
    public void a_closed_incident_takes_no_team() =>
        Assert.Contains("closed", Decide(Incident(new IncidentClosed(IncidentId, "done")), null, Person("Yohanes")).Rejection);

    [Fact]
    public void the_request_must_be_accepted_addressed_to_the_district_and_not_yet_fulfilled()
    {
        var open = Given.Fold<Request>(new PersonnelRequested(RequestId, IncidentId, "61.10", PersonnelRole.Counselor, 3, [], Priority.High, null));
        Assert.Contains("not been accepted", Decide(Incident(), open, Person("A")).Rejection);
        var fulfilled = Request(1, new RequestStaffed(RequestId, Guid.NewGuid(), 1), new RequestFulfilled(RequestId, 1));
        Assert.Contains("fulfilled", Decide(Incident(), fulfilled, Person("A")).Rejection);
        var toSintang = Given.Fold<Request>(new PersonnelRequested(RequestId, IncidentId, "61.05", PersonnelRole.Counselor, 3, [], Priority.High, null),
            new RequestAccepted(RequestId, "61.10", 3, 3));
        Assert.Contains("addressed to district 61.05", Decide(Incident(), toSintang, Person("A")).Rejection);
    }

    [Fact]
    public void a_team_larger_than_what_remains_of_the_accepted_count_is_refused() =>
        Assert.Contains("exceeds the 2 still to send", Decide(Incident(), Request(2), Person("A"), Person("B"), Person("C")).Rejection);

    private static Deployment Deployment(params object[] later) =>
        Given.Fold<Deployment>([new TeamDeployed(DeploymentId, IncidentId, null, "61.10", "Tim", [Guid.Parse("0193a000-0000-7000-8000-0000000000f1")], "Baning Kota"), .. later]);

    [Fact]
    public void arriving_moves_the_team_on_site_once()
    {
        ArriveTeamEndpoint.Decide(Deployment(), Given.Admin).ShouldAppend(new TeamArrived(DeploymentId, IncidentId));
        Assert.Empty(ArriveTeamEndpoint.Decide(Deployment(new TeamArrived(DeploymentId, IncidentId)), Given.Admin).Events);
        ArriveTeamEndpoint.Decide(Deployment(new TeamStoodDown(DeploymentId, IncidentId)), Given.Admin).ShouldReject("stood down");
    }

    [Fact]
    public void standing_down_releases_every_member_and_tells_the_incident()
    {
        StandDownTeamEndpoint.Decide(Deployment(new TeamArrived(DeploymentId, IncidentId)), Given.Admin).ShouldAppend(new TeamStoodDown(DeploymentId, IncidentId));
        StandDownTeamEndpoint.Decide(Deployment(new TeamStoodDown(DeploymentId, IncidentId)), Given.Admin).ShouldReject("stood down");
        var (onIncident, releases) = StandDownTeamEndpoint.Consequences(Deployment());
        Assert.Contains(releases, r => r.PersonId == Guid.Parse("0193a000-0000-7000-8000-0000000000f1") && r.DeploymentId == DeploymentId);
        Assert.Equal(new IncidentTeamStoodDown(IncidentId, DeploymentId), onIncident);
    }

    private static RecordServices Services(Guid? id = null, string village = "Baning Kota", int contacts = 12) =>
        new(id, DateOnly.FromDateTime(DateTime.UtcNow), village, ServiceKind.PsychologicalFirstAid, new AffectedPeople(10, 4, 1, 0, 1), contacts);

    [Fact]
    public void services_are_recorded_only_on_site()
    {
        var recordId = Guid.NewGuid();
        RecordServicesEndpoint.Decide(Services(), Deployment(), Incident(), recordId, null).ShouldReject("on site");
        var decision = RecordServicesEndpoint.Decide(Services(), Deployment(new TeamArrived(DeploymentId, IncidentId)), Incident(), recordId, null);
        decision.ShouldAppend(new ServicesRecorded(DeploymentId, recordId, IncidentId, "61.10", Services().Date!.Value, "Baning Kota",
            ServiceKind.PsychologicalFirstAid, new AffectedPeople(10, 4, 1, 0, 1), 12));
        RecordServicesEndpoint.Decide(Services(), Deployment(new TeamStoodDown(DeploymentId, IncidentId)), Incident(), recordId, null).ShouldReject("on site");
    }

    [Fact]
    public void the_same_service_record_twice_is_recorded_once_and_another_body_is_refused()
    {
        var recordId = Guid.NewGuid();
        var deployment = Deployment(new TeamArrived(DeploymentId, IncidentId));
        var first = (ServicesRecorded)RecordServicesEndpoint.Decide(Services(recordId), deployment, Incident(), recordId, null).Events[0];
        var earlier = ServiceRecord.Stored(first);
        Assert.Empty(RecordServicesEndpoint.Decide(Services(recordId), deployment, Incident(), recordId, earlier).Events);
        RecordServicesEndpoint.Decide(Services(recordId, contacts: 99), deployment, Incident(), recordId, earlier).ShouldReject("other figures");
    }

    [Fact]
    public void a_service_record_is_dated_against_the_day_the_team_was_sent_in_wib()
    {
        // sent at 01:35 WIB on 30 November 2026, which is still the 29th in UTC
        var deployment = Deployment(new TeamArrived(DeploymentId, IncidentId)) with { DeployedAt = new DateTimeOffset(2026, 11, 29, 18, 35, 0, TimeSpan.Zero) };
        var today = new DateOnly(2026, 11, 30);
        Assert.True((Services() with { Date = new DateOnly(2026, 11, 29) }).Check(deployment, Incident(), today).IsValid);
        var twoDaysBefore = (Services() with { Date = new DateOnly(2026, 11, 28) }).Check(deployment, Incident(), today);
        Assert.False(twoDaysBefore.IsValid);
        Assert.Equal("date-before-deployment", twoDaysBefore.ToProblem().Extensions["code"]);
    }

    [Fact]
    public void a_service_record_holds_at_least_one_session()
    {
        var deployment = Deployment(new TeamArrived(DeploymentId, IncidentId));
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(7));
        var none = Services() with { NewlyReached = AffectedPeople.None, Contacts = 0 };
        Assert.Equal("field-out-of-range", none.Check(deployment, Incident(), today).ToProblem().Extensions["code"]);
        Assert.True((none with { Contacts = 1 }).Check(deployment, Incident(), today).IsValid);
    }

    [Fact]
    public void a_service_record_names_a_village_of_the_incident_and_counts_contacts_at_least_the_newly_reached()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var deployment = Deployment(new TeamArrived(DeploymentId, IncidentId));
        Assert.True(Services().Check(deployment, Incident(), today).IsValid);
        Assert.False(Services(village: "Nanga Pinoh").Check(deployment, Incident(), today).IsValid);
        Assert.False(Services(contacts: 9).Check(deployment, Incident(), today).IsValid);
        Assert.False((Services() with { Date = today.AddDays(5) }).Check(deployment, Incident(), today).IsValid);
        Assert.False((Services() with { NewlyReached = new AffectedPeople(5, 6, 0, 0, 0) }).Check(deployment, Incident(), today).IsValid);
    }
}
