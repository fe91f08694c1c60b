using Marten;
using Coordination.Inbox;
using Coordination.Tests.Incidents;
using Coordination.Tests.Support;
using Wolverine.Tracking;

namespace Coordination.Tests.Inbox;

public class InboxTests(AppFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public async Task a_new_request_reaches_the_addressed_districts_inbox_and_no_other()
    {
        var incident = await Api.ReportedIncident();
        await Host.Tracked(() => Api.Post("/api/requests",
            new { incidentId = incident, district = "61.10", role = "tagana", count = 6, skills = new[] { "group-support" }, priority = "high" }, Tokens.Coordinator));

        var inbox = (await Api.Get("/api/districts/61.10/inbox", Tokens.District("61.10"))).ShouldBe(200).Body!.AsArray();
        var item = Assert.Single(inbox)!;
        Assert.Equal("request-issued", item["kind"]!.GetValue<string>());
        Assert.Contains("6 TAGANA volunteers", item["text"]!.GetValue<string>());
        Assert.Empty((await Api.Get("/api/districts/61.05/inbox", Tokens.District("61.05"))).Body!.AsArray());
        Assert.Empty((await Api.Get("/api/inbox", Tokens.Coordinator)).Body!.AsArray());
    }

    [Fact]
    public async Task a_notice_is_worded_in_the_language_of_whoever_reads_the_inbox()
    {
        var year = DateTime.UtcNow.Year + 1; // needed by a moment ahead, shown on the province's clock (02:00 UTC is 09.00 WIB)
        var incident = await Api.ReportedIncident();
        await Host.Tracked(() => Api.Post("/api/requests",
            new { incidentId = incident, district = "61.10", role = "counselor", count = 2, skills = new[] { "referral" }, priority = "high",
                neededBy = $"{year}-12-01T02:00:00Z" }, Tokens.Coordinator));
        var request = (await Api.Get("/api/requests?district=61.10", Tokens.Coordinator)).Body!.AsArray()[0]!["id"]!.GetValue<string>();
        await Host.Tracked(() => Api.Post($"/api/requests/{request}/accept", new { count = 1 }, Tokens.District("61.10")));

        async Task<string> Text(string url, string token, string language) =>
            (await Api.Get(url, token, new Dictionary<string, string> { ["Accept-Language"] = language })).ShouldBe(200).Body!.AsArray()[0]!["text"]!
            .GetValue<string>();

        Assert.Equal($"Diminta 2 konselor, prioritas tinggi, keahlian rujukan, dibutuhkan paling lambat 1 Desember {year}, 09.00 WIB.",
            await Text("/api/districts/61.10/inbox", Tokens.District("61.10"), "id"));
        Assert.Equal($"2 counselors requested, priority high, skills referral, needed by 1 December {year}, 09:00 WIB.",
            await Text("/api/districts/61.10/inbox", Tokens.District("61.10"), "en"));
        Assert.Equal("Kabupaten Melawi (61.10) menerima 1 dari 2 konselor yang diminta.", await Text("/api/inbox", Tokens.Coordinator, "id"));
        Assert.Null((await Api.Get("/api/inbox", Tokens.Coordinator)).Body!.AsArray()[0]!["words"]);
    }

    [Fact]
    public async Task a_notice_handled_twice_is_delivered_once()
    {
        var notice = new RequestNotice(Guid.CreateVersion7(), "61.05", NoticeKind.RequestIssued, Guid.NewGuid(), Guid.NewGuid(), "61.05", "3 counselor requested.",
            DateTimeOffset.UtcNow);
        await Host.InvokeMessageAndWaitAsync(notice);
        await Host.InvokeMessageAndWaitAsync(notice);
        Assert.Single((await Api.Get("/api/districts/61.05/inbox", Tokens.District("61.05"))).Body!.AsArray());
    }

    [Fact]
    public async Task a_live_stream_carries_a_new_notice_after_hundreds_came_within_minutes()
    {
        // A busy hour of a flood: 250 answers for the province within the last two minutes, more than one read of them takes.
        var now = DateTimeOffset.UtcNow;
        await using (var session = Host.DocumentStore().LightweightSession())
        {
            for (var i = 0; i < 250; i++)
                session.Store(new RequestNotice(Guid.CreateVersion7(), Notices.Province, NoticeKind.RequestDeclined, Guid.NewGuid(), Guid.NewGuid(),
                    "61.05", $"Jawaban ke-{i + 1}", now.AddSeconds(-120 + i * 0.4)));
            await session.SaveChangesAsync();
        }

        using var client = Host.Server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/events/stream");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Tokens.Coordinator);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        Assert.Equal("event: ready", await reader.ReadLineAsync(timeout.Token));

        var newest = new RequestNotice(Guid.CreateVersion7(), Notices.Province, NoticeKind.RequestAccepted, Guid.NewGuid(), Guid.NewGuid(), "61.10",
            "Kabupaten Melawi menerima 2 konselor.", DateTimeOffset.UtcNow);
        await using (var session = Host.DocumentStore().LightweightSession())
        {
            session.Store(newest);
            await session.SaveChangesAsync();
        }

        // the stream sends the new notice, and none of those it found already there
        var sent = new List<string>();
        while (await reader.ReadLineAsync(timeout.Token) is { } line && line != $"id: {newest.Id}")
            if (line.StartsWith("id: ", StringComparison.Ordinal)) sent.Add(line);
        Assert.Empty(sent);
    }

    [Fact]
    public async Task the_province_s_stream_says_changed_once_the_views_took_in_a_team_on_site_and_a_district_s_stream_when_its_own_district_changed()
    {
        var incident = await Api.ReportedIncident();
        var members = await Api.RegisteredPeople(2);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var province = await OpenStream(Tokens.Coordinator, timeout.Token);

        // no notice announces a team on site; the province hears that the views moved
        await Api.TeamOnSite(incident, members);
        while (await province.ReadLineAsync(timeout.Token) is { } line && line != "event: changed") { }

        // Sintang's officer, once the views took in the team: Melawi's roster growing sends nothing down Sintang's line. Two
        // notices stored after it come through with no "changed" before or between them (the second is read by a poll after
        // the one that read the first, so after Melawi's change).
        await ViewsCaughtUp();
        using var district = await OpenStream(Tokens.District("61.05"), timeout.Token);
        await Api.RegisteredPeople(1, "61.10");
        await ViewsCaughtUp();
        Assert.DoesNotContain("event: changed", await UntilTwoNotices(district, incident, timeout.Token));

        // a colleague adds a person to Sintang's roster (no notice announces it): Sintang's stream says "changed"
        await Api.RegisteredPeople(1, "61.05");
        while (await district.ReadLineAsync(timeout.Token) is { } line && line != "event: changed") { }
    }

    [Fact]
    public async Task a_district_s_stream_says_changed_when_an_incident_its_team_serves_is_assessed_or_another_team_records_there_and_not_for_others()
    {
        // Sintang's team helps at a flood in Melawi, beside Melawi's own team; a second flood in Melawi has no team of Sintang's
        var served = await Api.ReportedIncident("61.10");
        var elsewhere = await Api.ReportedIncident("61.10");
        var request = await Api.IssuedRequest(served, "61.05", count: 1);
        (await Api.Post($"/api/requests/{request}/accept", new { count = 1 }, Tokens.District("61.05"))).ShouldBe(200);
        await Api.TeamOnSite(served, await Api.RegisteredPeople(1, "61.05"), "61.05", request);
        var melawi = await Api.TeamOnSite(served, await Api.RegisteredPeople(1, "61.10"), "61.10");
        var melawiElsewhere = await Api.TeamOnSite(elsewhere, await Api.RegisteredPeople(1, "61.10"), "61.10");
        await ViewsCaughtUp();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var sintang = await OpenStream(Tokens.District("61.05"), timeout.Token);

        // the other flood assessed and served: nothing down Sintang's line (two notices stored after, as above)
        (await Api.Post($"/api/incidents/{elsewhere}/assessments", new { villages = new[] { "Baning Kota", "Nanga Pinoh" }, affected = Affected(900) },
            Tokens.Coordinator)).ShouldBe(200);
        (await Api.Post($"/api/deployments/{melawiElsewhere}/services", Scenarios.Service(), Tokens.District("61.10"))).ShouldBe(201);
        await ViewsCaughtUp();
        Assert.DoesNotContain("event: changed", await UntilTwoNotices(sintang, served, timeout.Token));

        // Melawi's team records a service where Sintang's serves: the running total on Sintang's record form moves
        (await Api.Post($"/api/deployments/{melawi}/services", Scenarios.Service(), Tokens.District("61.10"))).ShouldBe(201);
        while (await sintang.ReadLineAsync(timeout.Token) is { } line && line != "event: changed") { }

        // the province's new figures for that flood: so do its affected and villages
        await ViewsCaughtUp();
        (await Api.Post($"/api/incidents/{served}/assessments", new { villages = new[] { "Baning Kota", "Tanjung Niaga" }, affected = Affected(2400) },
            Tokens.Coordinator)).ShouldBe(200);
        while (await sintang.ReadLineAsync(timeout.Token) is { } line && line != "event: changed") { }
    }

    private static object Affected(int total) => new { total, children = total / 3, elderly = total / 10, disabled = 0, pregnant = 0 };

    /// <summary>
    /// What Sintang's stream sends until two notices stored now have come through: the second is read by a poll after the one
    /// that read the first, so whatever changed before this call has been looked at by then.
    /// </summary>
    private async Task<List<string>> UntilTwoNotices(StreamReader stream, Guid incident, CancellationToken cancellation)
    {
        var lines = new List<string>();
        foreach (var text in new[] { "Pertama", "Kedua" })
        {
            var notice = new RequestNotice(Guid.CreateVersion7(), "61.05", NoticeKind.RequestIssued, Guid.NewGuid(), incident, "61.05", text,
                DateTimeOffset.UtcNow);
            await using (var session = Host.DocumentStore().LightweightSession())
            {
                session.Store(notice);
                await session.SaveChangesAsync(cancellation);
            }

            while (await stream.ReadLineAsync(cancellation) is { } line && line != $"id: {notice.Id}") lines.Add(line);
        }

        return lines;
    }

    private async Task<StreamReader> OpenStream(string token, CancellationToken cancellation)
    {
        var client = Host.Server.CreateClient();
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/events/stream");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellation);
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellation));
        Assert.Equal("event: ready", await reader.ReadLineAsync(cancellation));
        return reader;
    }

    [Fact]
    public async Task answers_and_cancellations_reach_the_other_side()
    {
        var incident = await Api.ReportedIncident();
        var declined = await Api.IssuedRequest(incident, "61.10");
        var cancelled = await Api.IssuedRequest(incident, "61.05");
        await Host.Tracked(() => Api.Post($"/api/requests/{declined}/decline", new { reason = "semua personel terdampak" }, Tokens.District("61.10")));
        await Host.Tracked(() => Api.Post($"/api/requests/{cancelled}/cancel", new { reason = "sudah cukup" }, Tokens.Coordinator));

        var province = (await Api.Get("/api/inbox", Tokens.Coordinator)).Body!.AsArray();
        Assert.Equal(["request-cancelled", "request-declined"], province.Select(n => n!["kind"]!.GetValue<string>()));
        Assert.Contains("semua personel terdampak", province[1]!["text"]!.GetValue<string>());
        var sintang = (await Api.Get("/api/districts/61.05/inbox", Tokens.District("61.05"))).Body!.AsArray();
        Assert.Equal("request-cancelled", sintang[0]!["kind"]!.GetValue<string>());
    }

    [Fact]
    public async Task a_request_cancelled_by_its_incident_s_close_reaches_the_province_and_the_district_once_each()
    {
        var incident = await Api.ReportedIncident();
        var request = (await Host.Tracked(() => Api.Post("/api/requests",
            new { incidentId = incident, district = "61.10", role = "counselor", count = 2, priority = "high" }, Tokens.Coordinator))).ShouldBe(201).Id;
        (await Host.Tracked(() => Api.Post($"/api/incidents/{incident}/close", new { summary = "Air surut" }, Tokens.Coordinator))).ShouldBe(200);

        var notices = (await Api.Get("/api/inbox", Tokens.Coordinator, new Dictionary<string, string> { ["Accept-Language"] = "id" }))
            .ShouldBe(200).Body!.AsArray();
        Assert.Equal(["incident-closed"], notices.Where(n => n!["kind"]!.GetValue<string>() != "request-cancelled").Select(n => n!["kind"]!.GetValue<string>()));
        var province = Assert.Single(notices, n => n!["kind"]!.GetValue<string>() == "request-cancelled")!;
        Assert.Equal("request-cancelled", province["kind"]!.GetValue<string>());
        Assert.Equal(request.ToString(), province["requestId"]!.GetValue<string>());
        Assert.Equal(incident.ToString(), province["incidentId"]!.GetValue<string>());
        Assert.Equal("Permintaan 2 konselor kepada Kabupaten Melawi (61.10) dibatalkan karena kejadian ditutup: Air surut",
            province["text"]!.GetValue<string>());
        Assert.Equal("The request to 61.10 Melawi for 2 counselors was cancelled because the incident was closed: Air surut",
            Assert.Single((await Api.Get("/api/inbox", Tokens.Coordinator, new Dictionary<string, string> { ["Accept-Language"] = "en" })).Body!.AsArray(),
                n => n!["kind"]!.GetValue<string>() == "request-cancelled")!["text"]!.GetValue<string>());
        var melawi = (await Api.Get("/api/districts/61.10/inbox", Tokens.District("61.10"))).Body!.AsArray();
        Assert.Equal(["incident-closed", "request-cancelled", "request-issued"], melawi.Select(n => n!["kind"]!.GetValue<string>()).Order());

        // the same news delivered again overwrites both notices rather than doubling them
        var news = new Coordination.Requests.RequestNews(Guid.CreateVersion7(), Coordination.Requests.RequestNewsKind.Cancelled, request, incident, "61.10",
            Coordination.Personnel.PersonnelRole.Counselor, 2, DateTimeOffset.UtcNow) { Reason = "Air surut", ClosedWithIncident = true };
        await Host.InvokeMessageAndWaitAsync(news);
        await Host.InvokeMessageAndWaitAsync(news);
        Assert.Equal(3, (await Api.Get("/api/inbox", Tokens.Coordinator)).Body!.AsArray().Count);
        Assert.Equal(4, (await Api.Get("/api/districts/61.10/inbox", Tokens.District("61.10"))).Body!.AsArray().Count);
    }

    [Fact]
    public async Task a_request_a_coordinator_cancels_reaches_the_province_as_well_as_the_district_once_each()
    {
        var incident = await Api.ReportedIncident();
        var request = (await Host.Tracked(() => Api.Post("/api/requests",
            new { incidentId = incident, district = "61.10", role = "counselor", count = 2, priority = "high" }, Tokens.Coordinator))).ShouldBe(201).Id;
        (await Host.Tracked(() => Api.Post($"/api/requests/{request}/cancel", new { reason = "Sudah dipenuhi Sanggau" }, Tokens.Coordinator))).ShouldBe(200);

        var province = Assert.Single((await Api.Get("/api/inbox", Tokens.Coordinator, new Dictionary<string, string> { ["Accept-Language"] = "id" }))
            .ShouldBe(200).Body!.AsArray())!;
        Assert.Equal("request-cancelled", province["kind"]!.GetValue<string>());
        Assert.Equal(request.ToString(), province["requestId"]!.GetValue<string>());
        Assert.Equal(incident.ToString(), province["incidentId"]!.GetValue<string>());
        Assert.Equal("Permintaan 2 konselor kepada Kabupaten Melawi (61.10) dibatalkan: Sudah dipenuhi Sanggau", province["text"]!.GetValue<string>());
        Assert.Equal("The request to 61.10 Melawi for 2 counselors was cancelled: Sudah dipenuhi Sanggau",
            Assert.Single((await Api.Get("/api/inbox", Tokens.Coordinator, new Dictionary<string, string> { ["Accept-Language"] = "en" })).Body!.AsArray())!
                ["text"]!.GetValue<string>());
        var melawi = (await Api.Get("/api/districts/61.10/inbox", Tokens.District("61.10"))).Body!.AsArray();
        Assert.Equal(["request-cancelled", "request-issued"], melawi.Select(n => n!["kind"]!.GetValue<string>()));
    }

    [Fact]
    public async Task closing_an_incident_reaches_each_district_it_asked_or_that_sent_a_team_and_its_own_district_once_each_and_no_other()
    {
        var incident = await Api.ReportedIncident(district: "61.05");
        var declined = await Api.IssuedRequest(incident, "61.10");
        await Host.Tracked(() => Api.Post($"/api/requests/{declined}/decline", new { reason = "semua bertugas" }, Tokens.District("61.10")));
        await Api.IssuedRequest(incident, "61.06"); // still waiting for an answer: the close cancels it
        var landak = await Api.RegisteredPerson("61.08");
        var team = await Api.DeployedTeam(incident, [landak], "61.08");
        (await Api.Post($"/api/deployments/{team}/stand-down", null, Tokens.District("61.08"))).ShouldBe(200);
        (await Host.Tracked(() => Api.Post($"/api/incidents/{incident}/close", new { summary = "Air surut" }, Tokens.Coordinator))).ShouldBe(200);

        async Task<string[]> Kinds(string district) =>
            [.. (await Api.Get($"/api/districts/{district}/inbox", Tokens.District(district))).ShouldBe(200).Body!.AsArray()
                .Select(n => n!["kind"]!.GetValue<string>()).Where(k => k == "incident-closed")];
        foreach (var involved in new[] { "61.05", "61.10", "61.06", "61.08" })
            Assert.Equal(["incident-closed"], await Kinds(involved));
        Assert.Empty(await Kinds("61.71"));
        var melawi = (await Api.Get("/api/districts/61.10/inbox", Tokens.District("61.10"), new Dictionary<string, string> { ["Accept-Language"] = "id" }))
            .Body!.AsArray().First(n => n!["kind"]!.GetValue<string>() == "incident-closed")!;
        Assert.Equal(incident.ToString(), melawi["incidentId"]!.GetValue<string>());
        Assert.EndsWith("di Kabupaten Sintang (61.05) ditutup: Air surut", melawi["text"]!.GetValue<string>());

        // the same news delivered again overwrites every notice rather than doubling it
        var closed = (await Api.Get("/api/inbox", Tokens.Coordinator)).Body!.AsArray().First(n => n!["kind"]!.GetValue<string>() == "incident-closed")!;
        var news = new Coordination.Incidents.IncidentClosedNews(Guid.Parse(closed["id"]!.GetValue<string>()), incident, "61.05", "Banjir", "Air surut",
            DateTimeOffset.UtcNow);
        await Host.InvokeMessageAndWaitAsync(news);
        foreach (var involved in new[] { "61.05", "61.10", "61.06", "61.08" })
            Assert.Equal(["incident-closed"], await Kinds(involved));
    }

    [Fact]
    public async Task closing_an_incident_that_cancels_no_request_reaches_the_province_and_its_own_district()
    {
        var incident = await Api.ReportedIncident();
        var title = (await Api.Get($"/api/incidents/{incident}", Tokens.Coordinator)).Body!["title"]!.GetValue<string>();
        (await Host.Tracked(() => Api.Post($"/api/incidents/{incident}/close", new { summary = "Air surut" }, Tokens.Coordinator))).ShouldBe(200);

        var province = Assert.Single((await Api.Get("/api/inbox", Tokens.Coordinator, new Dictionary<string, string> { ["Accept-Language"] = "id" }))
            .ShouldBe(200).Body!.AsArray())!;
        Assert.Equal("incident-closed", province["kind"]!.GetValue<string>());
        Assert.Equal(incident.ToString(), province["incidentId"]!.GetValue<string>());
        Assert.Null(province["requestId"]);
        Assert.Equal($"Kejadian {title} di Kabupaten Sintang (61.05) ditutup: Air surut", province["text"]!.GetValue<string>());
        Assert.Equal($"The incident {title} in 61.05 Sintang was closed: Air surut",
            Assert.Single((await Api.Get("/api/inbox", Tokens.Coordinator, new Dictionary<string, string> { ["Accept-Language"] = "en" })).Body!.AsArray())!
                ["text"]!.GetValue<string>());
        Assert.Equal("incident-closed", Assert.Single((await Api.Get("/api/districts/61.05/inbox", Tokens.District("61.05"))).Body!.AsArray())!
            ["kind"]!.GetValue<string>());
        Assert.Empty((await Api.Get("/api/districts/61.10/inbox", Tokens.District("61.10"))).Body!.AsArray());
    }
}
