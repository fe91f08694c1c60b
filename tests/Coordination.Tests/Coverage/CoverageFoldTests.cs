using Coordination.Coverage;
using Coordination.Deployments;
using Coordination.Incidents;
using JasperFx.Events;

namespace Coordination.Tests.Coverage;

public class CoverageFoldTests
{
    private static readonly Guid Incident = Guid.NewGuid();
    private static readonly Guid Team = Guid.NewGuid();

    private static ServicesRecorded Record(string village, int total, int children, int contacts) =>
        new(Team, Guid.NewGuid(), Incident, "61.05", new DateOnly(2026, 11, 20), village, ServiceKind.GroupSupport,
            new AffectedPeople(total, children, 0, 0, 0), contacts);

    private static IEvent Stored(object data) => (IEvent)Activator.CreateInstance(typeof(Event<>).MakeGenericType(data.GetType()), data)!;

    [Fact]
    public void people_are_counted_once_contacts_every_session_and_on_site_follows_arrival_and_stand_down()
    {
        object[] teamEvents =
        [
            new TeamDeployed(Team, Incident, null, "61.05", "Tim", [Guid.NewGuid(), Guid.NewGuid()], "A"),
            new TeamArrived(Team, Incident),
            Record("A", 40, 30, 40),
            Record("a", 10, 0, 55)
        ];
        // the team's snapshot totals its records; the coverage view folds the rest and adds the team's totals
        var team = Deployment.Fold(teamEvents.Select(Stored))!;
        Assert.Equal(["A"], team.VillagesServed);
        Assert.Equal(2, team.ServiceRecords);
        var facts = new object[]
        {
            new IncidentReported(Incident, "61.05", Hazard.Flood, "Banjir", DateTimeOffset.UtcNow, ["A", "B"], new AffectedPeople(200, 100, 0, 0, 0), IncidentPhase.Response)
        }.Concat(teamEvents).Aggregate(new IncidentCoverage(), (f, e) => f.Fold(e)).ServedBy([team]);

        var view = CoverageView.Of(facts);
        Assert.Equal(new AffectedPeople(50, 30, 0, 0, 0), view.Reached);
        Assert.Equal(95, view.Contacts);
        Assert.Equal(0.25, view.Coverage.Total);
        Assert.Equal(0.3, view.Coverage.Children);
        Assert.Equal(0, view.Coverage.Elderly);
        Assert.Equal(1, view.VillagesServed);
        Assert.Equal(2, view.PersonnelOnSite);
        Assert.Equal(100, view.AffectedPerCounselor);
        Assert.Equal(["all affected people: 25% reached (50 of 200)", "children: 30% reached (30 of 100)", "no service yet in B"], view.Gaps.Select(g => g.ToString()));

        facts.Fold(new TeamStoodDown(Team, Incident));
        Assert.Null(CoverageView.Of(facts).AffectedPerCounselor);
    }

    [Fact]
    public void a_district_sums_its_incidents_and_names_the_first_villages_without_service_then_counts_the_rest()
    {
        var sum = new DistrictCoverageSum("61.05");
        for (var i = 0; i < 30; i++)
            sum.Add(new IncidentCoverage().Fold(new IncidentReported(Guid.NewGuid(), "61.05", Hazard.Flood, $"Banjir {i}", DateTimeOffset.UtcNow,
                [$"Desa {i}"], new AffectedPeople(100, 10, 0, 0, 0), IncidentPhase.Response)));

        var view = sum.ToView();
        Assert.Equal("61.05", view.District);
        Assert.Equal(new AffectedPeople(3_000, 300, 0, 0, 0), view.Affected);
        Assert.Equal(30, view.VillagesAffected);
        var unserved = Assert.Single(view.Gaps.Select(g => g.ToString()), g => g.StartsWith("no service yet in "));
        Assert.StartsWith("no service yet in Desa 0 (Banjir 0), Desa 1 (Banjir 1),", unserved);
        Assert.Contains("Desa 24 (Banjir 24)", unserved);
        Assert.DoesNotContain("Desa 25", unserved);
        Assert.EndsWith(" and 5 more villages", unserved);
    }

    [Fact]
    public void coverage_is_capped_at_one_and_zero_when_nobody_of_a_group_was_affected()
    {
        Assert.Equal(1, CoverageView.Ratio(120, 100));
        Assert.Equal(0, CoverageView.Ratio(5, 0));
    }
}
