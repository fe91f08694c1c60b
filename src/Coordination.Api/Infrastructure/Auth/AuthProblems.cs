using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.IdentityModel.Tokens;

namespace Coordination.Infrastructure.Auth;

/// <summary>A 401 says why the token was refused, a 403 which roles may do this; neither reveals a key or the token.</summary>
public static class AuthProblems
{
    public static async Task Challenge(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        var http = context.HttpContext;
        http.Response.Headers.WWWAuthenticate = context.AuthenticateFailure is null ? "Bearer" : "Bearer error=\"invalid_token\"";
        var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteProblemAsync(http,
            Problems.Of(StatusCodes.Status401Unauthorized, Why(context.AuthenticateFailure, http.Request.Headers.Authorization.ToString())));
    }

    public static Message Why(Exception? failure, string authorization) => failure switch
    {
        null when string.IsNullOrWhiteSpace(authorization) => new Message("token-missing"),
        null when !authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) => new Message("token-not-bearer"),
        SecurityTokenExpiredException e => new Message("token-expired", new DateTimeOffset(DateTime.SpecifyKind(e.Expires, DateTimeKind.Utc))),
        SecurityTokenNotYetValidException e => new Message("token-not-yet-valid", new DateTimeOffset(DateTime.SpecifyKind(e.NotBefore, DateTimeKind.Utc))),
        SecurityTokenInvalidSignatureException or SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidAlgorithmException =>
            new Message("token-bad-signature"),
        SecurityTokenInvalidIssuerException => new Message("token-wrong-issuer"),
        SecurityTokenInvalidAudienceException => new Message("token-wrong-audience"),
        SecurityTokenMalformedException or ArgumentException => new Message("token-malformed"),
        _ => new Message("token-invalid")
    };
}

/// <summary>A role outside an endpoint's roles gets a 403 problem naming the roles that may.</summary>
public sealed class ForbiddenProblems(IProblemDetailsService problems) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext http, AuthorizationPolicy policy, PolicyAuthorizationResult result)
    {
        if (!result.Forbidden)
        {
            await _default.HandleAsync(next, http, policy, result);
            return;
        }

        var allowed = result.AuthorizationFailure?.FailedRequirements.OfType<RolesAuthorizationRequirement>()
            .SelectMany(r => r.AllowedRoles).Distinct().ToList() ?? [];
        var role = http.User.Role();
        await problems.WriteProblemAsync(http, Problems.Forbidden(allowed.Count > 0
            ? new Message("role-not-allowed", role.Length > 0 ? Roles.Named(role) : new Message("no-role"), allowed.Select(Roles.Named).ToArray())
            : new Message("forbidden")));
    }
}
