using System.Text.Json;
using System.Text.Json.Serialization;

namespace Coordination.Infrastructure.Json;

/// <summary>Enums travel as kebab-case strings (flash-flood, partially-accepted).</summary>
public static class Kebab
{
    public static string Name<T>(T value) where T : struct, Enum => JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());

    public static IEnumerable<string> Names<T>() where T : struct, Enum => Enum.GetValues<T>().Select(Name);

    public static IReadOnlyList<string> NamesOf(Type enumType) =>
        Enum.GetNames(enumType).Select(JsonNamingPolicy.KebabCaseLower.ConvertName).ToList();

    public static bool TryParse<T>(string? text, out T value) where T : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<T>())
        {
            if (!string.Equals(Name(candidate), text, StringComparison.Ordinal)) continue;
            value = candidate;
            return true;
        }

        value = default;
        return false;
    }

    public static JsonStringEnumConverter Converter() => new(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false);

    public static void Apply(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.Converters.Add(Converter());
        options.NumberHandling = JsonNumberHandling.Strict;
        // {"count": 3, "count": 1} is no count: a proxy or log reading the first would disagree with the command reading the last
        options.AllowDuplicateProperties = false;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
    }
}
