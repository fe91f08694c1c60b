using System.Collections.Concurrent;
using Coordination.Tests.Accounts;

namespace Coordination.Tests.Support;

/// <summary>
/// The token of a caller named in an authorization matrix: a Development JWT, or for "account-…" callers the access token
/// of a real account of that role, created once per host and signed in through /api/account/login.
/// </summary>
public static class Callers
{
    public const string AccountPrefix = "account-";

    private static readonly ConcurrentDictionary<(Alba.IAlbaHost, string), Task<string>> SignedIn = new();

    public static async Task<string?> TokenAsync(Api api, string caller)
    {
        if (!caller.StartsWith(AccountPrefix)) return Tokens.For(caller);
        var role = caller[AccountPrefix.Length..];
        return await SignedIn.GetOrAdd((api.Host, role), key => SignInAsync(api, key.Item2));
    }

    private static async Task<string> SignInAsync(Api api, string caller)
    {
        var (role, district) = caller switch
        {
            "own" => ("district", "61.05"),
            "other" => ("district", "61.10"),
            _ => (caller, (string?)null)
        };
        var account = await api.AccountInUse(role, district);
        return (await api.SignedIn(account)).AccessToken;
    }
}
