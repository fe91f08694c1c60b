using Coordination.Infrastructure.Json;

namespace Coordination.Districts;

/// <summary>The district filter of list queries, and the filters most lists share.</summary>
public static class DistrictFilters
{
    public static string? District(this Validation validation, string? code, string field = "district")
    {
        if (string.IsNullOrEmpty(code)) return null;
        if (!KalimantanBarat.Exists(code)) validation.Add(field, "invalid-district", code);
        return code;
    }

    /// <summary>A status, a district and paging.</summary>
    public static ListFilter<TStatus> Parse<TStatus>(string? status, string? district, int? limit, int? offset) where TStatus : struct, Enum
    {
        var v = new Validation();
        return new ListFilter<TStatus>(v.Enum<TStatus>(status, "status"), v.District(district), Paging.From(limit, offset, v), v);
    }

    /// <summary>The district a token acts for, as a message names it ("no district" when it has none).</summary>
    public static object ActsFor(this ClaimsPrincipal user) =>
        user.District() is { } district ? KalimantanBarat.Named(district) : new Message("no-district");
}
