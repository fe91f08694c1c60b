using Coordination.Districts;

namespace Coordination.Incidents;

/// <summary>Shape rules shared by the incident commands.</summary>
public static class IncidentRules
{
    public const int MaxVillages = 500;

    /// <summary>The longest name of a village, in characters.</summary>
    public const int MaxVillageLength = 100;
    public const int MaxPeople = 10_000_000;

    public static Validation People(this Validation v, AffectedPeople? people, string field)
    {
        if (people is null) return v.Add(field, "field-required", field);
        (string name, int value)[] groups =
        [
            ("total", people.Total), ("children", people.Children), ("elderly", people.Elderly),
            ("disabled", people.Disabled), ("pregnant", people.Pregnant)
        ];
        foreach (var (name, value) in groups)
        {
            if (value < 0) v.Add($"{field}.{name}", "field-negative", $"{field}.{name}");
            else if (value > MaxPeople) v.Add($"{field}.{name}", "field-too-large", $"{field}.{name}", MaxPeople);
            else if (name != "total" && people.Total >= 0 && value > people.Total)
                v.Add($"{field}.{name}", "group-exceeds-total", $"{field}.{name}", value, $"{field}.total", people.Total);
        }

        return v;
    }

    public static Validation Villages(this Validation v, IReadOnlyList<string?>? villages, string field = "villages")
    {
        if (villages is null || villages.Count == 0) return v.Add(field, "villages-required", field);
        if (villages.Count > MaxVillages) return v.Add(field, "villages-too-many", field, MaxVillages);
        for (var i = 0; i < villages.Count; i++) v.Text(villages[i], $"{field}[{i}]", MaxVillageLength);
        return v;
    }

    public static IReadOnlyList<string> Normalize(IReadOnlyList<string?> villages) =>
        villages.Select(v => v!.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    public static Message? ForbiddenFor(ClaimsPrincipal user, Incident incident) =>
        user.MayActIn(incident.District) ? null : new Message("incident-other-district", incident.Title, KalimantanBarat.Named(incident.District), user.ActsFor());

    public static Message? ClosedRejection(Incident incident) =>
        incident.Phase == IncidentPhase.Closed
            ? new Message("incident-closed", incident.Title, incident.ClosedAt is { } at ? KalimantanBarat.DayOf(at) : null)
            : null;

    /// <summary>A phase as Indonesian practice names it (Tanggap Darurat, …).</summary>
    public static Message Named(this IncidentPhase phase) => new($"phase-{Infrastructure.Json.Kebab.Name(phase)}");
}
