using System.Text.Json.Nodes;
using Coordination.Tests.Support;

namespace Coordination.Tests.Accounts;

public sealed record TestAccount(Guid Id, string Email, string Password);

public sealed record SignedInTokens(string AccessToken, string RefreshToken);

public static class AccountScenarios
{
    public static string NewEmail(string who = "petugas") => $"{who}-{Guid.NewGuid():N}@dinsos.kalbarprov.go.id";

    /// <summary>An account created by the administrator, with its one-time password.</summary>
    public static async Task<TestAccount> CreatedAccount(this Api api, string role, string? district = null, string? email = null)
    {
        email ??= NewEmail(role);
        var created = (await api.Post("/api/accounts", new { email, name = $"Petugas {role}", role, district }, Support.Tokens.Admin)).ShouldBe(201);
        return new TestAccount(created.Id, email, created.Body!["initialPassword"]!.GetValue<string>());
    }

    /// <summary>An account whose person has signed in with the one-time password and chosen their own, as every account in use has.</summary>
    public static async Task<TestAccount> AccountInUse(this Api api, string role, string? district = null, string? email = null)
    {
        var created = await api.CreatedAccount(role, district, email);
        var chosen = $"sandi-pilihan-{Guid.NewGuid():N}";
        var oneTime = await api.SignedIn(created);
        (await api.Post("/api/account/password", new { current = created.Password, @new = chosen }, oneTime.AccessToken)).ShouldBe(200);
        return created with { Password = chosen };
    }

    public static Task<Response> Login(this Api api, string email, string password) =>
        api.Post("/api/account/login", new { email, password });

    public static async Task<SignedInTokens> SignedIn(this Api api, TestAccount account, string? password = null) =>
        TokensIn((await api.Login(account.Email, password ?? account.Password)).ShouldBe(200).Body!);

    public static SignedInTokens TokensIn(JsonNode body)
    {
        Assert.Equal("Bearer", body["tokenType"]!.GetValue<string>());
        Assert.True(body["expiresIn"]!.GetValue<long>() > 0);
        return new SignedInTokens(body["accessToken"]!.GetValue<string>(), body["refreshToken"]!.GetValue<string>());
    }

    public static Task<Response> Refresh(this Api api, string refreshToken) =>
        api.Post("/api/account/refresh", new { refreshToken });
}
