using Alba;
using Wolverine.Tracking;

namespace Coordination.Tests.Support;

/// <summary>Setup through the public API, one helper per thing a test needs to exist.</summary>
public static class Scenarios
{
    public static async Task<Guid> RegisteredPerson(this Api api, string district = "61.05", string role = "counselor",
        string[]? skills = null, string name = "Petugas")
    {
        var response = await api.Post($"/api/districts/{district}/personnel",
            new { name, role, skills = skills ?? ["psychological-first-aid"] }, Tokens.District(district));
        return response.ShouldBe(201).Id;
    }

    public static async Task<Guid[]> RegisteredPeople(this Api api, int count, string district = "61.05", string role = "counselor",
        string[]? skills = null)
    {
        var ids = new Guid[count];
        for (var i = 0; i < count; i++) ids[i] = await api.RegisteredPerson(district, role, skills, $"Petugas {district} {i + 1}");
        return ids;
    }

    public static async Task<Guid> IssuedRequest(this Api api, Guid incidentId, string district = "61.05", int count = 3,
        string role = "counselor", string[]? skills = null, string priority = "high")
    {
        var response = await api.Post("/api/requests",
            new { incidentId, district, role, count, skills = skills ?? ["psychological-first-aid"], priority, neededBy = DateTimeOffset.UtcNow.AddHours(12) },
            Tokens.Coordinator);
        return response.ShouldBe(201).Id;
    }

    public static async Task<Guid> DeployedTeam(this Api api, Guid incidentId, Guid[] members, string district = "61.05",
        Guid? requestId = null, string village = "Baning Kota", string teamName = "Tim LDP")
    {
        var response = await api.Post("/api/deployments", new { incidentId, requestId, teamName, members, village }, Tokens.District(district));
        return response.ShouldBe(201).Id;
    }

    public static async Task<Guid> TeamOnSite(this Api api, Guid incidentId, Guid[] members, string district = "61.05", Guid? requestId = null,
        string village = "Baning Kota")
    {
        var id = await api.DeployedTeam(incidentId, members, district, requestId, village);
        (await api.Post($"/api/deployments/{id}/arrive", null, Tokens.District(district))).ShouldBe(200);
        return id;
    }

    /// <summary>A valid service record body for today.</summary>
    public static object Service(string village = "Baning Kota", string service = "group-support", int total = 3, int contacts = 5, int children = 1) => new
    {
        date = DateTime.UtcNow.ToString("yyyy-MM-dd"), village, service,
        newlyReached = new { total, children, elderly = total > 1 ? 1 : 0, disabled = 0, pregnant = 0 }, contacts
    };

    /// <summary>Sends the request and waits until every message it caused (outbox, handlers) has been handled.</summary>
    public static async Task<Response> Tracked(this IAlbaHost host, Func<Task<Response>> send)
    {
        Response? response = null;
        await host.ExecuteAndWaitAsync(async () => { response = await send(); });
        return response!;
    }
}
