using Coordination.Deployments;
using Coordination.Exports;
using Coordination.Incidents;
using Coordination.Tests.Support;

namespace Coordination.Tests.Exports;

/// <summary>How the 4W export's rows are summed and ordered, without a database.</summary>
public class FourWRowTests
{
    private static readonly Guid IncidentId = Guid.Parse("0193a000-0000-7000-8000-0000000000b1");
    private static readonly AffectedPeople Ten = new(10, 4, 1, 0, 0);

    [Fact]
    public void villages_of_a_day_follow_one_another_by_name_whatever_their_case_and_one_village_written_twice_is_one_row()
    {
        var incident = Given.Fold<Incident>(new IncidentReported(IncidentId, "61.05", Hazard.Flood, "Banjir Sintang", Given.Now.AddDays(-1),
            ["Baning Kota"], new AffectedPeople(1200, 300, 100, 20, 15), IncidentPhase.Response));
        var day = DateOnly.FromDateTime(Given.Now.UtcDateTime);
        ServicesRecorded Record(string village) =>
            new(Guid.NewGuid(), Guid.NewGuid(), IncidentId, "61.05", day, village, ServiceKind.GroupSupport, Ten, 10);

        var rows = FourW.Rows([Record("Tanjung Puri"), Record("desa Sungai Ringin"), Record("Baning Kota"), Record("baning kota")],
            new Dictionary<Guid, Incident> { [IncidentId] = incident });

        Assert.Equal(["Baning Kota", "desa Sungai Ringin", "Tanjung Puri"], rows.Select(r => r.Village));
        Assert.Equal(20, rows[0].Reached.Total);
    }
}
