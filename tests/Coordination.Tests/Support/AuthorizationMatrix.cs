namespace Coordination.Tests.Support;

/// <summary>Rows of (route, caller, expected status): five roles as given, and 401 for every missing or invalid token.</summary>
public static class AuthorizationMatrix
{
    public static readonly string[] Roles = ["coordinator", "own", "other", "analyst", "admin"];
    public static readonly string[] InvalidTokens = ["anonymous", "expired", "forged", "wrong-issuer", "wrong-audience"];

    public static void Route(this TheoryData<string, string, int> data, string route, int coordinator, int own, int other, int analyst, int admin)
    {
        int[] expected = [coordinator, own, other, analyst, admin];
        for (var i = 0; i < Roles.Length; i++) data.Add(route, Roles[i], expected[i]);
        foreach (var invalid in InvalidTokens) data.Add(route, invalid, 401);
    }
}
