using Coordination.Tests.Support;

namespace Coordination.Tests.Incidents;

public static class IncidentScenarios
{
    public static object Flood(string district = "61.05", Guid? id = null, string title = "Banjir Sintang",
        string hazard = "flood", string phase = "response", string[]? villages = null, int total = 1200) => new
    {
        id,
        district,
        hazard,
        title,
        occurredAt = DateTimeOffset.UtcNow.AddHours(-6),
        villages = villages ?? ["Ujung Renyuang", "Baning Kota", "Tanjung Puri"],
        affected = new { total, children = total / 4, elderly = total / 12, disabled = total / 60, pregnant = total / 80 },
        phase
    };

    public static async Task<Guid> ReportedIncident(this Api api, string district = "61.05", string hazard = "flood",
        string phase = "response", string[]? villages = null, int total = 1200)
    {
        var response = await api.Post("/api/incidents", Flood(district, hazard: hazard, phase: phase, villages: villages, total: total),
            Tokens.Coordinator);
        return response.ShouldBe(201).Id;
    }
}
