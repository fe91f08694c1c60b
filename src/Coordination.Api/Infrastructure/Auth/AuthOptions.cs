namespace Coordination.Infrastructure.Auth;

public sealed class AuthOptions
{
    public const string Section = "Auth";
    public const string Issuer = "coordination";
    public const string Audience = "coordination";

    /// <summary>OIDC authority whose tokens production validates.</summary>
    public string? Authority { get; set; }

    /// <summary>HS256 key (UTF-8, at least 32 characters) for Development tokens.</summary>
    public string? SigningKey { get; set; }

    public string ValidAudience { get; set; } = Audience;
}
