using Coordination.Infrastructure.Json;

namespace Coordination.Infrastructure.Http;

/// <summary>Parses the optional filters of list queries, recording a 400 error for any value it does not know.</summary>
public static class QueryFilters
{
    public static T? Enum<T>(this Validation validation, string? text, string field) where T : struct, System.Enum
    {
        if (string.IsNullOrEmpty(text)) return null;
        if (Kebab.TryParse<T>(text, out var value)) return value;
        validation.Add(field, "invalid-enum", field, Kebab.Names<T>().ToList());
        return null;
    }
}

public sealed record ListFilter<TStatus>(TStatus? Status, string? District, Paging Paging, Validation Errors) where TStatus : struct, Enum;
