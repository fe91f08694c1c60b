using System.Globalization;
using Coordination.Infrastructure.Json;
using Coordination.Incidents;

namespace Coordination.Coverage;

public sealed record CoverageRatios(double Total, double Children, double Elderly, double Disabled, double Pregnant);

/// <summary>Coverage of one incident (incidentId set) or of a district's open incidents (district set).</summary>
public sealed record CoverageView(
    Guid? IncidentId,
    string? District,
    AffectedPeople Affected,
    AffectedPeople Reached,
    long Contacts,
    CoverageRatios Coverage,
    int VillagesAffected,
    int VillagesServed,
    int PersonnelOnSite,
    double? AffectedPerCounselor,
    IReadOnlyList<string> Gaps)
{
    public const double GapBelow = 0.5;

    public static CoverageView Of(IncidentCoverage facts) =>
        Build(facts.Id, null, facts.Affected, facts.Reached, facts.Contacts, facts.Villages.Count, facts.ServedAffectedVillages,
            facts.PersonnelOnSite, facts.UnservedVillages.ToList());

    /// <summary>Summed over the open incidents of one district: sums of figures, ratios of the sums.</summary>
    public static CoverageView OfDistrict(string district, IReadOnlyList<IncidentCoverage> incidents) =>
        Build(null, district,
            incidents.Select(i => i.Affected).Aggregate(AffectedPeople.None, IncidentCoverage.Sum),
            incidents.Select(i => i.Reached).Aggregate(AffectedPeople.None, IncidentCoverage.Sum),
            incidents.Sum(i => i.Contacts), incidents.Sum(i => i.Villages.Count), incidents.Sum(i => i.ServedAffectedVillages),
            incidents.Sum(i => i.PersonnelOnSite),
            incidents.SelectMany(i => i.UnservedVillages.Select(v => incidents.Count > 1 ? $"{v} ({i.Title})" : v)).ToList());

    private static CoverageView Build(Guid? incidentId, string? district, AffectedPeople affected, AffectedPeople reached, long contacts,
        int villagesAffected, int villagesServed, int onSite, IReadOnlyList<string> unserved)
    {
        var ratios = new CoverageRatios(Ratio(reached.Total, affected.Total), Ratio(reached.Children, affected.Children),
            Ratio(reached.Elderly, affected.Elderly), Ratio(reached.Disabled, affected.Disabled), Ratio(reached.Pregnant, affected.Pregnant));
        return new CoverageView(incidentId, district, affected, reached, contacts, ratios, villagesAffected, villagesServed, onSite,
            onSite == 0 ? null : Math.Round((double)affected.Total / onSite, 1), GapsOf(affected, reached, ratios, unserved));
    }

    public static double Ratio(int reached, int affected) => affected == 0 ? 0 : Math.Min(1, (double)reached / affected);

    private static IReadOnlyList<string> GapsOf(AffectedPeople affected, AffectedPeople reached, CoverageRatios ratios, IReadOnlyList<string> unserved)
    {
        var gaps = new List<string>();
        (string group, int affected, int reached, double ratio)[] groups =
        [
            ("all affected people", affected.Total, reached.Total, ratios.Total),
            ("children", affected.Children, reached.Children, ratios.Children),
            ("elderly people", affected.Elderly, reached.Elderly, ratios.Elderly),
            ("people with disabilities", affected.Disabled, reached.Disabled, ratios.Disabled),
            ("pregnant women", affected.Pregnant, reached.Pregnant, ratios.Pregnant)
        ];
        foreach (var g in groups.Where(g => g.affected > 0 && g.ratio < GapBelow))
            gaps.Add(string.Create(CultureInfo.InvariantCulture, $"{g.group}: {Words.Percent(g.ratio)} reached ({g.reached:N0} of {g.affected:N0})"));
        if (unserved.Count > 0) gaps.Add($"no service yet in {string.Join(", ", unserved)}");
        return gaps;
    }
}
