using Coordination.Infrastructure.Json;
using Coordination.Districts;
using Coordination.Personnel;

namespace Coordination.Readiness;

public enum ReadinessLevel
{
    Ready,
    Limited,
    NotReady
}

public sealed record PersonnelByRole(int Counselor, int Tagana, int SocialWorker, int Total);

public sealed record ReadinessRow(
    string District,
    string Name,
    PersonnelByRole Personnel,
    int Available,
    int Deployed,
    int Unavailable,
    int CertifiedCurrent,
    DateOnly? LastDrillOn,
    int OpenRequests,
    double? MedianResponseMinutes,
    ReadinessLevel Level,
    IReadOnlyList<Message> Reasons)
{
    /// <summary>Of the available people, the counselors and TAGANA: what the target counts, and what the board shows.</summary>
    public int AvailableResponders { get; init; }
}

public sealed class ReadinessOptions
{
    public const string Section = "Readiness";
    public const int DrillWithinDays = 180;

    /// <summary>Available counselors and TAGANA a district should have; Targets overrides it per district code.</summary>
    public int Target { get; set; } = 10;

    public Dictionary<string, int> Targets { get; set; } = [];

    public int TargetFor(string district) => Targets.TryGetValue(district, out var target) ? target : Target;
}

public static class ReadinessRules
{
    /// <summary>The row as of <paramref name="today"/>: the stored facts plus everything that depends on the date.</summary>
    public static ReadinessRow Row(District district, DistrictReadiness? facts, DateOnly today, int target)
    {
        var people = facts?.Personnel.Values.ToList() ?? [];
        int Count(PersonnelRole role) => people.Count(p => p.Role == role);
        var byRole = new PersonnelByRole(Count(PersonnelRole.Counselor), Count(PersonnelRole.Tagana), Count(PersonnelRole.SocialWorker), people.Count);

        var available = people.Count(p => p is { Deployed: false, Available: true });
        var deployed = people.Count(p => p.Deployed);
        var certified = people.Count(p => p.CertifiedOn(today));
        var availableResponders = people.Count(p => p is { Deployed: false, Available: true, Role: PersonnelRole.Counselor or PersonnelRole.Tagana });
        var lastDrill = facts?.LastDrillOn;

        var (level, reasons) = Level(availableResponders, target, certified, people.Count, lastDrill, today);
        return new ReadinessRow(district.Code, district.Name, byRole, available, deployed, people.Count - available - deployed, certified,
            lastDrill, facts?.OpenRequests.Count ?? 0, Median(facts?.ResponseMinutes ?? []), level, reasons)
        {
            AvailableResponders = availableResponders
        };
    }

    public static (ReadinessLevel, IReadOnlyList<Message>) Level(int availableResponders, int target, int certified, int total,
        DateOnly? lastDrill, DateOnly today)
    {
        var reasons = new List<Message>();
        var enoughPeople = availableResponders >= target;
        var certifiedShare = total == 0 ? 0 : (double)certified / total;
        var wellCertified = certified >= 0.8 * total;
        var drilledRecently = lastDrill is { } drill && today.DayNumber - drill.DayNumber <= ReadinessOptions.DrillWithinDays;

        if (!enoughPeople) reasons.Add(new Message("reason-few-responders", availableResponders, target));
        if (!wellCertified) reasons.Add(new Message("reason-few-certified", certified, total, Words.Percent(certifiedShare)));
        if (lastDrill is null) reasons.Add(new Message("reason-no-drill"));
        else if (!drilledRecently) reasons.Add(new Message("reason-drill-too-old", lastDrill, ReadinessOptions.DrillWithinDays));

        if (enoughPeople && wellCertified && drilledRecently) return (ReadinessLevel.Ready, reasons);
        var notReady = availableResponders < target / 2.0 || lastDrill is null || certified < 0.5 * total;
        return (notReady ? ReadinessLevel.NotReady : ReadinessLevel.Limited, reasons);
    }

    public static double? Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0) return null;
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        return Math.Round(median, 1);
    }
}
