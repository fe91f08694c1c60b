using System.Buffers;

namespace Coordination.Infrastructure.Http;

/// <summary>Collects per-field errors for the shape of a command; empty means valid.</summary>
public sealed class Validation
{
    private readonly Dictionary<string, List<Message>> _errors = new();

    public bool IsValid => _errors.Count == 0;

    public Validation Add(string field, Message message)
    {
        if (!_errors.TryGetValue(field, out var list)) _errors[field] = list = [];
        list.Add(message);
        return this;
    }

    public Validation Add(string field, string key, params object?[] args) => Add(field, new Message(key, args));

    public Validation Require(bool condition, string field, string key, params object?[] args) =>
        condition ? this : Add(field, new Message(key, args));

    /// <summary>
    /// Required (unless told otherwise), at most maxLength characters (code points), and no control character but tab and line breaks:
    /// PostgreSQL refuses to store a NUL, and the others garble pages, logs and exported sheets. A text of nothing but
    /// spaces and characters that print nothing (a zero-width space, a byte order mark, a direction mark, a soft hyphen,
    /// a Hangul filler) reads as empty on every page, so it is as good as missing.
    /// </summary>
    public Validation Text(string? value, string field, int maxLength = 200, bool required = true)
    {
        if (string.IsNullOrWhiteSpace(value) || !Prints(value)) return required ? Add(field, "field-required", field) : this;
        if (value.AsSpan().IndexOfAny(Controls) is var at and >= 0) return Add(field, "field-control-character", field, CodePoint(value[at]));
        return value.Length > maxLength && CodePoints(value) > maxLength ? Add(field, "field-too-long", field, maxLength) : this;
    }

    /// <summary>
    /// Characters as the OpenAPI document's maxLength counts them (JSON Schema: code points), and as PostgreSQL does: an
    /// emoji outside the first plane is one, where .NET's Length counts its two UTF-16 halves.
    /// </summary>
    public static int CodePoints(string value)
    {
        var count = 0;
        foreach (var _ in value.EnumerateRunes()) count++;
        return count;
    }

    private static readonly SearchValues<char> Controls =
        SearchValues.Create(Enumerable.Range(0, 0xA0).Select(c => (char)c).Where(c => char.IsControl(c) && c is not ('\t' or '\n' or '\r')).ToArray());

    /// <summary>Whether the text holds one character that shows: not a space, not a format character, not a filler.</summary>
    public static bool Prints(string value)
    {
        foreach (var c in value)
            if (!char.IsWhiteSpace(c) && char.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.Format && !Fillers.Contains(c))
                return true;
        return false;
    }

    /// <summary>Letters and symbols that draw as blank space: Hangul fillers and the blank Braille pattern.</summary>
    private static readonly SearchValues<char> Fillers = SearchValues.Create("\u115F\u1160\u3164\uFFA0\u2800");

    /// <summary>U+0000: how a character that prints nothing is named.</summary>
    public static string CodePoint(char c) => $"U+{(int)c:X4}";

    public Validation NotNull(object? value, string field) => value is null ? Add(field, "field-required", field) : this;

    public Validation NotEmpty(Guid? value, string field) => value == Guid.Empty ? Add(field, "invalid-id", field) : this;

    /// <summary>No all-zero id in a list of ids (a stream of that id cannot be locked or started).</summary>
    public Validation NoneEmpty(IEnumerable<Guid>? values, string field) => values?.Contains(Guid.Empty) == true ? Add(field, "invalid-id", field) : this;

    public Validation Merge(Validation other)
    {
        foreach (var (field, messages) in other._errors)
            foreach (var message in messages) Add(field, message);
        return this;
    }

    public IEnumerable<string> Messages() => _errors.SelectMany(e => e.Value).Select(m => m.ToString());

    public ProblemDetails ToProblem() => IsValid ? Problems.None : Problems.Invalid(_errors.ToDictionary(e => e.Key, e => (IReadOnlyList<Message>)e.Value));
}
