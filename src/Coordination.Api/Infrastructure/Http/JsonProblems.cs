using System.Text.Json;
using System.Collections;
using System.Reflection;
using System.Text.RegularExpressions;
using Coordination.Infrastructure.Json;

namespace Coordination.Infrastructure.Http;

/// <summary>
/// A body System.Text.Json refused, told in the client's terms: the field (its JSON path), what it must be — the allowed
/// values of an enum, the format of a date — and never the .NET type the body was read into.
/// </summary>
public static partial class JsonProblems
{
    [GeneratedRegex(@"could not be converted to (?<type>[^ ]+?)\. Path: (?<path>\S+)")]
    private static partial Regex NotConverted();

    [GeneratedRegex(@"The JSON property '(?<name>.*)' could not be mapped")]
    private static partial Regex Unmapped();

    [GeneratedRegex(@"Duplicate property '(?<name>.*)' encountered")]
    private static partial Regex Repeated();

    [GeneratedRegex(@"missing required properties including: (?<names>'.*')")]
    private static partial Regex Missing();

    [GeneratedRegex(@"Path: (?<path>\S+) \| LineNumber: (?<line>\d+) \| BytePositionInLine: (?<position>\d+)")]
    private static partial Regex Position();

    /// <param name="path">
    /// Where the reader stopped ($.affected.men), for the refusals whose message does not say it: an unknown or repeated
    /// property, or members left out of an object.
    /// </param>
    public static ProblemDetails Explain(string? message, string? path = null)
    {
        message ??= "";
        var position = Position().Match(message);
        if (Unmapped().Match(message) is { Success: true } unmapped)
        {
            var field = Named(unmapped.Groups["name"].Value, path);
            return Problems.Invalid(field, "unknown-field", field);
        }

        if (Repeated().Match(message) is { Success: true } repeated)
        {
            var field = Named(repeated.Groups["name"].Value, path);
            return Problems.Invalid(field, "field-repeated", field);
        }

        if (Missing().Match(message) is { Success: true } missing)
        {
            // members of a nested object left out (affected.children): the reader stopped at the end of that object
            var owner = path is null ? "body" : Field(path);
            return Problems.Invalid(Regex.Matches(missing.Groups["names"].Value, "'(?<name>[^']+)'")
                .Select(m => owner == "body" ? m.Groups["name"].Value : $"{owner}.{m.Groups["name"].Value}")
                .ToDictionary(f => f, f => (IReadOnlyList<Message>)[new Message("field-required", f)]));
        }

        if (NotConverted().Match(message) is { Success: true } wrong)
        {
            var at = wrong.Groups["path"].Value;
            var field = Field(at);
            var type = TypeNamed(wrong.Groups["type"].Value);
            // a record read through its constructor is named in place of the member that failed
            if (type is not null && type.Assembly == typeof(Program).Assembly && !type.IsEnum) type = MemberType(type, at) ?? type;
            return Problems.Invalid(field, Expected(field, type));
        }

        var line = position.Success ? long.Parse(position.Groups["line"].Value) + 1 : 1;
        var column = position.Success ? long.Parse(position.Groups["position"].Value) + 1 : 1;
        return Problems.Invalid("body", "invalid-json", line, column);
    }

    /// <summary>
    /// invalid-json for a body that is not JSON at all (cut off, a stray character, a second value), told by where it
    /// breaks; null for well-formed JSON. The reader of a command's body stops at the first thing its type refuses, an
    /// unknown property included, which in a cut-off body can come before the break it never reached.
    /// </summary>
    public static ProblemDetails? Malformed(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 1024 });
        try
        {
            while (reader.Read())
            {
            }

            return null;
        }
        catch (JsonException e)
        {
            return Problems.Invalid("body", "invalid-json", (e.LineNumber ?? 0) + 1, (e.BytePositionInLine ?? 0) + 1);
        }
    }

    /// <summary>What a value of this type must look like, for the field that held it.</summary>
    public static Message Expected(string field, Type? type)
    {
        type = type is null ? null : Nullable.GetUnderlyingType(type) ?? type;
        return type switch
        {
            null => new Message("invalid-object", field),
            _ when type == typeof(DateOnly) => new Message("invalid-date", field),
            _ when type == typeof(DateTimeOffset) || type == typeof(DateTime) => new Message("invalid-time", field),
            _ when type == typeof(Guid) => new Message("invalid-guid", field),
            _ when type == typeof(bool) => new Message("invalid-boolean", field),
            _ when type == typeof(string) => new Message("invalid-text", field),
            { IsEnum: true } => new Message("invalid-enum", field, Kebab.NamesOf(type)),
            { IsPrimitive: true } or { FullName: "System.Decimal" } => new Message("invalid-number", field),
            _ when typeof(IEnumerable).IsAssignableFrom(type) => new Message("invalid-list", field),
            _ => new Message("invalid-object", field)
        };
    }

    /// <summary>A type as System.Text.Json or Wolverine names it: System.Nullable`1[…], a C# keyword, or a full name.</summary>
    public static Type? TypeNamed(string name)
    {
        const string nullable = "System.Nullable`1[";
        if (name.StartsWith(nullable, StringComparison.Ordinal)) name = name[nullable.Length..^1];
        return name switch
        {
            "int" => typeof(int),
            "long" => typeof(long),
            "bool" => typeof(bool),
            "string" => typeof(string),
            "double" => typeof(double),
            _ => typeof(Program).Assembly.GetType(name) ?? Type.GetType(name)
        };
    }

    /// <summary>The type of the member the path ends in: $.hazard → Hazard; $.members[2] → the element type of members.</summary>
    private static Type? MemberType(Type owner, string path)
    {
        var last = path.Split('.')[^1];
        var indexed = last.EndsWith(']');
        var name = indexed ? last[..last.IndexOf('[')] : last;
        var type = owner.GetProperty(name, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase)?.PropertyType;
        if (type is null) return null;
        type = Nullable.GetUnderlyingType(type) ?? type;
        return indexed && type.IsGenericType ? type.GetGenericArguments()[0] : type;
    }

    /// <summary>A property named in a message, by its path where the path ends in it (affected.men), else by its name.</summary>
    private static string Named(string name, string? path)
    {
        var field = path is null ? "" : Field(path);
        return field == name || field.EndsWith("." + name, StringComparison.Ordinal) ? field : name;
    }

    /// <summary>
    /// The path ($.affected.men) at which a reader of this body stopped, given as System.Text.Json gives it (line and byte in
    /// the line, both from 0): the property just read, or, where it stopped at the end of an object, that object.
    /// </summary>
    public static string? PathAt(ReadOnlySpan<byte> json, long line, long position)
    {
        var start = 0;
        for (var l = 0; l < line; l++)
        {
            var next = json[start..].IndexOf((byte)'\n');
            if (next < 0) return null;
            start += next + 1;
        }

        var target = start + position;
        // each open object or array: the property being read in it, or the index of the item being read
        var open = new List<(bool Array, int Index, string? Name)>();
        string Joined(int count) => "$" + string.Concat(open.Take(count)
            .Select(f => f.Array ? (f.Index < 0 ? "" : $"[{f.Index}]") : f.Name is null ? "" : "." + f.Name));
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 1024 });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is not (JsonTokenType.EndObject or JsonTokenType.EndArray or JsonTokenType.PropertyName) &&
                    open.Count > 0 && open[^1].Array)
                    open[^1] = open[^1] with { Index = open[^1].Index + 1 };
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        open.Add((reader.TokenType == JsonTokenType.StartArray, -1, null));
                        break;
                    case JsonTokenType.PropertyName:
                        open[^1] = open[^1] with { Name = reader.GetString() };
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        if (reader.BytesConsumed >= target) return Joined(open.Count - 1);
                        open.RemoveAt(open.Count - 1);
                        continue;
                }

                if (reader.BytesConsumed >= target) return Joined(open.Count);
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // a body the reader refused before that point, or a name no string holds (an unpaired surrogate): no path to tell
        }

        return null;
    }

    /// <summary>$.affected.total → affected.total; $.members[2] → members[2]; $ → body.</summary>
    private static string Field(string path)
    {
        var field = path.TrimStart('$').TrimStart('.');
        return field.Length == 0 ? "body" : field.Replace("['", ".").Replace("']", "");
    }
}
