using Coordination.Districts;
using Microsoft.Extensions.Options;

namespace Coordination.Accounts;

public sealed record SignInAs(string? Role, string? District);

/// <summary>A Development access token: no refresh token, it simply expires.</summary>
public sealed record DevelopmentToken(string TokenType, string AccessToken, int ExpiresIn);

/// <summary>
/// POST /api/dev/sign-in-as: a Development token for any role and district, for trying the desk out. The route exists
/// only in Development; in every other environment it is not mapped at all (404).
/// </summary>
public static class DevelopmentSignIn
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);

    public static IEndpointRouteBuilder MapDevelopmentSignIn(this IEndpointRouteBuilder app, IHostEnvironment environment)
    {
        if (!environment.IsDevelopment()) return app;
        app.MapPost("/api/dev/sign-in-as", (SignInAs command, IConfiguration configuration) =>
            {
                var v = new Validation().Text(command.Role, "role", 20);
                if (command.Role is not null && !Roles.All.Contains(command.Role)) v.Add("role", "account-role-unknown", string.Join(", ", Roles.All));
                if (command.Role == Roles.District && (command.District is null || !KalimantanBarat.Exists(command.District)))
                    v.Add("district", "account-district-required");
                if (!v.IsValid) return Results.Problem(v.ToProblem());

                var options = configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
                var district = command.Role == Roles.District ? command.District : null;
                var token = DevelopmentTokens.Mint(options, DevelopmentTokens.SubjectFor(command.Role!, district), command.Role!, district, Lifetime);
                return Results.Ok(new DevelopmentToken("Bearer", token, (int)Lifetime.TotalSeconds));
            })
            .AllowAnonymous().WithTags("Account").WithName("DevelopmentSignInAs").Produces<DevelopmentToken>();
        return app;
    }
}
