using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Coordination.Infrastructure.Auth;

/// <summary>Mints the HS256 tokens that Development validates.</summary>
public static class DevelopmentTokens
{
    /// <summary>
    /// The subject of a Development token minted without one: its own for each role and district (dev-coordinator,
    /// dev-district-61.05, …), since answers kept for an Idempotency-Key and the audit's actor go by the subject.
    /// </summary>
    public static string SubjectFor(string role, string? district) =>
        role == Roles.District && !string.IsNullOrEmpty(district) ? $"dev-{role}-{district}" : $"dev-{role}";

    public static string Mint(AuthOptions options, string subject, string role, string? district = null,
        TimeSpan? lifetime = null, DateTime? now = null)
    {
        var issuedAt = now ?? DateTime.UtcNow;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = AuthOptions.Issuer,
            Audience = options.ValidAudience,
            Subject = new ClaimsIdentity(Claims.Of(subject, role, district)),
            IssuedAt = issuedAt,
            NotBefore = issuedAt,
            Expires = issuedAt + (lifetime ?? TimeSpan.FromHours(12)),
            SigningCredentials = new SigningCredentials(AuthSetup.SigningKey(options), SecurityAlgorithms.HmacSha256)
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }
}
