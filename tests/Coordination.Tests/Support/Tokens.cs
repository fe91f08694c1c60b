using Coordination.Infrastructure.Auth;

namespace Coordination.Tests.Support;

public static class Tokens
{
    public const string DevelopmentKey = "coordination-development-signing-key-kalbar-61-not-for-production";
    public static readonly AuthOptions Options = new() { SigningKey = DevelopmentKey };

    public static string Coordinator { get; } = DevelopmentTokens.Mint(Options, "ani", Roles.Coordinator);
    public static string Analyst { get; } = DevelopmentTokens.Mint(Options, "rina", Roles.Analyst);
    public static string Admin { get; } = DevelopmentTokens.Mint(Options, "root-admin", Roles.Admin);

    public static string District(string code, string sub = "budi") => DevelopmentTokens.Mint(Options, sub, Roles.District, code);

    /// <summary>The token of a caller named in an authorization matrix; "own" and "other" are district officers.</summary>
    public static string? For(string caller, string own = "61.05", string other = "61.10") => caller switch
    {
        "coordinator" => Coordinator,
        "own" => District(own),
        "other" => District(other),
        "analyst" => Analyst,
        "admin" => Admin,
        "expired" => Expired,
        "forged" => WrongSignature,
        "wrong-issuer" => WrongIssuer,
        "wrong-audience" => WrongAudience,
        _ => null
    };

    public static string WrongIssuer { get; } = Forge(issuer: "someone-else");
    public static string WrongAudience { get; } = Forge(audience: "another-api");

    private static string Forge(string issuer = AuthOptions.Issuer, string audience = AuthOptions.Audience)
    {
        var descriptor = new Microsoft.IdentityModel.Tokens.SecurityTokenDescriptor
        {
            Issuer = issuer, Audience = audience, Expires = DateTime.UtcNow.AddHours(1),
            Subject = new System.Security.Claims.ClaimsIdentity([new("sub", "mallory"), new("role", Roles.Admin)]),
            SigningCredentials = new Microsoft.IdentityModel.Tokens.SigningCredentials(AuthSetup.SigningKey(Options),
                Microsoft.IdentityModel.Tokens.SecurityAlgorithms.HmacSha256)
        };
        return new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler().CreateToken(descriptor);
    }

    public static string Expired { get; } =
        DevelopmentTokens.Mint(Options, "ani", Roles.Coordinator, lifetime: TimeSpan.FromMinutes(5), now: DateTime.UtcNow.AddHours(-2));

    public static string WrongSignature { get; } =
        DevelopmentTokens.Mint(new AuthOptions { SigningKey = new string('x', 48) }, "ani", Roles.Coordinator);
}
