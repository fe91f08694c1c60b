
namespace Coordination.Infrastructure.Http;

/// <summary>Collects per-field errors for the shape of a command; empty means valid.</summary>
public sealed class Validation
{
    private readonly Dictionary<string, List<string>> _errors = new();

    public bool IsValid => _errors.Count == 0;

    public Validation Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list)) _errors[field] = list = [];
        list.Add(message);
        return this;
    }

    public Validation Require(bool condition, string field, string message) => condition ? this : Add(field, message);

    public Validation Text(string? value, string field, int maxLength = 200, bool required = true)
    {
        if (string.IsNullOrWhiteSpace(value))
            return required ? Add(field, $"{field} is required.") : this;
        return value.Length > maxLength ? Add(field, $"{field} must be at most {maxLength} characters.") : this;
    }

    public Validation NotNull(object? value, string field) => value is null ? Add(field, $"{field} is required.") : this;

    public Validation NotEmpty(Guid value, string field) =>
        value == Guid.Empty ? Add(field, $"{field} must be a non-empty id.") : this;

    public Validation Merge(Validation other)
    {
        foreach (var (field, messages) in other._errors)
            foreach (var message in messages) Add(field, message);
        return this;
    }

    public IEnumerable<string> Messages() => _errors.SelectMany(e => e.Value);

    public ProblemDetails ToProblem() =>
        IsValid ? Problems.None : Problems.Invalid(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
}
