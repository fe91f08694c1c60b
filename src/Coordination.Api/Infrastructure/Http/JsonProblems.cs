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

    [GeneratedRegex(@"Path: (?<path>\S+) \| LineNumber: (?<line>\d+) \| BytePositionInLine: (?<position>\d+)")]
    private static partial Regex Position();

    public static ProblemDetails Explain(string? message)
    {
        message ??= "";
        if (Unmapped().Match(message) is { Success: true } unmapped)
            return Problems.Invalid(unmapped.Groups["name"].Value, "unknown-field", unmapped.Groups["name"].Value);
        if (NotConverted().Match(message) is { Success: true } wrong)
        {
            var path = wrong.Groups["path"].Value;
            var field = Field(path);
            var type = TypeNamed(wrong.Groups["type"].Value);
            // a record read through its constructor is named in place of the member that failed
            if (type is not null && type.Assembly == typeof(Program).Assembly && !type.IsEnum) type = MemberType(type, path) ?? type;
            return Problems.Invalid(field, Expected(field, type));
        }

        var position = Position().Match(message);
        var line = position.Success ? long.Parse(position.Groups["line"].Value) + 1 : 1;
        var column = position.Success ? long.Parse(position.Groups["position"].Value) + 1 : 1;
        return Problems.Invalid("body", "invalid-json", line, column);
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

    /// <summary>$.affected.total → affected.total; $.members[2] → members[2]; $ → body.</summary>
    private static string Field(string path)
    {
        var field = path.TrimStart('$').TrimStart('.');
        return field.Length == 0 ? "body" : field.Replace("['", ".").Replace("']", "");
    }
}
