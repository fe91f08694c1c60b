
namespace Coordination.Incidents;

/// <summary>Shape rules shared by the incident commands.</summary>
public static class IncidentRules
{
    public const int MaxVillages = 500;
    public const int MaxPeople = 10_000_000;

    public static Validation People(this Validation v, AffectedPeople? people, string field)
    {
        if (people is null) return v.Add(field, $"{field} is required.");
        (string name, int value)[] groups =
        [
            ("total", people.Total), ("children", people.Children), ("elderly", people.Elderly),
            ("disabled", people.Disabled), ("pregnant", people.Pregnant)
        ];
        foreach (var (name, value) in groups)
        {
            if (value < 0) v.Add($"{field}.{name}", $"{field}.{name} must not be negative.");
            else if (value > MaxPeople) v.Add($"{field}.{name}", $"{field}.{name} must be at most {MaxPeople}.");
            else if (name != "total" && people.Total >= 0 && value > people.Total)
                v.Add($"{field}.{name}", $"{field}.{name} ({value}) must not exceed {field}.total ({people.Total}).");
        }

        return v;
    }

    public static Validation Villages(this Validation v, IReadOnlyList<string?>? villages, string field = "villages")
    {
        if (villages is null || villages.Count == 0) return v.Add(field, $"{field} must name at least one affected village.");
        if (villages.Count > MaxVillages) return v.Add(field, $"{field} may list at most {MaxVillages} villages.");
        for (var i = 0; i < villages.Count; i++) v.Text(villages[i], $"{field}[{i}]", 100);
        return v;
    }

    public static IReadOnlyList<string> Normalize(IReadOnlyList<string?> villages) =>
        villages.Select(v => v!.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    public static string? ForbiddenFor(ClaimsPrincipal user, Incident incident) =>
        user.MayActIn(incident.District)
            ? null
            : $"Incident {incident.Id} is in district {incident.District}; your token acts for {user.District() ?? "no district"}.";

    public static string? ClosedRejection(Incident incident) =>
        incident.Phase == IncidentPhase.Closed ? $"Incident {incident.Id} was closed on {incident.ClosedAt:yyyy-MM-dd}; it accepts no more changes." : null;
}
