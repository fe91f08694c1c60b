using System.Text.Json;
using System.Text.Json.Serialization;

namespace Coordination.Infrastructure.Json;

/// <summary>
/// A time is read only with its offset (2026-11-27T10:00:00+07:00, or Z for UTC): one without (2026-11-27T10:00:00, or a bare
/// date) names no moment, since WIB, WITA and UTC all read it differently, and was taken in the server's own zone. Read as
/// System.Text.Json reads ISO-8601 otherwise; written as it writes them.
/// </summary>
public sealed class OffsetRequired : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String || !reader.TryGetDateTimeOffset(out var value) || !HasOffset(reader.GetString()!))
            throw new JsonException();
        return value;
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) => writer.WriteStringValue(value);

    /// <summary>Whether an ISO-8601 time ends in Z or an offset (+07:00, -12:00) after its clock time.</summary>
    public static bool HasOffset(string text)
    {
        var t = text.IndexOfAny(['T', 't']);
        if (t < 0) return false;
        var time = text.AsSpan(t + 1);
        return time.EndsWith("Z", StringComparison.OrdinalIgnoreCase) || time.IndexOfAny('+', '-') >= 0;
    }
}
