using Coordination.Infrastructure.Localization;

namespace Coordination.Districts;

public enum DistrictKind
{
    Kabupaten,
    Kota
}

public sealed record District(string Code, string Name, DistrictKind Kind);

/// <summary>The 14 districts of Kalimantan Barat (province 61), by Kemendagri code.</summary>
public static class KalimantanBarat
{
    public const string ProvinceCode = "61";
    public const string ProvinceName = "Kalimantan Barat";

    /// <summary>Today as the province counts days: a training finished this morning in Sintang is not in the future at 01:00 WIB.</summary>
    public static DateOnly Today(TimeProvider clock) => DayOf(clock.GetUtcNow());

    /// <summary>The day a moment falls on as the province counts days (WIB).</summary>
    public static DateOnly DayOf(DateTimeOffset moment) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(moment, Wib.Zone).DateTime);

    /// <summary>The first moment of a day as the province counts days (00:00 WIB); the calendar's first day starts at the first moment.</summary>
    public static DateTimeOffset StartOf(DateOnly day)
    {
        var midnight = day.ToDateTime(TimeOnly.MinValue);
        var offset = Wib.Zone.GetUtcOffset(midnight);
        return midnight - DateTime.MinValue < offset ? DateTimeOffset.MinValue : new DateTimeOffset(midnight, offset).ToUniversalTime();
    }

    /// <summary>
    /// A moment of history (?at=) may be as late as the end of the province's today (the desk asks for the end of a chosen
    /// day), not later: a later day has no events to fold, and "as of" it readiness would count certificates and drills
    /// as expired that are valid today.
    /// </summary>
    public static ProblemDetails NotAfterToday(DateTimeOffset? at, TimeProvider clock, string field = "at")
    {
        var tomorrow = Today(clock).AddDays(1).ToDateTime(TimeOnly.MinValue);
        return at >= new DateTimeOffset(tomorrow, Wib.Zone.GetUtcOffset(tomorrow)) ? Problems.Invalid(field, "time-in-future", field) : Problems.None;
    }

    public static readonly IReadOnlyList<District> Districts =
    [
        new("61.01", "Sambas", DistrictKind.Kabupaten),
        new("61.02", "Mempawah", DistrictKind.Kabupaten),
        new("61.03", "Sanggau", DistrictKind.Kabupaten),
        new("61.04", "Ketapang", DistrictKind.Kabupaten),
        new("61.05", "Sintang", DistrictKind.Kabupaten),
        new("61.06", "Kapuas Hulu", DistrictKind.Kabupaten),
        new("61.07", "Bengkayang", DistrictKind.Kabupaten),
        new("61.08", "Landak", DistrictKind.Kabupaten),
        new("61.09", "Sekadau", DistrictKind.Kabupaten),
        new("61.10", "Melawi", DistrictKind.Kabupaten),
        new("61.11", "Kayong Utara", DistrictKind.Kabupaten),
        new("61.12", "Kubu Raya", DistrictKind.Kabupaten),
        new("61.71", "Kota Pontianak", DistrictKind.Kota),
        new("61.72", "Kota Singkawang", DistrictKind.Kota)
    ];

    private static readonly Dictionary<string, District> ByCode = Districts.ToDictionary(d => d.Code);

    public static District? Find(string? code) => code is not null && ByCode.TryGetValue(code, out var d) ? d : null;

    public static bool Exists(string? code) => code is not null && ByCode.ContainsKey(code);

    /// <summary>A district as a message names it: Kabupaten Sintang (61.05) in Indonesian, 61.05 Sintang in English; an unknown code as given.</summary>
    public static object Named(string? code) =>
        Find(code) is { } d ? new Message(d.Kind == DistrictKind.Kota ? "district-kota" : "district-kabupaten", d.Code, d.Name) : code ?? "";
}
