namespace Coordination.Tests.Support;

/// <summary>
/// Rows of (route, caller, expected status): five roles as given, each with a Development token and with a signed-in
/// account's token, and 401 for every missing or invalid token.
/// </summary>
public static class AuthorizationMatrix
{
    public static readonly string[] Roles = ["coordinator", "own", "other", "analyst", "admin"];
    public static readonly string[] InvalidTokens = ["anonymous", "expired", "forged", "wrong-issuer", "wrong-audience"];

    public static void Route(this TheoryData<string, string, int> data, string route, int coordinator, int own, int other, int analyst, int admin)
    {
        int[] expected = [coordinator, own, other, analyst, admin];
        for (var i = 0; i < Roles.Length; i++) data.Add(route, Roles[i], expected[i]);
        for (var i = 0; i < Roles.Length; i++) data.Add(route, Callers.AccountPrefix + Roles[i], expected[i]);
        foreach (var invalid in InvalidTokens) data.Add(route, invalid, 401);
    }
}
