using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace Coordination.Infrastructure.Auth;

public static class AuthSetup
{
    public static IServiceCollection AddCoordinationAuth(this IServiceCollection services, IConfiguration configuration,
        IHostEnvironment environment)
    {
        var options = configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(jwt =>
        {
            jwt.MapInboundClaims = false;
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
        services.AddAuthorization();
        return services;
    }

    public static SymmetricSecurityKey SigningKey(AuthOptions options)
    {
        if (string.IsNullOrEmpty(options.SigningKey) || options.SigningKey.Length < 32)
            throw new InvalidOperationException(
                "Auth:SigningKey must be configured with at least 32 characters, or Auth:Authority must name the OIDC authority whose tokens to accept.");
        return new SymmetricSecurityKey(Encoding.UTF8.GetBytes(options.SigningKey));
    }
}
