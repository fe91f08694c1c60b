using Coordination.Districts;
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

    public static string? District(this Validation validation, string? code, string field = "district")
    {
        if (string.IsNullOrEmpty(code)) return null;
        if (!KalimantanBarat.Exists(code)) validation.Add(field, "invalid-district", code);
        return code;
    }

    /// <summary>The filters most lists share: a status, a district and paging.</summary>
    public static ListFilter<TStatus> Parse<TStatus>(string? status, string? district, int? limit, int? offset) where TStatus : struct, System.Enum
    {
        var v = new Validation();
        return new ListFilter<TStatus>(v.Enum<TStatus>(status, "status"), v.District(district), Paging.From(limit, offset, v), v);
    }
}

public sealed record ListFilter<TStatus>(TStatus? Status, string? District, Paging Paging, Validation Errors) where TStatus : struct, Enum;
