using System.Globalization;
using System.Text;

namespace Coordination.Exports;

/// <summary>A column of an export: its header (a message key, worded in the request's language), its HXL hashtag, its value.</summary>
public sealed record CsvColumn<T>(string Header, string Hashtag, Func<T, string> Value);

public static class Csv
{
    public static ProblemDetails CheckRange(DateOnly? from, DateOnly? to) =>
        from is not null && to is not null && from > to ? Problems.Invalid("from", "from-after-to") : Problems.None;

    public static string FileName(string name, DateOnly? from, DateOnly? to) =>
        $"{name}-{from?.ToString("yyyyMMdd") ?? "all"}-{to?.ToString("yyyyMMdd") ?? "all"}.csv";

    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The header row, the HXL hashtag row, then one line per row, streamed as UTF-8.</summary>
    public static async Task WriteAsync<T>(HttpContext http, string fileName, IReadOnlyList<CsvColumn<T>> columns, IEnumerable<T> rows)
    {
        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
        await using var writer = new StreamWriter(http.Response.Body, new UTF8Encoding(false), bufferSize: 16 * 1024);
        await writer.WriteAsync(Line(columns.Select(c => Texts.Format(c.Header))));
        await writer.WriteAsync(Line(columns.Select(c => c.Hashtag)));
        foreach (var row in rows) await writer.WriteAsync(Line(columns.Select(c => c.Value(row))));
    }

    /// <summary>RFC 4180 quoting; a text that a spreadsheet would run as a formula is defused with a leading apostrophe.</summary>
    public static string Line(IEnumerable<string> fields) => string.Join(',', fields.Select(Escape)) + "\r\n";

    private static string Escape(string field)
    {
        if (field.Length > 0 && "=+-@\t\r".Contains(field[0]) && !double.TryParse(field, CultureInfo.InvariantCulture, out _)) field = "'" + field;
        return field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{field.Replace("\"", "\"\"")}\"" : field;
    }
}
