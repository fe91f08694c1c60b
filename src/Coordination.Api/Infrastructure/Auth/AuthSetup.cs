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
        return hash == DevelopmentKeySha256
            ? new Message("startup-auth-development-key", environment.EnvironmentName)
            : null;
    }

    public static SymmetricSecurityKey SigningKey(AuthOptions options)
    {
        if (string.IsNullOrEmpty(options.SigningKey) || options.SigningKey.Length < 32)
            throw new InvalidOperationException(
                "Auth:SigningKey must be configured with at least 32 characters, or Auth:Authority must name the OIDC authority whose tokens to accept.");
        return new SymmetricSecurityKey(Encoding.UTF8.GetBytes(options.SigningKey));
    }
}

