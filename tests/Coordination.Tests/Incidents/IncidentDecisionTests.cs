using Coordination.Incidents;
using Coordination.Tests.Support;

namespace Coordination.Tests.Incidents;

public class IncidentDecisionTests
{
    private static readonly Guid Id = Guid.Parse("0193a000-0000-7000-8000-0000000000aa");
    private static readonly AffectedPeople People = new(1200, 300, 100, 20, 15);

    private static IncidentReported Reported(IncidentPhase phase = IncidentPhase.Response) =>
        new(Id, "61.05", Hazard.Flood, "Banjir Sintang", Given.Now.AddDays(-1), ["Ujung Renyuang", "Baning Kota"], People, phase);

    private static readonly IncidentClosed Closed = new(Id, "Water receded");

    [Fact]
    public void an_assessment_replaces_villages_and_figures()
    {
        var incident = Given.Fold<Incident>(Reported());
        var figures = new AffectedPeople(2000, 500, 150, 30, 20);
        AssessIncidentEndpoint.Decide(new AssessIncident(["Kapuas Kiri Hilir", "Baning Kota"], figures), incident, Given.Admin)
            .ShouldAppend(new IncidentAssessed(Id, ["Kapuas Kiri Hilir", "Baning Kota"], figures));
    }

    [Fact]
    public void assessment_villages_are_trimmed_and_deduplicated()
    {
        var incident = Given.Fold<Incident>(Reported());
        AssessIncidentEndpoint.Decide(new AssessIncident([" Baning Kota ", "baning kota", "Tanjung Puri"], People), incident, Given.Admin)
            .ShouldAppend(new IncidentAssessed(Id, ["Baning Kota", "Tanjung Puri"], People));
    }

    [Fact]
    public void a_closed_incident_takes_no_assessment() =>
        AssessIncidentEndpoint.Decide(new AssessIncident(["Baning Kota"], People), Given.Fold<Incident>(Reported(), Closed), Given.Admin)
            .ShouldReject("closed");

    [Theory]
    [InlineData(IncidentPhase.Alert, IncidentPhase.Response)]
    [InlineData(IncidentPhase.Response, IncidentPhase.Recovery)]
    [InlineData(IncidentPhase.Alert, IncidentPhase.Recovery)]
    public void phases_move_forward(IncidentPhase from, IncidentPhase to) =>
        ChangeIncidentPhaseEndpoint.Decide(new ChangeIncidentPhase(to), Given.Fold<Incident>(Reported(from)), Given.Admin)
            .ShouldAppend(new IncidentPhaseChanged(Id, from, to));

    [Theory]
    [InlineData(IncidentPhase.Response, IncidentPhase.Alert)]
    [InlineData(IncidentPhase.Recovery, IncidentPhase.Response)]
    [InlineData(IncidentPhase.Recovery, IncidentPhase.Alert)]
    public void phases_never_go_backwards(IncidentPhase current, IncidentPhase to)
    {
        var history = current == IncidentPhase.Recovery
            ? new object[] { Reported(), new IncidentPhaseChanged(Id, IncidentPhase.Response, IncidentPhase.Recovery) }
            : [Reported(current)];
        ChangeIncidentPhaseEndpoint.Decide(new ChangeIncidentPhase(to), Given.Fold<Incident>(history), Given.Admin)
            .ShouldReject("never go back", Coordination.Infrastructure.Json.Kebab.Name(to));
    }

    [Fact]
    public void asking_for_the_current_phase_again_changes_nothing() =>
        Assert.Empty(ChangeIncidentPhaseEndpoint.Decide(new ChangeIncidentPhase(IncidentPhase.Response), Given.Fold<Incident>(Reported()), Given.Admin).Events);

    [Fact]
    public void a_closed_incident_changes_phase_no_more() =>
        ChangeIncidentPhaseEndpoint.Decide(new ChangeIncidentPhase(IncidentPhase.Recovery), Given.Fold<Incident>(Reported(), Closed), Given.Admin)
            .ShouldReject("closed");

    [Fact]
    public void closing_through_the_phase_command_is_a_shape_error() =>
        Assert.False(new ChangeIncidentPhase(IncidentPhase.Closed).Check().IsValid);

    [Fact]
    public void the_first_decree_declares_the_emergency_status() =>
        DeclareEmergencyStatusEndpoint.Decide(new DeclareEmergencyStatus("360/BPBD/2026", new DateOnly(2026, 12, 11)), Given.Fold<Incident>(Reported()), Given.Admin)
            .ShouldAppend(new EmergencyStatusDeclared(Id, "360/BPBD/2026", new DateOnly(2026, 12, 11)));

    [Fact]
    public void a_later_decree_extends_it()
    {
        var incident = Given.Fold<Incident>(Reported(), new EmergencyStatusDeclared(Id, "360/BPBD/2026", new DateOnly(2026, 12, 11)));
        DeclareEmergencyStatusEndpoint.Decide(new DeclareEmergencyStatus("371/BPBD/2026", new DateOnly(2026, 12, 25)), incident, Given.Admin)
            .ShouldAppend(new EmergencyStatusExtended(Id, "371/BPBD/2026", new DateOnly(2026, 12, 25)));
        Assert.Equal(new DateOnly(2026, 12, 25),
            Given.Fold<Incident>(Reported(), new EmergencyStatusDeclared(Id, "360/BPBD/2026", new DateOnly(2026, 12, 11)),
                new EmergencyStatusExtended(Id, "371/BPBD/2026", new DateOnly(2026, 12, 25))).Emergency!.ValidUntil);
    }

    [Fact]
    public void an_extension_that_does_not_run_past_the_current_status_is_refused()
    {
        var incident = Given.Fold<Incident>(Reported(), new EmergencyStatusDeclared(Id, "360/BPBD/2026", new DateOnly(2026, 12, 11)));
        DeclareEmergencyStatusEndpoint.Decide(new DeclareEmergencyStatus("371/BPBD/2026", new DateOnly(2026, 12, 5)), incident, Given.Admin)
            .ShouldReject("11 December 2026", "360/BPBD/2026");
    }

    [Fact]
    public void repeating_the_same_decree_changes_nothing()
    {
        var incident = Given.Fold<Incident>(Reported(), new EmergencyStatusDeclared(Id, "360/BPBD/2026", new DateOnly(2026, 12, 11)));
        Assert.Empty(DeclareEmergencyStatusEndpoint.Decide(new DeclareEmergencyStatus("360/BPBD/2026", new DateOnly(2026, 12, 11)), incident, Given.Admin).Events);
    }

    [Fact]
    public void a_decree_is_declared_on_the_day_it_was_stored_in_wib_and_may_end_on_the_wib_day_the_incident_occurred()
    {
        // 01:00 WIB on 29 November 2026 is still the 28th in UTC
        var declared = new JasperFx.Events.Event<EmergencyStatusDeclared>(new EmergencyStatusDeclared(Id, "360/BPBD/2026", new DateOnly(2026, 12, 11)))
        {
            Timestamp = new DateTimeOffset(2026, 11, 28, 18, 0, 0, TimeSpan.Zero)
        };
        Assert.Equal(new DateOnly(2026, 11, 29), Given.Fold<Incident>(Reported()).Apply(declared).Emergency!.DeclaredOn);

        // a flood at 01:00 WIB on 27 November (18:00 UTC on the 26th) occurred on the 27th: a decree ending on the 26th ends before it
        var atNight = Given.Fold<Incident>(Reported() with { OccurredAt = new DateTimeOffset(2026, 11, 26, 18, 0, 0, TimeSpan.Zero) });
        DeclareEmergencyStatusEndpoint.Decide(new DeclareEmergencyStatus("1/2026", new DateOnly(2026, 11, 26)), atNight, Given.Admin)
            .ShouldReject("27 November 2026");
        DeclareEmergencyStatusEndpoint.Decide(new DeclareEmergencyStatus("1/2026", new DateOnly(2026, 11, 27)), atNight, Given.Admin)
            .ShouldAppend(new EmergencyStatusDeclared(Id, "1/2026", new DateOnly(2026, 11, 27)));
    }

    [Fact]
    public void a_decree_ending_before_the_incident_is_refused() =>
        DeclareEmergencyStatusEndpoint.Decide(new DeclareEmergencyStatus("1/2020", new DateOnly(2020, 1, 1)), Given.Fold<Incident>(Reported()), Given.Admin)
            .ShouldReject("before the incident occurred");

    [Fact]
    public void closing_appends_the_summary() =>
        CloseIncidentEndpoint.Decide(new CloseIncident(" Water receded "), Given.Fold<Incident>(Reported()))
            .ShouldAppend(new IncidentClosed(Id, "Water receded"));

    [Fact]
    public void closing_with_a_team_still_deployed_is_refused_naming_the_team_and_its_district_with_the_deployment_id_beside_the_words()
    {
        var deployment = Guid.Parse("0193a000-0000-7000-8000-0000000000dd");
        var incident = Given.Fold<Incident>(Reported(), new IncidentTeamDeployed(Id, deployment, "61.10", "Tim LDP Melawi 1"));
        var decision = CloseIncidentEndpoint.Decide(new CloseIncident("done"), incident);
        Assert.DoesNotContain(deployment.ToString(), decision.ShouldReject("Tim LDP Melawi 1", "61.10"));
        Assert.Equal([deployment], (Guid[])decision.Extensions["deployments"]);
    }

    [Fact]
    public void once_the_team_stood_down_the_incident_can_close()
    {
        var deployment = Guid.Parse("0193a000-0000-7000-8000-0000000000dd");
        var incident = Given.Fold<Incident>(Reported(), new IncidentTeamDeployed(Id, deployment, "61.10", "Tim LDP Melawi 1"),
            new IncidentTeamStoodDown(Id, deployment));
        CloseIncidentEndpoint.Decide(new CloseIncident("done"), incident).ShouldAppend(new IncidentClosed(Id, "done"));
    }

    [Fact]
    public void a_closed_incident_cannot_close_again() =>
        CloseIncidentEndpoint.Decide(new CloseIncident("again"), Given.Fold<Incident>(Reported(), Closed)).ShouldReject("closed");

    [Fact]
    public void the_fold_follows_the_lifecycle()
    {
        var incident = Given.Fold<Incident>(Reported(IncidentPhase.Alert),
            new IncidentPhaseChanged(Id, IncidentPhase.Alert, IncidentPhase.Response), Closed);
        Assert.Equal(IncidentPhase.Closed, incident.Phase);
        Assert.Equal(IncidentStatus.Closed, incident.Status);
        Assert.Equal("Water receded", incident.Summary);
        Assert.Equal(3, incident.Version);
    }
}

public class ReportIncidentShapeTests
{
    private static ReportIncident Valid() =>
        new(null, "61.05", Hazard.Flood, "Banjir Sintang", Given.Now.AddHours(-3), ["Baning Kota"], new AffectedPeople(100, 40, 10, 2, 1), null);

    private static IEnumerable<string> Fields(ReportIncident command) =>
        ((Microsoft.AspNetCore.Http.HttpValidationProblemDetails)command.Check(Given.Now).ToProblem()).Errors.Keys;

    [Fact]
    public void a_complete_report_is_valid_and_defaults_to_the_response_phase()
    {
        Assert.True(Valid().Check(Given.Now).IsValid);
        Assert.Equal(IncidentPhase.Response, ((IncidentReported)ReportIncidentEndpoint.Decide(Valid(), Given.Admin, Given.Clock).Started).Phase);
        ReportIncidentEndpoint.Decide(Valid(), Given.DistrictOfficer("61.10"), Given.Clock).ShouldRefuse(Coordination.Infrastructure.EventSourcing.Verdict.Forbidden);
    }

    [Fact]
    public void a_group_above_the_total_is_named() =>
        Assert.Equal(["affected.children"], Fields(Valid() with { Affected = new AffectedPeople(10, 11, 0, 0, 0) }));

    [Fact]
    public void negative_counts_are_named() =>
        Assert.Contains("affected.elderly", Fields(Valid() with { Affected = new AffectedPeople(10, 0, -1, 0, 0) }));

    [Fact]
    public void an_unknown_district_is_named() => Assert.Equal(["district"], Fields(Valid() with { District = "62.01" }));

    [Fact]
    public void an_incident_in_the_future_is_refused() =>
        Assert.Equal(["occurredAt"], Fields(Valid() with { OccurredAt = Given.Now.AddDays(1) }));

    [Fact]
    public void it_is_reported_in_alert_or_response_only() =>
        Assert.Equal(["phase"], Fields(Valid() with { Phase = IncidentPhase.Recovery }));

    [Fact]
    public void missing_fields_are_each_named() =>
        Assert.Equal(["district", "hazard", "title", "occurredAt", "villages", "affected"],
            Fields(new ReportIncident(null, null, null, null, null, null, null, null)));
}
