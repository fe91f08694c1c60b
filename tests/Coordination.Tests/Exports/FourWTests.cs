using Coordination.Tests.Support;

namespace Coordination.Tests.Exports;

public class FourWTests(AppFixture fixture) : ApiTest(fixture)
{
    private static object Services(string date, string village, string service, int total, int contacts) => new
    {
        date, village, service, newlyReached = new { total, children = total / 2, elderly = 1, disabled = 0, pregnant = 0 }, contacts
    };

    [Fact]
    public async Task one_row_per_incident_village_service_and_day_with_the_hxl_row_and_every_organisation()
    {
        var incident = (await Api.Post("/api/incidents", new
        {
            district = "61.05", hazard = "flood", title = "=HYPERLINK(\"http://x\") Banjir, Sintang", occurredAt = DateTimeOffset.UtcNow.AddDays(-3),
            villages = new[] { "Baning Kota", "Tanjung Puri" },
            affected = new { total = 1000, children = 400, elderly = 100, disabled = 20, pregnant = 10 }
        }, Tokens.Coordinator)).ShouldBe(201).Id;
        var sintang = await Api.TeamOnSite(incident, await Api.RegisteredPeople(1, "61.05"), "61.05");
        var melawi = await Api.TeamOnSite(incident, await Api.RegisteredPeople(1, "61.10"), "61.10");
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd");
        var yesterday = DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-dd");
        (await Api.Post($"/api/deployments/{sintang}/services", Services(today, "Baning Kota", "psychological-first-aid", 30, 30), Tokens.District("61.05"))).ShouldBe(201);
        (await Api.Post($"/api/deployments/{melawi}/services", Services(today, "baning kota", "psychological-first-aid", 20, 25), Tokens.District("61.10"))).ShouldBe(201);
        (await Api.Post($"/api/deployments/{sintang}/services", Services(today, "Tanjung Puri", "group-support", 10, 12), Tokens.District("61.05"))).ShouldBe(201);
        (await Api.Post($"/api/deployments/{sintang}/services", Services(yesterday, "Baning Kota", "psychological-first-aid", 5, 5), Tokens.District("61.05"))).ShouldBe(201);

        var csv = (await Api.Get("/api/exports/4w.csv", Tokens.Analyst)).ShouldBe(200);
        Assert.StartsWith("text/csv", csv.ContentType);
        var lines = csv.Text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("Incident ID,Incident,Hazard,Date", lines[0]);
        var indonesian = (await Api.Get("/api/exports/4w.csv", Tokens.Analyst, new Dictionary<string, string> { ["Accept-Language"] = "id" })).ShouldBe(200).Text;
        Assert.StartsWith("ID Kejadian,Kejadian,Jenis Bencana,Tanggal,Kode Kabupaten/Kota,Kabupaten/Kota,Desa", indonesian);
        Assert.Equal(lines[1], indonesian.Split("\r\n")[1]);
        Assert.StartsWith("#event+id,#event+name,#crisis+type,#date,#adm2+code,#adm2+name,#loc+name,#org+name,#service+name,#affected+ind", lines[1]);
        Assert.Contains("#affected+disabled", lines[1]);
        Assert.Contains("#reached+pregnant", lines[1]);
        Assert.Equal(5, lines.Length);

        Assert.Contains($",{yesterday},61.05,Sintang,Baning Kota,Dinas Sosial Sintang,psychological-first-aid,1000,400,100,20,10,5,2,1,0,0,5", lines[2]);
        Assert.Contains($",{today},61.05,Sintang,Baning Kota,Dinas Sosial Melawi; Dinas Sosial Sintang,psychological-first-aid,1000,400,100,20,10,50,25,2,0,0,55", lines[3]);
        Assert.Contains($",{today},61.05,Sintang,Tanjung Puri,Dinas Sosial Sintang,group-support", lines[4]);
        Assert.StartsWith($"{incident},\"'=HYPERLINK(\"\"http://x\"\") Banjir, Sintang\",flood,", lines[2]);

        var onlyToday = (await Api.Get($"/api/exports/4w.csv?from={today}&to={today}", Tokens.Coordinator)).ShouldBe(200);
        Assert.Equal(4, onlyToday.Text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
        (await Api.Get($"/api/exports/4w.csv?from={today}&to={yesterday}", Tokens.Coordinator)).ShouldBeProblem(400);
        (await Api.Get("/api/exports/4w.csv?from=yesterday", Tokens.Coordinator)).ShouldBeProblem(400);
        (await Api.Get("/api/exports/4w.csv", Tokens.District("61.05"))).ShouldBeProblem(403);
        (await Api.Get("/api/exports/4w.csv")).ShouldBeProblem(401);
    }
}
