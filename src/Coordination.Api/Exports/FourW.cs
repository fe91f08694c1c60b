using System.Globalization;
using Coordination.Deployments;
using Coordination.Districts;
using Coordination.Incidents;
using Coordination.Infrastructure.Json;

namespace Coordination.Exports;

/// <summary>One 4W row: who (organisations) did what (service) where (incident, village) and when (day).</summary>
public sealed record FourWRow(
    Incident Incident,
    DateOnly Date,
    string Village,
    ServiceKind Service,
    IReadOnlyList<string> Organisations,
    AffectedPeople Reached,
    long Contacts);

/// <summary>
/// The 4W of psychosocial services as HXL: every column sums over any set of rows. People reached are the rows' own
/// (newly reached, counted once per incident), sessions are an output, not people; no incident-level figure repeats.
/// </summary>
public static class FourW
{
    public static readonly CsvColumn<FourWRow>[] Columns =
    [
        new("csv-country-code", "#country+code", _ => "IDN"),
        new("csv-province-code", "#adm1+code", _ => KalimantanBarat.ProvinceCode),
        new("csv-province", "#adm1+name", _ => KalimantanBarat.ProvinceName),
        new("csv-district-code", "#adm2+code", r => r.Incident.District),
        new("csv-district", "#adm2+name", r => KalimantanBarat.Find(r.Incident.District)?.Name ?? r.Incident.District),
        new("csv-kecamatan", "#adm3+name", _ => ""),
        new("csv-village", "#loc+name", r => r.Village),
        new("csv-organisation", "#org+name", r => string.Join("; ", r.Organisations)),
        new("csv-sector", "#sector", _ => "MHPSS"),
        new("csv-activity-code", "#activity+code", r => Kebab.Name(r.Service)),
        new("csv-activity", "#activity+name", r => Texts.Format($"activity-{Kebab.Name(r.Service)}")),
        new("csv-date", "#date", r => r.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        new("csv-incident-id", "#event+id", r => r.Incident.Id.ToString()),
        new("csv-incident", "#event+name", r => r.Incident.Title),
        new("csv-hazard", "#crisis+type", r => Kebab.Name(r.Incident.Hazard)),
        new("csv-newly-reached", "#reached+ind", r => Csv.Number(r.Reached.Total)),
        new("csv-reached-children", "#reached+ind+children", r => Csv.Number(r.Reached.Children)),
        new("csv-reached-elderly", "#reached+ind+elderly", r => Csv.Number(r.Reached.Elderly)),
        new("csv-reached-disabled", "#reached+ind+disabled", r => Csv.Number(r.Reached.Disabled)),
        new("csv-reached-pregnant", "#reached+ind+pregnant", r => Csv.Number(r.Reached.Pregnant)),
        new("csv-contacts", "#output+sessions", r => Csv.Number(r.Contacts))
    ];

    /// <summary>
    /// Sums service records into rows of incident × village × service × day, in date order, then by district and village. A
    /// village is one row whatever the case it was written in, and villages follow one another by name whatever their case
    /// ("desa Sungai Ringin" between "Baning Kota" and "Tanjung Puri", not after every capitalised name).
    /// </summary>
    public static IReadOnlyList<FourWRow> Rows(IEnumerable<ServicesRecorded> records, IReadOnlyDictionary<Guid, Incident> incidents) =>
        records.Where(r => incidents.ContainsKey(r.IncidentId))
            .GroupBy(r => (r.IncidentId, r.Date, Village: r.Village.ToUpperInvariant(), r.Service))
            .Select(g => new FourWRow(incidents[g.Key.IncidentId], g.Key.Date, g.First().Village, g.Key.Service,
                g.Select(r => Organisation(r.District)).Distinct().Order(StringComparer.Ordinal).ToList(),
                g.Select(r => r.NewlyReached).Aggregate(AffectedPeople.None, (a, b) => a + b), g.Sum(r => (long)r.Contacts)))
            .OrderBy(r => r.Date).ThenBy(r => r.Incident.District, StringComparer.Ordinal).ThenBy(r => r.Village, StringComparer.OrdinalIgnoreCase)
            .ThenBy(r => r.Service).ToList();

    public static string Organisation(string district) => $"Dinas Sosial {KalimantanBarat.Find(district)?.Name ?? district}";
}

/// <summary>One incident per row with its latest affected figures: the denominators the 4W rows are read against.</summary>
public static class IncidentsCsv
{
    public static readonly CsvColumn<Incident>[] Columns =
    [
        new("csv-incident-id", "#event+id", i => i.Id.ToString()),
        new("csv-incident", "#event+name", i => i.Title),
        new("csv-hazard", "#crisis+type", i => Kebab.Name(i.Hazard)),
        new("csv-country-code", "#country+code", _ => "IDN"),
        new("csv-province-code", "#adm1+code", _ => KalimantanBarat.ProvinceCode),
        new("csv-province", "#adm1+name", _ => KalimantanBarat.ProvinceName),
        new("csv-district-code", "#adm2+code", i => i.District),
        new("csv-district", "#adm2+name", i => KalimantanBarat.Find(i.District)?.Name ?? i.District),
        new("csv-phase", "#status+phase", i => Texts.Format($"phase-{Kebab.Name(i.Phase)}")),
        new("csv-occurred", "#date+occurred", i => KalimantanBarat.DayOf(i.OccurredAt).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        new("csv-villages-count", "#loc+num", i => Csv.Number(i.Villages.Count)),
        new("csv-villages", "#loc+name+list", i => string.Join("; ", i.Villages)),
        new("csv-affected", "#affected+ind", i => Csv.Number(i.Affected.Total)),
        new("csv-affected-children", "#affected+ind+children", i => Csv.Number(i.Affected.Children)),
        new("csv-affected-elderly", "#affected+ind+elderly", i => Csv.Number(i.Affected.Elderly)),
        new("csv-affected-disabled", "#affected+ind+disabled", i => Csv.Number(i.Affected.Disabled)),
        new("csv-affected-pregnant", "#affected+ind+pregnant", i => Csv.Number(i.Affected.Pregnant))
    ];
}

public static class ExportFourWEndpoint
{
    public static ProblemDetails Validate(DateOnly? from, DateOnly? to) => Csv.CheckRange(from, to);

    /// <summary>The 4W of psychosocial services: one row per incident × village × service × day, with the HXL hashtag row.</summary>
    [Authorize(Roles = $"{Roles.Coordinator},{Roles.Analyst},{Roles.Admin}")]
    [WolverineGet("/api/exports/4w.csv", OperationId = "ExportFourW"), Tags("Exports")]
    [Produces("text/csv"), ProducesResponseType(typeof(string), StatusCodes.Status200OK, "text/csv")]
    public static async Task Get(DateOnly? from, DateOnly? to, HttpContext http, IQuerySession session, CancellationToken cancellation)
    {
        var first = from ?? DateOnly.MinValue;
        var last = to ?? DateOnly.MaxValue;
        var records = await session.Events.QueryRawEventDataOnly<ServicesRecorded>()
            .Where(r => r.Date >= first && r.Date <= last).ToListAsync(cancellation);
        var incidentIds = records.Select(r => r.IncidentId).Distinct().ToArray();
        var incidents = (await session.LoadManyAsync<Incident>(cancellation, incidentIds)).ToDictionary(i => i.Id);
        await Csv.WriteAsync(http, Csv.FileName("4w-ldp-kalbar", from, to), FourW.Columns, FourW.Rows(records, incidents));
    }
}

public static class ExportIncidentsEndpoint
{
    public static ProblemDetails Validate(DateOnly? from, DateOnly? to) => Csv.CheckRange(from, to);

    /// <summary>One row per incident that occurred in the range, with its latest affected figures by group, phase and villages.</summary>
    [Authorize(Roles = $"{Roles.Coordinator},{Roles.Analyst},{Roles.Admin}")]
    [WolverineGet("/api/exports/incidents.csv", OperationId = "ExportIncidents"), Tags("Exports")]
    [Produces("text/csv"), ProducesResponseType(typeof(string), StatusCodes.Status200OK, "text/csv")]
    public static async Task Get(DateOnly? from, DateOnly? to, HttpContext http, IQuerySession session, CancellationToken cancellation)
    {
        // days as the province counts them (WIB), as the #date+occurred column writes them; the calendar's last day has no day
        // after it: the range is open at its end
        var first = from is { } f ? KalimantanBarat.StartOf(f) : DateTimeOffset.MinValue;
        var end = to is { } t && t < DateOnly.MaxValue ? KalimantanBarat.StartOf(t.AddDays(1)) : DateTimeOffset.MaxValue;
        var incidents = await session.Query<Incident>().Where(i => i.OccurredAt >= first && i.OccurredAt < end)
            .OrderBy(i => i.OccurredAt).ToListAsync(cancellation);
        await Csv.WriteAsync(http, Csv.FileName("kejadian-kalbar", from, to), IncidentsCsv.Columns, incidents);
    }
}
