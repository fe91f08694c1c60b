
namespace Coordination.Infrastructure.Auth;

public static class Roles
{
    public const string Coordinator = "coordinator";
    public const string District = "district";
    public const string Analyst = "analyst";
    public const string Admin = "admin";

    public static readonly string[] All = [Coordinator, District, Analyst, Admin];
}

public static class Policies
{
    /// <summary>Operations endpoints (/metrics): administrators only.</summary>
    public const string Admin = "admin";
}

public static class Claims
{
    public const string Subject = "sub";
    public const string Role = "role";
    public const string District = "district";
}

public static class ClaimsPrincipalExtensions
{
    public static string Subject(this ClaimsPrincipal user) => user.FindFirst(Claims.Subject)?.Value ?? "anonymous";

    public static string Role(this ClaimsPrincipal user) => user.FindFirst(Claims.Role)?.Value ?? "";

    public static string? District(this ClaimsPrincipal user) => user.FindFirst(Claims.District)?.Value;

    /// <summary>Coordinators and admins act province-wide; a district officer only in the district of the token.</summary>
    public static bool MayActIn(this ClaimsPrincipal user, string district) =>
        user.IsInRole(Roles.Admin) || user.IsInRole(Roles.Coordinator) ||
        (user.IsInRole(Roles.District) && user.District() == district);

    public static bool ActsForDistrict(this ClaimsPrincipal user, string district) =>
        user.IsInRole(Roles.Admin) || (user.IsInRole(Roles.District) && user.District() == district);
}
