using Coordination.Tests.Incidents;
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
        var today = DateTime.UtcNow.AddHours(7).ToString("yyyy-MM-dd"); // the WIB calendar, as the teams' days are counted
        var yesterday = DateTime.UtcNow.AddHours(7).AddDays(-1).ToString("yyyy-MM-dd");
        (await Api.Post($"/api/deployments/{sintang}/services", Services(today, "Baning Kota", "psychological-first-aid", 30, 30), Tokens.District("61.05"))).ShouldBe(201);
        (await Api.Post($"/api/deployments/{melawi}/services", Services(today, "baning kota", "psychological-first-aid", 20, 25), Tokens.District("61.10"))).ShouldBe(201);
        (await Api.Post($"/api/deployments/{sintang}/services", Services(today, "Tanjung Puri", "group-support", 10, 12), Tokens.District("61.05"))).ShouldBe(201);
        (await Api.Post($"/api/deployments/{sintang}/services", Services(yesterday, "Baning Kota", "psychological-first-aid", 5, 5), Tokens.District("61.05"))).ShouldBe(201);

        var csv = (await Api.Get("/api/exports/4w.csv", Tokens.Analyst)).ShouldBe(200);
        Assert.StartsWith("text/csv", csv.ContentType);
        var lines = csv.Text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("Country code,Province code,Province,District code,District,Kecamatan,Village,Organisation,Sector", lines[0]);
        var indonesian = (await Api.Get("/api/exports/4w.csv", Tokens.Analyst, new Dictionary<string, string> { ["Accept-Language"] = "id" })).ShouldBe(200).Text;
        Assert.StartsWith("Kode negara,Kode provinsi,Provinsi,Kode kabupaten/kota,Kabupaten/Kota,Kecamatan,Desa,Organisasi,Sektor", indonesian);
        Assert.Equal(lines[1], indonesian.Split("\r\n")[1]);
        Assert.Contains(",Dukungan psikologis awal (PFA),", indonesian);
        Assert.Equal("#country+code,#adm1+code,#adm1+name,#adm2+code,#adm2+name,#adm3+name,#loc+name,#org+name,#sector,#activity+code," +
                     "#activity+name,#date,#event+id,#event+name,#crisis+type,#reached+ind,#reached+ind+children,#reached+ind+elderly," +
                     "#reached+ind+disabled,#reached+ind+pregnant,#output+sessions", lines[1]);
        Assert.Equal(5, lines.Length);

        Assert.StartsWith($"IDN,61,Kalimantan Barat,61.05,Sintang,,Baning Kota,Dinas Sosial Sintang,MHPSS,psychological-first-aid,Psychological first aid,{yesterday},{incident},", lines[2]);
        Assert.EndsWith(",flood,5,2,1,0,0,5", lines[2]);
        Assert.Contains($",Baning Kota,Dinas Sosial Melawi; Dinas Sosial Sintang,MHPSS,psychological-first-aid,Psychological first aid,{today},", lines[3]);
        Assert.EndsWith(",flood,50,25,2,0,0,55", lines[3]);
        Assert.Contains(",Tanjung Puri,Dinas Sosial Sintang,MHPSS,group-support,Group support,", lines[4]);
        Assert.Contains(",\"'=HYPERLINK(\"\"http://x\"\") Banjir, Sintang\",flood,", lines[2]);

        var onlyToday = (await Api.Get($"/api/exports/4w.csv?from={today}&to={today}", Tokens.Coordinator)).ShouldBe(200);
        Assert.Equal(4, onlyToday.Text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
        (await Api.Get($"/api/exports/4w.csv?from={today}&to={yesterday}", Tokens.Coordinator)).ShouldBeProblem(400);
        (await Api.Get("/api/exports/4w.csv?from=yesterday", Tokens.Coordinator)).ShouldBeProblem(400);
        (await Api.Get("/api/exports/4w.csv", Tokens.District("61.05"))).ShouldBeProblem(403);
        (await Api.Get("/api/exports/4w.csv")).ShouldBeProblem(401);
    }

    /// <summary>The HXL hashtag row as HXL defines it: a hashtag, then +attributes, each lowercase letters, digits and underscores.</summary>
    private static void ValidHxl(string row, params string[] required)
    {
        var tags = row.Split(',');
        Assert.All(tags, tag => Assert.Matches("^#[a-z][a-z0-9_]*(\\+[a-z][a-z0-9_]*)*$", tag));
        foreach (var tag in required) Assert.Contains(tag, tags);
    }

    [Fact]
    public async Task for_every_incident_the_4w_rows_sum_to_its_coverage_and_the_incidents_export_carries_the_affected_once()
    {
        await new Coordination.Demo.DemoHistory(Host.Services).LoadAsync();
        await ViewsCaughtUp();
        var fourW = (await Api.Get("/api/exports/4w.csv", Tokens.Analyst)).ShouldBe(200).Text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var tags = fourW[1].Split(',');
        ValidHxl(fourW[1], "#country+code", "#adm1+code", "#adm1+name", "#adm2+code", "#adm2+name", "#adm3+name", "#loc+name", "#org+name",
            "#sector", "#activity+code", "#activity+name", "#date", "#event+id", "#event+name", "#reached+ind");
        Assert.DoesNotContain(tags, t => t.StartsWith("#affected") || t.StartsWith("#reached+contacts"));
        var (eventId, reached) = (Array.IndexOf(tags, "#event+id"), Array.IndexOf(tags, "#reached+ind"));
        var sums = fourW.Skip(2).Select(Fields).GroupBy(f => f[eventId]).ToDictionary(g => g.Key, g => g.Sum(f => long.Parse(f[reached])));
        Assert.True(sums.Count >= 3);
        foreach (var (incident, sum) in sums)
        {
            var coverage = (await Api.Get($"/api/incidents/{incident}/coverage", Tokens.Analyst)).ShouldBe(200).Body!;
            Assert.Equal(coverage["reached"]!["total"]!.GetValue<long>(), sum);
        }

        var incidents = (await Api.Get("/api/exports/incidents.csv?from=2021-01-01", Tokens.Coordinator)).ShouldBe(200).Text
            .Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        ValidHxl(incidents[1], "#event+id", "#event+name", "#adm2+code", "#affected+ind", "#affected+ind+children", "#status+phase", "#date+occurred");
        var columns = incidents[1].Split(',');
        var sintang = incidents.Skip(2).Select(Fields).Single(f => f[Array.IndexOf(columns, "#event+id")] == Coordination.Demo.DemoHistory.SintangFlood.ToString());
        Assert.Equal("87500", sintang[Array.IndexOf(columns, "#affected+ind")]);
        Assert.Equal("Selesai", (await Api.Get("/api/exports/incidents.csv", Tokens.Analyst, new Dictionary<string, string> { ["Accept-Language"] = "id" }))
            .Text.Split("\r\n").Skip(2).Select(Fields).First(f => f[0] == Coordination.Demo.DemoHistory.SintangFlood.ToString())[Array.IndexOf(columns, "#status+phase")]);
        // the phase in the words the desk uses for it, in English too
        Assert.Contains(",emergency response,", (await Api.Get("/api/exports/incidents.csv", Tokens.Analyst,
            new Dictionary<string, string> { ["Accept-Language"] = "en" })).ShouldBe(200).Text);
        (await Api.Get("/api/exports/incidents.csv", Tokens.District("61.05"))).ShouldBeProblem(403);
    }

    [Fact]
    public async Task the_incidents_export_dates_an_incident_by_the_day_it_occurred_in_wib_and_its_range_counts_days_in_wib()
    {
        await new Coordination.Demo.DemoHistory(Host.Services).LoadAsync();
        // the Melawi flood occurred at 05:00 WIB on 2 November 2021 (22:00 UTC on the 1st); the year's last hours in WIB too
        var melawi = Coordination.Demo.DemoHistory.IdOf("incident:melawi-flood-2021");
        var newYear = (await Api.Post("/api/incidents", new
        {
            district = "61.05", hazard = "flood", title = "Banjir tahun baru", occurredAt = "2021-12-31T17:30:00Z", villages = new[] { "Baning Kota" },
            affected = new { total = 100, children = 30, elderly = 10, disabled = 1, pregnant = 1 }, phase = "response"
        }, Tokens.Coordinator)).ShouldBe(201).Id;

        async Task<Dictionary<string, string>> Occurred(string range)
        {
            var lines = (await Api.Get($"/api/exports/incidents.csv?{range}", Tokens.Analyst)).ShouldBe(200).Text
                .Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            var tags = lines[1].Split(',');
            return lines.Skip(2).Select(Fields).ToDictionary(f => f[Array.IndexOf(tags, "#event+id")], f => f[Array.IndexOf(tags, "#date+occurred")]);
        }

        Assert.Equal("2021-11-02", (await Occurred("from=2021-11-02&to=2021-11-02"))[melawi.ToString()]);
        Assert.DoesNotContain(melawi.ToString(), (await Occurred("from=2021-11-01&to=2021-11-01")).Keys);
        Assert.Equal("2022-01-01", (await Occurred("from=2022-01-01&to=2022-01-01"))[newYear.ToString()]);
        Assert.DoesNotContain(newYear.ToString(), (await Occurred("from=2021-12-01&to=2021-12-31")).Keys);
        Assert.Equal("2022-01-01", (await Occurred(""))[newYear.ToString()]);
    }

    [Fact]
    public async Task the_last_day_a_calendar_has_ends_a_range_like_any_other_day()
    {
        var incident = await Api.ReportedIncident("61.05");
        Assert.Contains(incident.ToString(), (await Api.Get("/api/exports/incidents.csv?to=9999-12-31", Tokens.Analyst)).ShouldBe(200).Text);
        (await Api.Get("/api/exports/incidents.csv?from=0001-01-01&to=9999-12-31", Tokens.Analyst)).ShouldBe(200);
        (await Api.Get("/api/exports/4w.csv?from=0001-01-01&to=9999-12-31", Tokens.Analyst)).ShouldBe(200);
    }

    /// <summary>A CSV line's fields, quotes honoured.</summary>
    private static string[] Fields(string line)
    {
        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted && c == '"' && i + 1 < line.Length && line[i + 1] == '"') { current.Append('"'); i++; }
            else if (c == '"') quoted = !quoted;
            else if (c == ',' && !quoted) { fields.Add(current.ToString()); current.Clear(); }
            else current.Append(c);
        }

        fields.Add(current.ToString());
        return [.. fields];
    }
}
