
namespace Coordination.Districts;

public static class GetDistrictsEndpoint
{
    [WolverineGet("/api/districts", OperationId = "ListDistricts"), Tags("Districts")]
    public static IReadOnlyList<District> Get() => KalimantanBarat.Districts;
}

public static class GetDistrictEndpoint
{
    public static ProblemDetails Validate(string code) =>
        KalimantanBarat.Exists(code) ? Problems.None : Problems.UnknownDistrict(code);

    [WolverineGet("/api/districts/{code}", OperationId = "GetDistrict"), Tags("Districts")]
    public static District Get(string code) => KalimantanBarat.Find(code)!;
}
