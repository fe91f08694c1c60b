
namespace Coordination.Infrastructure.Auth;

public static class Roles
{
    public const string Coordinator = "coordinator";
    public const string District = "district";
    public const string Analyst = "analyst";
    public const string Admin = "admin";

    public static readonly string[] All = [Coordinator, District, Analyst, Admin];

    /// <summary>A role as people call it (koordinator provinsi, petugas kabupaten/kota); an unknown claim as it came.</summary>
    public static object Named(string role) => All.Contains(role) ? new Message($"user-role-{role}") : role;
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

    /// <summary>What every token says: who (sub), in which role, and for a district officer the district.</summary>
    public static List<Claim> Of(string subject, string role, string? district = null)
    {
        var claims = new List<Claim> { new(Subject, subject), new(Role, role) };
        if (!string.IsNullOrWhiteSpace(district)) claims.Add(new Claim(District, district));
        return claims;
    }

    /// <summary>A caller as the routes see one after sign-in, for those who act without a token (the demo's steps).</summary>
    public static ClaimsPrincipal Principal(string subject, string role, string? district = null) =>
        new(new ClaimsIdentity(Of(subject, role, district), "coordination", Subject, Role));
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
