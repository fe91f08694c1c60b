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
    IReadOnlyList<Message> Gaps)
{
    public const double GapBelow = 0.5;

    public static CoverageView Of(IncidentCoverage facts) =>
        Build(facts.Id, null, facts.Affected, facts.Reached, facts.Contacts, facts.Villages.Count, facts.ServedAffectedVillages,
            facts.PersonnelOnSite, facts.UnservedVillages.ToList());

    internal static CoverageView Build(Guid? incidentId, string? district, AffectedPeople affected, AffectedPeople reached, long contacts,
        int villagesAffected, int villagesServed, int onSite, IReadOnlyList<string> unserved, int unservedNotNamed = 0)
    {
        var ratios = new CoverageRatios(Ratio(reached.Total, affected.Total), Ratio(reached.Children, affected.Children),
            Ratio(reached.Elderly, affected.Elderly), Ratio(reached.Disabled, affected.Disabled), Ratio(reached.Pregnant, affected.Pregnant));
        return new CoverageView(incidentId, district, affected, reached, contacts, ratios, villagesAffected, villagesServed, onSite,
            onSite == 0 ? null : Math.Round((double)affected.Total / onSite, 1), GapsOf(affected, reached, ratios, unserved, unservedNotNamed));
    }

    public static double Ratio(int reached, int affected) => affected == 0 ? 0 : Math.Min(1, (double)reached / affected);

    private static IReadOnlyList<Message> GapsOf(AffectedPeople affected, AffectedPeople reached, CoverageRatios ratios, IReadOnlyList<string> unserved,
        int unservedNotNamed)
    {
        var gaps = new List<Message>();
        (string group, int affected, int reached, double ratio)[] groups =
        [
            ("group-total", affected.Total, reached.Total, ratios.Total),
            ("group-children", affected.Children, reached.Children, ratios.Children),
            ("group-elderly", affected.Elderly, reached.Elderly, ratios.Elderly),
            ("group-disabled", affected.Disabled, reached.Disabled, ratios.Disabled),
            ("group-pregnant", affected.Pregnant, reached.Pregnant, ratios.Pregnant)
        ];
        foreach (var g in groups.Where(g => g.affected > 0 && g.ratio < GapBelow))
            gaps.Add(new Message("gap-group", new Message(g.group), Words.Percent(g.ratio), g.reached, g.affected));
        if (unserved.Count > 0)
            gaps.Add(unservedNotNamed > 0 ? new Message("gap-unserved-more", unserved, unservedNotNamed) : new Message("gap-unserved", unserved));
        return gaps;
    }
}

/// <summary>
/// One district's coverage summed over its open incidents as they stream past, so the province view never holds every
/// incident at once; the gap names the first villages without service (in incident order) and counts the rest.
/// </summary>
public sealed class DistrictCoverageSum(string district)
{
    public const int VillagesNamed = 25;

    private readonly List<(string Village, string Title)> _unserved = [];
    private AffectedPeople _affected = AffectedPeople.None;
    private AffectedPeople _reached = AffectedPeople.None;
    private long _contacts;
    private int _incidents, _villages, _served, _onSite, _unservedNotNamed;

    public void Add(IncidentCoverage incident)
    {
        _incidents++;
        _affected += incident.Affected;
        _reached += incident.Reached;
        _contacts += incident.Contacts;
        _villages += incident.Villages.Count;
        _served += incident.ServedAffectedVillages;
        _onSite += incident.PersonnelOnSite;
        foreach (var village in incident.UnservedVillages)
            if (_unserved.Count < VillagesNamed) _unserved.Add((village, incident.Title));
            else _unservedNotNamed++;
    }

    public CoverageView ToView() =>
        CoverageView.Build(null, district, _affected, _reached, _contacts, _villages, _served, _onSite,
            [.. _unserved.Select(u => _incidents > 1 ? $"{u.Village} ({u.Title})" : u.Village)], _unservedNotNamed);
}
