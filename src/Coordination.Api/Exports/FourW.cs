using System.Globalization;
using System.Text;
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

public static class FourW
{
    /// <summary>The column headers' message keys; the headers are worded in the request's language, the hashtags never.</summary>
    public static readonly string[] Header =
    [
        "csv-incident-id", "csv-incident", "csv-hazard", "csv-date", "csv-district-code", "csv-district", "csv-village", "csv-organisation",
        "csv-service", "csv-affected", "csv-affected-children", "csv-affected-elderly", "csv-affected-disabled", "csv-affected-pregnant",
        "csv-newly-reached", "csv-reached-children", "csv-reached-elderly", "csv-reached-disabled", "csv-reached-pregnant", "csv-contacts"
    ];

    /// <summary>HXL hashtags; +disabled and +pregnant are custom attributes. Affected figures are the incident's, repeated on each of its rows.</summary>
    public static readonly string[] Hashtags =
    [
        "#event+id", "#event+name", "#crisis+type", "#date", "#adm2+code", "#adm2+name", "#loc+name", "#org+name", "#service+name",
        "#affected+ind", "#affected+children", "#affected+elderly", "#affected+disabled", "#affected+pregnant",
        "#reached+ind", "#reached+children", "#reached+elderly", "#reached+disabled", "#reached+pregnant", "#reached+contacts"
    ];

    /// <summary>Sums service records into rows of incident × village × service × day, in date order.</summary>
    public static IReadOnlyList<FourWRow> Rows(IEnumerable<ServicesRecorded> records, IReadOnlyDictionary<Guid, Incident> incidents) =>
        records.Where(r => incidents.ContainsKey(r.IncidentId))
            .GroupBy(r => (r.IncidentId, r.Date, Village: r.Village.ToUpperInvariant(), r.Service))
            .Select(g => new FourWRow(incidents[g.Key.IncidentId], g.Key.Date, g.First().Village, g.Key.Service,
                g.Select(r => Organisation(r.District)).Distinct().Order(StringComparer.Ordinal).ToList(),
                g.Select(r => r.NewlyReached).Aggregate(AffectedPeople.None, Coverage.IncidentCoverage.Sum), g.Sum(r => (long)r.Contacts)))
            .OrderBy(r => r.Date).ThenBy(r => r.Incident.District, StringComparer.Ordinal).ThenBy(r => r.Village, StringComparer.Ordinal)
            .ThenBy(r => r.Service).ToList();

    public static string Organisation(string district) => $"Dinas Sosial {KalimantanBarat.Find(district)?.Name ?? district}";

    public static IEnumerable<string> Fields(FourWRow row)
    {
        var i = row.Incident;
        var affected = i.Affected;
        return
        [
            i.Id.ToString(), i.Title, Kebab.Name(i.Hazard), row.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), i.District,
            KalimantanBarat.Find(i.District)?.Name ?? i.District, row.Village, string.Join("; ", row.Organisations), Kebab.Name(row.Service),
            .. Numbers(affected), .. Numbers(row.Reached), row.Contacts.ToString(CultureInfo.InvariantCulture)
        ];
    }

    private static IEnumerable<string> Numbers(AffectedPeople p) =>
        new[] { p.Total, p.Children, p.Elderly, p.Disabled, p.Pregnant }.Select(n => n.ToString(CultureInfo.InvariantCulture));

    /// <summary>RFC 4180 quoting; a text that a spreadsheet would run as a formula is defused with a leading apostrophe.</summary>
    public static string Line(IEnumerable<string> fields) => string.Join(',', fields.Select(Escape)) + "\r\n";

    private static string Escape(string field)
    {
        if (field.Length > 0 && "=+-@\t\r".Contains(field[0]) && !double.TryParse(field, CultureInfo.InvariantCulture, out _)) field = "'" + field;
        return field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{field.Replace("\"", "\"\"")}\"" : field;
    }
}

public static class ExportFourWEndpoint
{
    public static ProblemDetails Validate(DateOnly? from, DateOnly? to) =>
        from is not null && to is not null && from > to ? Problems.Invalid("from", "from-after-to") : Problems.None;

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

        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"4w-ldp-kalbar-{from?.ToString("yyyyMMdd") ?? "all"}-{to?.ToString("yyyyMMdd") ?? "all"}.csv\"";
        await using var writer = new StreamWriter(http.Response.Body, new UTF8Encoding(false), bufferSize: 16 * 1024);
        await writer.WriteAsync(FourW.Line(FourW.Header.Select(key => Texts.Format(key))));
        await writer.WriteAsync(FourW.Line(FourW.Hashtags));
        foreach (var row in FourW.Rows(records, incidents)) await writer.WriteAsync(FourW.Line(FourW.Fields(row)));
    }
}
