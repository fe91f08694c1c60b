namespace Coordination.Infrastructure.Http;

/// <summary>limit (default 100, at most 1000) and offset of a list.</summary>
public readonly record struct Paging(int Limit, int Offset)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public static Paging From(int? limit, int? offset, Validation validation)
    {
        validation.Require(limit is null or >= 1 and <= MaxLimit, "limit", "field-out-of-range", "limit", 1, MaxLimit);
        validation.Require(offset is null or >= 0, "offset", "field-negative", "offset");
        return new Paging(Math.Clamp(limit ?? DefaultLimit, 1, MaxLimit), Math.Max(offset ?? 0, 0));
    }
}
