using System.Collections;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Coordination.Resources;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Coordination.Infrastructure.Localization;

/// <summary>
/// A text a person reads, kept as its resource key and arguments until it is shown: decisions and views stay free of
/// any language, and the words are chosen when the answer is written, in the language of the request.
/// The key is also the stable problem <c>code</c> unless <see cref="Code"/> names another.
/// </summary>
[JsonConverter(typeof(MessageJson))]
public sealed record Message(string Key, params object?[] Args)
{
    public string Code { get; init; } = Key;

    /// <summary>
    /// A string array given alone is one argument (a list), not the argument list: C# passes it as the params array itself
    /// (array covariance), which would show only its first item.
    /// </summary>
    public object?[] Args { get; init; } = Args.GetType() == typeof(object[]) ? Args : [Args];

    public override string ToString() => Texts.Format(Key, Args);
}

/// <summary>
/// A field of a request as people call it (judul, anak-anak terdampak, keahlian ke-2), from its path in the body or the
/// query (title, affected.children, skills[1]); a field without words of its own is shown by its path.
/// </summary>
public sealed record FieldName(string Path)
{
    private static readonly System.Text.RegularExpressions.Regex Item = new(@"^(?<list>[^\[]+)\[(?<index>\d+)\]$");

    /// <summary>The path names one of our fields (a client's unknown field, or a value, does not).</summary>
    public static bool Known(string path) => !Words(path).Words.ResourceNotFound;

    public override string ToString()
    {
        var (words, item) = Words(Path);
        if (words.ResourceNotFound) return Path;
        return item.Success ? Texts.Format("field-item", words.Value, int.Parse(item.Groups["index"].Value) + 1) : words.Value;
    }

    /// <summary>A list's item (skills[1]) is named by its list's words.</summary>
    private static (LocalizedString Words, System.Text.RegularExpressions.Match Item) Words(string path)
    {
        var item = Item.Match(path);
        return (Texts.Localizer[$"field-{(item.Success ? item.Groups["list"].Value : path)}"], item);
    }
}

public static class Texts
{
    /// <summary>The same resources IStringLocalizer&lt;Messages&gt; reads; static so that pure decisions can name their texts.</summary>
    public static IStringLocalizer Localizer { get; } =
        new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance).Create(typeof(Messages));

    /// <summary>The languages the texts are written in; the first is the neutral one (Messages.resx).</summary>
    public static readonly string[] Languages = ["en", "id"];

    public static string Format(string key, params object?[] args)
    {
        var text = Localizer[key];
        var format = text.ResourceNotFound ? key : text.Value;
        if (args.Length == 0) return format;
        var indonesian = CultureInfo.CurrentUICulture.Name.StartsWith("id", StringComparison.OrdinalIgnoreCase);
        var numbers = indonesian ? Indonesian : English;
        return string.Format(numbers, format, args.Select(a => Shown(a, numbers, indonesian)).ToArray());
    }

    /// <summary>
    /// Arguments as people read them; numbers stay numbers so that a format such as {0:N0} applies. Days and moments are
    /// written as the province reads them: "11 Maret 2026", and a moment on the province's clock, "1 Desember 2026, 09.00 WIB" as the desk writes it.
    /// </summary>
    private static object? Shown(object? argument, IFormatProvider numbers, bool indonesian) => argument switch
    {
        null => "",
        Message message => message.ToString(),
        FieldName field => field.ToString(),
        string text => text,
        Enum value => JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString()),
        DateOnly date => Day(date, indonesian),
        DateTimeOffset time => Moment(time, indonesian),
        IEnumerable<Message> messages => string.Join("; ", messages.Select(m => m.ToString())),
        IEnumerable items => string.Join(", ", items.Cast<object?>().Select(i => Shown(i, numbers, indonesian))),
        _ => argument
    };

    private static string Day(DateOnly date, bool indonesian) =>
        $"{date.Day} {(indonesian ? IndonesianMonths : EnglishMonths)[date.Month - 1]} {date.Year}";

    private static string Moment(DateTimeOffset time, bool indonesian)
    {
        var local = TimeZoneInfo.ConvertTime(time, Wib.Zone);
        return $"{Day(DateOnly.FromDateTime(local.DateTime), indonesian)}, {local.ToString(indonesian ? "HH'.'mm" : "HH':'mm", CultureInfo.InvariantCulture)} WIB";
    }

    private static readonly string[] EnglishMonths = CultureInfo.InvariantCulture.DateTimeFormat.MonthNames[..12];

    /// <summary>Written out, like the numbers below: the service runs with invariant globalization, which has no Indonesian.</summary>
    private static readonly string[] IndonesianMonths =
        ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"];

    /// <summary>
    /// Numbers as each language writes them (12.500 in Indonesian, 12,500 in English). Written out here because the
    /// service runs with invariant globalization, which carries no culture data.
    /// </summary>
    private static readonly NumberFormatInfo English = NumberFormatInfo.InvariantInfo;

    private static readonly NumberFormatInfo Indonesian = NumberFormatInfo.ReadOnly(new NumberFormatInfo
    {
        NumberGroupSeparator = ".", NumberDecimalSeparator = ",", PercentGroupSeparator = ".", PercentDecimalSeparator = ","
    });
}

/// <summary>A message travels in JSON as its text in the request's language.</summary>
public sealed class MessageJson : JsonConverter<Message>
{
    public override Message Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        new(reader.GetString() ?? "");

    public override void Write(Utf8JsonWriter writer, Message value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}
