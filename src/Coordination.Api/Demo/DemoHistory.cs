using System.Security.Cryptography;
using System.Text;
using Coordination.Accounts;
using Coordination.Deployments;
using Coordination.Districts;
using Coordination.Drills;
using Coordination.Incidents;
using Coordination.Personnel;
using Coordination.Requests;

namespace Coordination.Demo;

/// <summary>
/// A history true to life for a newcomer: rosters, trainings and drills in all 14 districts, the Sintang and Melawi
/// floods of November 2021 at their real scale with weeks of service records, a landslide in Bengkayang with a team on
/// site, and a haze alert in Ketapang. Every event carries the moment it would have happened, so replay works day by day.
/// </summary>
public sealed class DemoHistory(IServiceProvider services)
{
    private readonly IDocumentStore store = services.GetRequiredService<IDocumentStore>();
    private readonly Random _random = new(61);
    private readonly Dictionary<string, List<Person>> _rosters = [];
    private int _events;

    public static Guid IdOf(string name) => new(MD5.HashData(Encoding.UTF8.GetBytes($"coordination-demo:{name}")));

    public static readonly Guid SintangFlood = IdOf("incident:sintang-flood-2021");

    public async Task<string> LoadAsync(CancellationToken cancellation = default)
    {
        await using (var query = store.QuerySession())
            if (await query.LoadAsync<Incident>(SintangFlood, cancellation) is not null) return Texts.Format("cli-demo-already-loaded");
        // The people who act in the history have accounts, as everyone acting through the API has: the history names them
        await using (var scope = services.CreateAsyncScope())
            await DemoAccounts.ActorsAsync(scope.ServiceProvider.GetRequiredService<AccountChanges>(), cancellation);

        await Rosters(cancellation);
        await Drills(cancellation);
        await Floods2021(cancellation);
        await Landslide2026(cancellation);
        await HazeAlert2026(cancellation);
        // Stored in the order they happened (steps of one moment in the order planned), so that every stream's versions
        // follow its time and a replay event by event never steps back in time.
        foreach (var step in _steps.OrderBy(step => step.At)) await RunAsync(step, cancellation);
        return Texts.Format("cli-demo-loaded", _events, _streams);
    }

    private int _streams;

    private readonly List<Step> _steps = [];

    /// <summary>One command of the history: who took it, when, and what it decides on the state of that moment.</summary>
    private sealed record Step(DateTimeOffset At, ClaimsPrincipal Actor, Func<IDocumentSession, Task> Work);

    /// <summary>The Sintang flood's villages as first reported, and when the assessment named the rest.</summary>
    private IReadOnlyList<string> _firstReported = [];

    private static readonly DateTimeOffset SintangAssessed = Wib(2021, 11, 5, 15);

    private static DateTimeOffset Wib(int year, int month, int day, int hour = 9, int minute = 0) =>
        new DateTimeOffset(year, month, day, hour, minute, 0, TimeSpan.FromHours(7)).ToUniversalTime();

    /// <summary>Plans a step at its moment; <see cref="LoadAsync"/> runs the steps in time order once all are planned.</summary>
    private Task At(DateTimeOffset at, ClaimsPrincipal actor, Func<IDocumentSession, Task> work, CancellationToken cancellation)
    {
        _steps.Add(new Step(at, actor, work));
        return Task.CompletedTask;
    }

    private async Task RunAsync(Step step, CancellationToken cancellation)
    {
        using var _ = EventClock.PretendNow(step.At);
        await using var session = store.LightweightSession();
        // stamped as a command through the API is: the caller's subject (an account's id) and role
        new Actor(step.Actor.Subject(), step.Actor.Role(), $"demo-{step.At:yyyyMMddHHmm}").Stamp(session);
        await step.Work(session);
        _events += session.PendingChanges.Streams().Sum(s => s.Events.Count);
        _streams += session.PendingChanges.Streams().Count(s => s.ActionType == JasperFx.Events.StreamActionType.Start);
        await session.SaveChangesAsync(cancellation);
    }

    /// <summary>Whoever takes a step, as the service sees them once signed in: the coordinator's account, or a district officer's.</summary>
    private static ClaimsPrincipal Officer(string district) =>
        Claims.Principal(DemoAccounts.OfficerOf(district).Id.ToString(), Roles.District, district);

    private static readonly ClaimsPrincipal Coordinator = Claims.Principal(DemoAccounts.Coordinator.Id.ToString(), Roles.Coordinator);

    /// <summary>What the decisions take as now: inside a step, the moment <see cref="At"/> pretends it to be.</summary>
    private static readonly TimeProvider Clock = new EventClock(TimeProvider.System);

    /// <summary>Every step is decided by its command's own Decide, on the state of its time; a refused step stops the demo.</summary>
    private static Decision Decided(Decision decision, string step) =>
        decision.Rejected ? throw new InvalidOperationException($"The demo's step '{step}' was refused: {decision.Rejection}") : decision;

    /// <summary>A command on one stream: its Decide on the stream's state, its events appended.</summary>
    private static async Task Decide<T>(IDocumentSession session, Guid id, string step, Func<T, Decision> decide) where T : class
    {
        var stream = await session.Events.FetchForWriting<T>(id);
        stream.AppendMany(Decided(decide(stream.Aggregate ?? throw new InvalidOperationException($"{step}: no stream {id}")), step).Events);
    }

    /// <summary>A create: its Decide, then the stream started with the decided event.</summary>
    private static void Start<T>(IDocumentSession session, Guid id, string step, Decision decision) where T : class =>
        session.Events.StartStream<T>(id, Decided(decision, step).Started);

    // ---- rosters, trainings, availability ----

    private static readonly string[] FirstNames =
    [
        "Agustinus", "Yohanes", "Maria", "Dewi", "Budi", "Siti", "Rini", "Hendrikus", "Yuliana", "Antonius", "Fransiska", "Rudi",
        "Nurhayati", "Markus", "Veronika", "Stefanus", "Lestari", "Herkulanus", "Margareta", "Syarif", "Aminah", "Petrus", "Theresia", "Usman"
    ];

    private static readonly string[] FamilyNames =
        ["Ding", "Saragih", "Lumban", "Kurniawan", "Saputra", "Rahayu", "Uray", "Anyang", "Jalung", "Hamdani", "Sulastri", "Nyangun"];

    private static readonly Dictionary<string, (int Counselors, int Tagana, int SocialWorkers)> RosterSizes = new()
    {
        ["61.01"] = (3, 8, 2), ["61.02"] = (3, 7, 2), ["61.03"] = (4, 9, 2), ["61.04"] = (4, 10, 3), ["61.05"] = (8, 16, 3),
        ["61.06"] = (4, 9, 2), ["61.07"] = (3, 8, 2), ["61.08"] = (3, 6, 1), ["61.09"] = (4, 6, 2), ["61.10"] = (5, 10, 2),
        ["61.11"] = (2, 5, 1), ["61.12"] = (4, 9, 2), ["61.71"] = (12, 9, 5), ["61.72"] = (5, 7, 2)
    };

    /// <summary>Districts whose personnel went through the 2024 provincial PFA course almost to a person.</summary>
    private static readonly HashSet<string> WellTrained = ["61.71", "61.05", "61.03", "61.72", "61.06"];

    private async Task Rosters(CancellationToken cancellation)
    {
        var n = 0;
        foreach (var district in KalimantanBarat.Districts)
        {
            var (counselors, tagana, social) = RosterSizes[district.Code];
            var people = new List<Person>();
            var roles = Enumerable.Repeat(PersonnelRole.Counselor, counselors).Concat(Enumerable.Repeat(PersonnelRole.Tagana, tagana))
                .Concat(Enumerable.Repeat(PersonnelRole.SocialWorker, social));
            foreach (var role in roles)
            {
                var name = $"{FirstNames[n % FirstNames.Length]} {FamilyNames[(n / 3) % FamilyNames.Length]}";
                var id = IdOf($"person:{district.Code}:{n++}");
                string[] skills = role switch
                {
                    PersonnelRole.Counselor => _random.Next(3) == 0
                        ? ["psychological-first-aid", "trauma-counseling", "referral"]
                        : ["psychological-first-aid", "group-support", "referral"],
                    PersonnelRole.Tagana => _random.Next(2) == 0 ? ["psychological-first-aid", "child-friendly-space"] : ["group-support", "child-friendly-space"],
                    _ => ["referral", "group-support"]
                };
                people.Add(new Person(id, district.Code, name, role, skills, true, null, null, [], default));
            }

            _rosters[district.Code] = people;
            var registered = people.ToList();
            var user = Officer(district.Code);
            await At(Wib(2021, 6, 14 + n % 10), user, session =>
            {
                foreach (var p in registered)
                    Start<Person>(session, p.Id, "register", RegisterPersonnelEndpoint.Decide(p.District, new RegisterPersonnel(p.Id, p.Name, p.Role, p.Skills), user));
                return Task.CompletedTask;
            }, cancellation);

            // Most took the provincial PFA course; certificates from 2022 have lapsed, from 2024 on are current.
            var trainings = new List<(Guid Person, DateOnly Completed, DateOnly? ValidUntil)>();
            foreach (var p in registered)
            {
                var roll = _random.Next(10);
                var wellTrained = WellTrained.Contains(district.Code);
                if (!wellTrained && roll < 2) continue;
                var lapsed = wellTrained ? roll < 1 : roll < 4;
                var completed = lapsed ? new DateOnly(2022, 8, 12) : new DateOnly(2024, 2, 10 + roll);
                trainings.Add((p.Id, completed, p.Role == PersonnelRole.SocialWorker ? null : completed.AddYears(3)));
            }

            await At(Wib(2024, 3, 4 + n % 20), user, async session =>
            {
                foreach (var (person, completed, validUntil) in trainings)
                    await Decide<Person>(session, person, "training", p => RecordTrainingEndpoint.Decide(
                        new RecordTraining("Dukungan Psikososial Awal (PFA) — Dinas Sosial Provinsi Kalbar", completed, validUntil), p, user, Clock));
            }, cancellation);

            var away = people[_random.Next(people.Count)];
            var reason = _random.Next(2) == 0 ? "cuti melahirkan" : "sakit";
            await At(Wib(2026, 11, 10 + n % 10), user,
                session => Decide<Person>(session, away.Id, "availability", person => SetAvailabilityEndpoint.Decide(new SetAvailability(false, reason), person, user)),
                cancellation);
            people.Remove(away);
        }
    }

    private static readonly Dictionary<string, DateOnly?> LastDrills = new()
    {
        ["61.71"] = new DateOnly(2026, 10, 8), ["61.05"] = new DateOnly(2026, 9, 24), ["61.10"] = new DateOnly(2026, 5, 12),
        ["61.06"] = new DateOnly(2026, 8, 19), ["61.04"] = new DateOnly(2026, 7, 2), ["61.12"] = new DateOnly(2025, 11, 3),
        ["61.03"] = new DateOnly(2026, 10, 21), ["61.07"] = new DateOnly(2026, 6, 30), ["61.01"] = new DateOnly(2025, 4, 17),
        ["61.72"] = new DateOnly(2026, 9, 5), ["61.09"] = null, ["61.02"] = new DateOnly(2026, 3, 11), ["61.08"] = null, ["61.11"] = null
    };

    private async Task Drills(CancellationToken cancellation)
    {
        foreach (var (code, heldOn) in LastDrills)
        {
            if (heldOn is not { } day) continue;
            var participants = _rosters[code].Where(p => p.Role == PersonnelRole.Tagana).Take(8).Select(p => p.Id).ToList();
            var id = IdOf($"drill:{code}:{day}");
            await At(Wib(day.Year, day.Month, day.Day, 16), Officer(code), session =>
            {
                Start<Drill>(session, id, "drill", RecordDrillEndpoint.Decide(code,
                    new RecordDrill(id, day, "Simulasi evakuasi banjir dan layanan dukungan psikososial awal", participants),
                    _rosters[code].ToDictionary(p => p.Id), Officer(code), Clock));
                return Task.CompletedTask;
            }, cancellation);
        }
    }

    // ---- the November 2021 floods ----

    private static readonly (string Kecamatan, string[] Desa)[] SintangVillages =
    [
        ("Sintang", ["Baning Kota", "Ladang", "Tanjung Puri", "Kapuas Kiri Hilir"]), ("Kelam Permai", ["Kebong", "Merpak"]),
        ("Sungai Tebelian", ["Baya Betung", "Sungai Ana"]), ("Dedai", ["Nanga Dedai", "Lundang Baru"]), ("Tempunak", ["Nanga Tempunak", "Pudau Bersatu"]),
        ("Sepauk", ["Nanga Sepauk", "Tanjung Ria"]), ("Binjai Hulu", ["Binjai Hilir", "Sungai Risap"]), ("Ketungau Hilir", ["Nanga Ketungau", "Setungkup"]),
        ("Kayan Hilir", ["Nanga Mau", "Sungai Pinang"]), ("Kayan Hulu", ["Nanga Tebidah", "Nanga Ungai"]), ("Serawai", ["Nanga Serawai", "Tanjung Raya"]),
        ("Ambalau", ["Nanga Kemangai", "Buntut Purun"])
    ];

    private static readonly string[] MelawiVillages =
        ["Pal Satu", "Tanjung Niaga", "Sidomulyo", "Baru", "Nanga Pinoh", "Kenual", "Tanjung Lay", "Sungai Pinang (Melawi)"];

    private async Task Floods2021(CancellationToken cancellation)
    {
        var sintangVillages = SintangVillages.SelectMany(k => k.Desa).ToList();
        // The first report names the first ten villages; the assessment of 5 November adds the rest
        var firstReported = sintangVillages.Take(10).ToList();
        _firstReported = firstReported;
        var melawiFlood = IdOf("incident:melawi-flood-2021");
        var sintang = Officer("61.05");
        await Report(Wib(2021, 11, 2, 10), Coordinator, new ReportIncident(SintangFlood, "61.05", Hazard.Flood, "Banjir Kabupaten Sintang",
            Wib(2021, 10, 31, 22), firstReported, new AffectedPeople(52_000, 15_600, 5_200, 540, 390), IncidentPhase.Response), cancellation);
        await At(Wib(2021, 11, 3, 11), sintang, s => Decide<Incident>(s, SintangFlood, "emergency status",
            incident => DeclareEmergencyStatusEndpoint.Decide(new DeclareEmergencyStatus("360/1457/BPBD-C/2021", new DateOnly(2021, 11, 16)), incident, sintang)),
            cancellation);
        await Report(Wib(2021, 11, 4, 9), Coordinator, new ReportIncident(melawiFlood, "61.10", Hazard.Flood, "Banjir Kabupaten Melawi",
            Wib(2021, 11, 2, 5), MelawiVillages, new AffectedPeople(12_300, 3_700, 1_250, 130, 95), IncidentPhase.Response), cancellation);
        await At(SintangAssessed, sintang, s => Decide<Incident>(s, SintangFlood, "assessment",
            incident => AssessIncidentEndpoint.Decide(new AssessIncident(sintangVillages, new AffectedPeople(87_500, 26_250, 8_750, 900, 650)), incident, sintang)),
            cancellation);
        await At(Wib(2021, 11, 15, 14), sintang, s => Decide<Incident>(s, SintangFlood, "emergency extension",
            incident => DeclareEmergencyStatusEndpoint.Decide(new DeclareEmergencyStatus("360/1510/BPBD-C/2021", new DateOnly(2021, 11, 30)), incident, sintang)),
            cancellation);

        // The coordinator asks six districts for people; they answer after minutes to hours.
        (string District, PersonnelRole Role, int Count, string[] Skills, int? Accept, int Hours, int Minutes, Guid Incident)[] asks =
        [
            ("61.05", PersonnelRole.Counselor, 6, ["psychological-first-aid"], 5, 1, 30, SintangFlood),
            ("61.05", PersonnelRole.Tagana, 10, ["child-friendly-space"], 10, 0, 40, SintangFlood),
            ("61.10", PersonnelRole.Counselor, 3, ["psychological-first-aid"], 2, 5, 10, SintangFlood),
            ("61.06", PersonnelRole.Tagana, 4, [], null, 3, 0, SintangFlood),
            ("61.09", PersonnelRole.Counselor, 3, ["psychological-first-aid"], 3, 2, 5, SintangFlood),
            ("61.71", PersonnelRole.Counselor, 4, ["psychological-first-aid"], 4, 1, 0, SintangFlood),
            ("61.10", PersonnelRole.Tagana, 6, [], 6, 0, 55, melawiFlood)
        ];

        var teams = new List<(Guid Deployment, Guid Incident, string District, List<Person> Members, PersonnelRole Role, DateTimeOffset ArrivedAt, DateOnly Arrived, DateOnly StandDown, List<string> Villages)>();
        for (var i = 0; i < asks.Length; i++)
        {
            var ask = asks[i];
            var requestId = IdOf($"request:2021:{i}");
            var issued = Wib(2021, 11, ask.Incident == SintangFlood ? 2 : 4, 13 + i % 3, 5 * i);
            await At(issued, Coordinator, async session =>
            {
                var incident = await session.LoadAsync<Incident>(ask.Incident, cancellation);
                Start<Request>(session, requestId, "request", IssueRequestEndpoint.Decide(
                    new IssueRequest(requestId, ask.Incident, ask.District, ask.Role, ask.Count, ask.Skills, Priority.High, issued.AddDays(1)), incident, Clock));
            }, cancellation);

            var answered = issued.AddHours(ask.Hours).AddMinutes(ask.Minutes);
            var user = Officer(ask.District);
            if (ask.Accept is not { } accepted)
            {
                await At(answered, user, s => Decide<Request>(s, requestId, "decline",
                    request => DeclineRequestEndpoint.Answer(new DeclineRequest("Personel TAGANA siaga banjir di Kapuas Hulu sendiri"), request, null, user)), cancellation);
                continue;
            }

            await At(answered, user, s => Decide<Request>(s, requestId, "accept",
                request => AcceptRequestEndpoint.Answer(new AcceptRequest(accepted), request, null, user)), cancellation);

            var members = _rosters[ask.District].Where(p => p.Role == ask.Role && p.DeploymentId is null && ask.Skills.All(p.Holds)).Take(accepted).ToList();
            var deploymentId = IdOf($"deployment:2021:{i}");
            var incidentVillages = ask.Incident == SintangFlood ? sintangVillages : [.. MelawiVillages];
            // Each team works a circuit of its own through the incident's villages, and is sent to the first of them that the
            // incident names at that moment (before 5 November, the villages first reported)
            var start = (i * 5) % incidentVillages.Count;
            var circuit = Enumerable.Range(0, 6).Select(k => incidentVillages[(start + k * 3) % incidentVillages.Count]).Distinct().ToList();
            var named = ask.Incident == SintangFlood ? firstReported : incidentVillages;
            var village = circuit.FirstOrDefault(named.Contains) ?? named[i % named.Count];
            circuit = [village, .. circuit.Where(v => v != village)];
            var district = KalimantanBarat.Find(ask.District)!;
            var teamName = $"Tim LDP {district.Name} {(ask.Role == PersonnelRole.Tagana ? "TAGANA" : "Konselor")}";
            var deployedAt = answered.AddHours(3);
            await At(deployedAt, user,
                session => Deploy(session, new DeployTeam(deploymentId, ask.Incident, requestId, ask.District, teamName, members.Select(m => m.Id).ToList(), village), user, cancellation),
                cancellation);
            for (var m = 0; m < members.Count; m++)
            {
                var roster = _rosters[ask.District];
                members[m] = members[m] with { DeploymentId = deploymentId };
                roster[roster.FindIndex(p => p.Id == members[m].Id)] = members[m];
            }

            var arrived = deployedAt.AddHours(ask.District == "61.05" || ask.District == "61.10" ? 4 : 20);
            await At(arrived, user, s => Decide<Deployment>(s, deploymentId, "arrival", d => ArriveTeamEndpoint.Decide(d, user)), cancellation);
            var arrivedOn = DateOnly.FromDateTime(arrived.ToOffset(TimeSpan.FromHours(7)).DateTime);
            teams.Add((deploymentId, ask.Incident, ask.District, members, ask.Role, arrived, arrivedOn, arrivedOn.AddDays(18 + i * 2), circuit));
        }

        await ServiceRecords(teams, cancellation);

        foreach (var team in teams.OrderBy(t => t.StandDown))
        {
            var at = Wib(team.StandDown.Year, team.StandDown.Month, team.StandDown.Day, 15);
            await At(at, Officer(team.District), session => StandDown(session, team.Deployment, Officer(team.District), cancellation), cancellation);
            foreach (var m in team.Members) _rosters[team.District][_rosters[team.District].FindIndex(p => p.Id == m.Id)] = m with { DeploymentId = null };
        }

        await At(Wib(2021, 12, 1, 9), Coordinator, s => Decide<Incident>(s, SintangFlood, "recovery",
            incident => ChangeIncidentPhaseEndpoint.Decide(new ChangeIncidentPhase(IncidentPhase.Recovery), incident, Coordinator)), cancellation);
        // No request of these floods is still open when they close, so closing cancels none
        await At(Wib(2021, 12, 16, 10), Coordinator, s => Decide<Incident>(s, melawiFlood, "close",
            incident => CloseIncidentEndpoint.Decide(new CloseIncident("Air surut; layanan LDP diserahkan ke Dinas Sosial Melawi."), incident)), cancellation);
        await At(Wib(2021, 12, 22, 10), Coordinator, s => Decide<Incident>(s, SintangFlood, "close",
            incident => CloseIncidentEndpoint.Decide(new CloseIncident(
                "Transisi ke pemulihan selesai; rujukan lanjutan diteruskan ke layanan kesehatan jiwa Kabupaten Sintang."), incident)), cancellation);
    }

    private async Task ServiceRecords(
        IEnumerable<(Guid Deployment, Guid Incident, string District, List<Person> Members, PersonnelRole Role, DateTimeOffset ArrivedAt, DateOnly Arrived, DateOnly StandDown, List<string> Villages)> teams,
        CancellationToken cancellation)
    {
        foreach (var team in teams)
        {
            ServiceKind[] services = team.Role == PersonnelRole.Tagana
                ? [ServiceKind.ChildFriendlySpace, ServiceKind.GroupSupport, ServiceKind.PsychologicalFirstAid]
                : [ServiceKind.PsychologicalFirstAid, ServiceKind.GroupSupport, ServiceKind.HomeVisit, ServiceKind.Referral];
            var reachedSoFar = 0;
            for (var day = team.Arrived; day < team.StandDown; day = day.AddDays(1))
            {
                var dayIndex = day.DayNumber - team.Arrived.DayNumber;
                var service = services[dayIndex % services.Length];
                var fresh = Math.Max(2, (int)(team.Members.Count * (14 - dayIndex * 0.5)) + _random.Next(-3, 4));
                var children = service == ServiceKind.ChildFriendlySpace ? fresh : fresh * 3 / 10;
                var newly = new AffectedPeople(fresh, children, service == ServiceKind.ChildFriendlySpace ? 0 : fresh / 10,
                    _random.Next(10) == 0 ? 1 : 0, service == ServiceKind.ChildFriendlySpace ? 0 : _random.Next(4) == 0 ? 1 : 0);
                var contacts = fresh + Math.Min(reachedSoFar, team.Members.Count * (3 + dayIndex / 2));
                reachedSoFar += fresh;
                var recordId = IdOf($"service:{team.Deployment}:{day}");
                var served = day;
                // Recorded in the evening, and never before the team arrived (a late arrival records its first day that night).
                var at = Wib(day.Year, day.Month, day.Day, 17, _random.Next(60));
                if (at <= team.ArrivedAt) at = team.ArrivedAt.AddMinutes(30 + _random.Next(30));
                var village = team.Villages[dayIndex % team.Villages.Count];
                // Until the assessment names the rest, a Sintang team works in the village it was sent to (its circuit's first)
                if (team.Incident == SintangFlood && at < SintangAssessed && !_firstReported.Contains(village)) village = team.Villages[0];
                await At(at, Officer(team.District), session => RecordServices(session, team.Deployment,
                    new RecordServices(recordId, served, village, service, newly, contacts), Officer(team.District), cancellation), cancellation);
            }
        }
    }

    // ---- 2026: a landslide with a team on site, a haze alert ----

    private async Task Landslide2026(CancellationToken cancellation)
    {
        var id = IdOf("incident:bengkayang-landslide-2026");
        string[] villages = ["Sahan", "Tawang", "Seluas"];
        var bengkayang = Officer("61.07");
        await Report(Wib(2026, 11, 20, 7, 30), bengkayang, new ReportIncident(id, "61.07", Hazard.Landslide, "Tanah longsor Kecamatan Seluas",
            Wib(2026, 11, 20, 3), villages, new AffectedPeople(640, 210, 60, 9, 6), IncidentPhase.Response), cancellation);

        var requestId = IdOf("request:2026:landslide");
        await At(Wib(2026, 11, 20, 9), Coordinator, async session =>
        {
            var incident = await session.LoadAsync<Incident>(id, cancellation);
            Start<Request>(session, requestId, "request", IssueRequestEndpoint.Decide(
                new IssueRequest(requestId, id, "61.07", PersonnelRole.Tagana, 4, ["child-friendly-space"], Priority.High, Wib(2026, 11, 21, 9)), incident, Clock));
        }, cancellation);
        var members = _rosters["61.07"].Where(p => p.Role == PersonnelRole.Tagana && p.Holds("child-friendly-space")).Take(3).ToList();
        await At(Wib(2026, 11, 20, 9, 50), bengkayang, s => Decide<Request>(s, requestId, "accept",
            request => AcceptRequestEndpoint.Answer(new AcceptRequest(members.Count), request, null, bengkayang)), cancellation);

        var deploymentId = IdOf("deployment:2026:landslide");
        await At(Wib(2026, 11, 20, 13), bengkayang, session => Deploy(session,
            new DeployTeam(deploymentId, id, requestId, "61.07", "Tim LDP Bengkayang TAGANA", members.Select(m => m.Id).ToList(), "Seluas"), bengkayang, cancellation),
            cancellation);
        await At(Wib(2026, 11, 20, 17), bengkayang,
            s => Decide<Deployment>(s, deploymentId, "arrival", d => ArriveTeamEndpoint.Decide(d, bengkayang)), cancellation);
        await ServiceRecords([(deploymentId, id, "61.07", members, PersonnelRole.Tagana, Wib(2026, 11, 20, 17), new DateOnly(2026, 11, 21), new DateOnly(2026, 11, 28), [.. villages.Skip(1)])],
            cancellation);
    }

    private async Task HazeAlert2026(CancellationToken cancellation)
    {
        var id = IdOf("incident:ketapang-haze-2026");
        await Report(Wib(2026, 9, 10, 8), Officer("61.04"), new ReportIncident(id, "61.04", Hazard.Haze,
            "Siaga darurat kabut asap Kabupaten Ketapang", Wib(2026, 9, 9, 18),
            ["Sukabangun", "Kalinilam", "Sungai Besar", "Tuan-Tuan", "Sungai Awan Kiri", "Pesaguan Kanan"],
            new AffectedPeople(15_400, 4_600, 1_500, 160, 120), IncidentPhase.Alert), cancellation);
        await At(Wib(2026, 9, 11, 10), Coordinator, s => Decide<Incident>(s, id, "emergency status",
            incident => DeclareEmergencyStatusEndpoint.Decide(new DeclareEmergencyStatus("188.45/412/BPBD-2026", new DateOnly(2026, 12, 10)), incident, Coordinator)),
            cancellation);
    }

    // ---- the commands that read or write several streams, as their endpoints do ----

    private Task Report(DateTimeOffset at, ClaimsPrincipal user, ReportIncident command, CancellationToken cancellation) =>
        At(at, user, session =>
        {
            Start<Incident>(session, command.Id!.Value, "report", ReportIncidentEndpoint.Decide(command, user, Clock));
            return Task.CompletedTask;
        }, cancellation);

    private static async Task Deploy(IDocumentSession session, DeployTeam command, ClaimsPrincipal user, CancellationToken cancellation)
    {
        var draft = await DeployTeamEndpoint.LoadAsync(command, user, session, cancellation);
        DeployTeamEndpoint.Post(command, draft, Decided(DeployTeamEndpoint.Decide(command, draft, user), "deployment"), session);
    }

    private static async Task StandDown(IDocumentSession session, Guid deploymentId, ClaimsPrincipal user, CancellationToken cancellation)
    {
        var deployment = await session.Events.FetchForWriting<Deployment>(deploymentId, cancellation);
        var streams = await StandDownTeamEndpoint.LoadAsync(deployment.Aggregate!, session, cancellation);
        var (_, events) = StandDownTeamEndpoint.Post(deployment.Aggregate!, streams,
            Decided(StandDownTeamEndpoint.Decide(deployment.Aggregate!, user), "stand-down"));
        deployment.AppendMany(events);
    }

    private static async Task RecordServices(IDocumentSession session, Guid deploymentId, RecordServices command, ClaimsPrincipal user,
        CancellationToken cancellation)
    {
        var draft = await RecordServicesEndpoint.LoadAsync(deploymentId, command, session, cancellation);
        var decision = Decided(RecordServicesEndpoint.Decide(deploymentId, command, draft, user, Clock), "service record");
        RecordServicesEndpoint.Post(deploymentId, command, draft, decision);
    }
}
