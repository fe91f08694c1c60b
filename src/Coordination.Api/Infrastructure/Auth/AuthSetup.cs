using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Coordination.Infrastructure.Hosting;
using Microsoft.IdentityModel.Tokens;

namespace Coordination.Infrastructure.Auth;

public static class AuthSetup
{
    public static IServiceCollection AddCoordinationAuth(this IServiceCollection services, IConfiguration configuration,
        IHostEnvironment environment)
    {
        var options = configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        if (Problem(options, environment) is { } problem) throw new StartupProblem(problem, StartupProblem.ConfigurationExitCode);
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(jwt =>
        {
            jwt.MapInboundClaims = false;
            jwt.Events = new JwtBearerEvents { OnChallenge = AuthProblems.Challenge };
            jwt.TokenValidationParameters = new TokenValidationParameters
            {
                NameClaimType = Claims.Subject,
                RoleClaimType = Claims.Role,
                ValidAudience = options.ValidAudience,
                ClockSkew = TimeSpan.FromSeconds(30)
            };

            if (!string.IsNullOrWhiteSpace(options.Authority))
            {
                jwt.Authority = options.Authority;
                jwt.RequireHttpsMetadata = !environment.IsDevelopment();
                return;
            }

            jwt.TokenValidationParameters.ValidIssuer = AuthOptions.Issuer;
            jwt.TokenValidationParameters.IssuerSigningKey = SigningKey(options);
            jwt.TokenValidationParameters.ValidAlgorithms = [SecurityAlgorithms.HmacSha256];
        });
        services.AddAuthorizationBuilder().AddPolicy(Policies.Admin, policy => policy.RequireRole(Roles.Admin));
        return services;
    }

    /// <summary>SHA-256 of the signing key shipped in appsettings.Development.json; anywhere but Development it is refused.</summary>
    public const string DevelopmentKeySha256 = "E1AB0076FDAC84BD70456422486A3ED35A9939E26E4BC667BCA4A3F184706FA8";

    /// <summary>What is wrong with the token settings for this environment, as a paragraph saying what to do; null when nothing is.</summary>
    public static Message? Problem(AuthOptions options, IHostEnvironment environment)
    {
        if (string.IsNullOrWhiteSpace(options.Authority) && (string.IsNullOrEmpty(options.SigningKey) || options.SigningKey.Length < 32))
            return new Message("startup-auth-key-missing");
        if (environment.IsDevelopment() || string.IsNullOrEmpty(options.SigningKey)) return null;
        var hash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(options.SigningKey)));
        if (hash == DevelopmentKeySha256) return new Message("startup-auth-development-key", environment.EnvironmentName);
        // the service's own tokens are accepted only when no OIDC authority is named: then anyone who guesses the key is anyone
        return string.IsNullOrWhiteSpace(options.Authority) && SecretBits(options.SigningKey) < MinimumSecretBits
            ? new Message("startup-auth-key-weak", environment.EnvironmentName, (int)SecretBits(options.SigningKey), MinimumSecretBits)
            : null;
    }

    public const int MinimumSecretBits = 256;

    /// <summary>
    /// How much secret a key holds, at most: its length times the bits of the alphabet its characters come from (digits,
    /// lower-case and upper-case letters, other characters); a key of fewer than 10 different characters counts only those.
    /// A random key of 32 bytes written in hexadecimal or Base64 (openssl rand -base64 32) holds 256 bits or more.
    /// </summary>
    public static double SecretBits(string key)
    {
        var distinct = key.Distinct().Count();
        var alphabet = distinct < 10
            ? distinct
            : (key.Any(char.IsAsciiDigit) ? 10 : 0) + (key.Any(char.IsAsciiLetterLower) ? 26 : 0) +
              (key.Any(char.IsAsciiLetterUpper) ? 26 : 0) + (key.Any(c => !char.IsAsciiLetterOrDigit(c)) ? 32 : 0);
        return alphabet <= 1 ? 0 : key.Length * Math.Log2(alphabet);
    }

    public static SymmetricSecurityKey SigningKey(AuthOptions options)
    {
        if (string.IsNullOrEmpty(options.SigningKey) || options.SigningKey.Length < 32)
            throw new InvalidOperationException(
                "Auth:SigningKey must be configured with at least 32 characters, or Auth:Authority must name the OIDC authority whose tokens to accept.");
        return new SymmetricSecurityKey(Encoding.UTF8.GetBytes(options.SigningKey));
    }
}

