using System.Net;
using Alba;
using Coordination.Accounts;
using Coordination.Tests.Incidents;
using Coordination.Tests.Support;
using Marten;
using Marten.Events;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;

namespace Coordination.Tests.Accounts;

public class AccountTests(AppFixture fixture) : ApiTest(fixture)
{
    private static object Person(string name = "Dewi Lestari") => new { name, role = "counselor", skills = new[] { "psychological-first-aid" } };

    [Fact]
    public async Task an_officer_created_by_the_administrator_signs_in_and_acts_only_in_their_own_district()
    {
        var account = await Api.AccountInUse("district", "61.05");
        Assert.True(account.Password.Length >= 12);
        var tokens = await Api.SignedIn(account);

        var me = (await Api.Get("/api/account/me", tokens.AccessToken)).ShouldBe(200).Body!;
        Assert.Equal(account.Id.ToString(), me["id"]!.GetValue<string>());
        Assert.Equal("district", me["role"]!.GetValue<string>());
        Assert.Equal("61.05", me["district"]!.GetValue<string>());
        Assert.Equal(account.Email, me["email"]!.GetValue<string>());
        Assert.False(me["mustChangePassword"]!.GetValue<bool>());

        (await Api.Post("/api/districts/61.05/personnel", Person(), tokens.AccessToken)).ShouldBe(201);
        (await Api.Post("/api/districts/61.10/personnel", Person(), tokens.AccessToken)).ShouldBeProblem(403);
        (await Api.Get("/api/accounts", tokens.AccessToken)).ShouldBeProblem(403);
    }

    [Fact]
    public async Task a_one_time_password_only_lets_its_person_choose_their_own_and_then_works_no_more()
    {
        var account = await Api.CreatedAccount("district", "61.05");
        var oneTime = await Api.SignedIn(account);
        Assert.True((await Api.Get("/api/account/me", oneTime.AccessToken)).ShouldBe(200).Body!["mustChangePassword"]!.GetValue<bool>());

        var refused = (await Api.Post("/api/districts/61.05/personnel", Person(), oneTime.AccessToken,
            new Dictionary<string, string> { ["Accept-Language"] = "id" })).ShouldBeProblem(403);
        Assert.Equal("password-change-required", refused.Body!["code"]!.GetValue<string>());
        Assert.Contains("kata sandi sekali pakai", refused.Detail);
        (await Api.Get("/api/readiness", oneTime.AccessToken)).ShouldBeProblem(403);
        (await Api.Get("/api/events/stream", oneTime.AccessToken)).ShouldBeProblem(403);
        var refreshed = AccountScenarios.TokensIn((await Api.Refresh(oneTime.RefreshToken)).ShouldBe(200).Body!);
        (await Api.Get("/api/readiness", refreshed.AccessToken)).ShouldBeProblem(403);
        // signing in and refreshing need no token: one sent along anyway does not stop them
        (await Api.Post("/api/account/login", new { email = account.Email, password = account.Password }, oneTime.AccessToken)).ShouldBe(200);
        (await Api.Post("/api/account/refresh", new { refreshToken = oneTime.RefreshToken }, oneTime.AccessToken)).ShouldBe(200);

        const string chosen = "sungai-melawi-meluap";
        var own = AccountScenarios.TokensIn((await Api.Post("/api/account/password", new { current = account.Password, @new = chosen },
            oneTime.AccessToken)).ShouldBe(200).Body!);
        Assert.False((await Api.Get("/api/account/me", own.AccessToken)).ShouldBe(200).Body!["mustChangePassword"]!.GetValue<bool>());
        (await Api.Post("/api/districts/61.05/personnel", Person(), own.AccessToken)).ShouldBe(201);
        (await Api.Login(account.Email, account.Password)).ShouldBeProblem(401);

        // a reset hands over a new one-time password: the same again
        var reset = (await Api.Post($"/api/accounts/{account.Id}/reset-password", null, Tokens.Admin)).ShouldBe(200).Body!["initialPassword"]!
            .GetValue<string>();
        var again = await Api.SignedIn(account, reset);
        (await Api.Get("/api/readiness", again.AccessToken)).ShouldBeProblem(403);
        (await Api.Login(account.Email, chosen)).ShouldBeProblem(401);
    }

    [Fact]
    public async Task an_unknown_email_and_a_wrong_password_get_the_same_401()
    {
        var account = await Api.CreatedAccount("analyst");
        var unknown = (await Api.Login(AccountScenarios.NewEmail("nobody"), "some-password-123")).ShouldBeProblem(401);
        var wrong = (await Api.Login(account.Email, "wrong-password-123")).ShouldBeProblem(401);
        var empty = (await Api.Login("", "")).ShouldBeProblem(401);

        static string Answer(Response r) => $"{r.Body!["code"]} {r.Body!["title"]} {r.Detail}";
        Assert.Equal(Answer(unknown), Answer(wrong));
        Assert.Equal(Answer(unknown), Answer(empty));
        Assert.Equal("sign-in-failed", wrong.Body!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task account_refusals_are_in_the_callers_language_with_a_stable_code()
    {
        var indonesian = (await Api.Post("/api/account/login", new { email = "x@y.go.id", password = "salah-sekali-123" }, null,
            new Dictionary<string, string> { ["Accept-Language"] = "id" })).ShouldBeProblem(401);
        Assert.Contains("kata sandi salah", indonesian.Detail);
        var english = (await Api.Post("/api/account/login", new { email = "x@y.go.id", password = "salah-sekali-123" }, null,
            new Dictionary<string, string> { ["Accept-Language"] = "en" })).ShouldBeProblem(401);
        Assert.Contains("password is wrong", english.Detail);
        Assert.Equal("sign-in-failed", indonesian.Body!["code"]!.GetValue<string>());

        var invalid = (await Api.Post("/api/accounts", new { email = "bukan email", name = "Ani", role = "district" }, Tokens.Admin,
            new Dictionary<string, string> { ["Accept-Language"] = "id" })).ShouldBeProblem(400);
        Assert.Contains("alamat", invalid.Errors!["email"]![0]!.GetValue<string>());
        Assert.Contains("Kemendagri", invalid.Errors!["district"]![0]!.GetValue<string>());

        var account = await Api.CreatedAccount("analyst");
        var tokens = await Api.SignedIn(account);
        (await Api.Post($"/api/accounts/{account.Id}/disable", null, Tokens.Admin)).ShouldBe(200);
        var revoked = (await Api.Get("/api/account/me", tokens.AccessToken)).ShouldBeProblem(401);
        Assert.Equal("token-revoked", revoked.Body!["code"]!.GetValue<string>());
        Assert.Equal("token-invalid", (await Api.Get("/api/account/me", "CfDJ8garbage")).ShouldBeProblem(401).Body!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task five_wrong_passwords_lock_the_account_for_fifteen_minutes_then_it_opens_again()
    {
        var account = await Api.CreatedAccount("coordinator");
        for (var i = 0; i < 5; i++) (await Api.Login(account.Email, $"wrong-password-{i:D4}")).ShouldBeProblem(401);

        (await Api.Login(account.Email, account.Password)).ShouldBeProblem(401);
        var locked = await LockoutEnd(account.Id);
        Assert.InRange(locked!.Value - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15));
        var listed = (await Api.Get("/api/accounts?limit=1000", Tokens.Admin)).ShouldBe(200).Body!.AsArray()
            .Single(a => a!["id"]!.GetValue<string>() == account.Id.ToString())!;
        Assert.NotNull(listed["lockedOutUntil"]);

        // Fifteen minutes later (the lockout's end moved into the past, as the clock would):
        await WithAccount(account.Id, (users, found) => users.SetLockoutEndDateAsync(found, DateTimeOffset.UtcNow.AddSeconds(-1)));
        await Api.SignedIn(account);
    }

    [Fact]
    public async Task every_refused_sign_in_costs_one_password_hash_locked_unknown_and_disabled_alike()
    {
        var account = await Api.AccountInUse("coordinator");
        var disabled = await Api.AccountInUse("analyst");
        (await Api.Post($"/api/accounts/{disabled.Id}/disable", null, Tokens.Admin)).ShouldBe(200);

        async Task<int> HashesFor(string email, string password)
        {
            var before = Fixture.Passwords.Verified;
            (await Api.Login(email, password)).ShouldBeProblem(401);
            return Fixture.Passwords.Verified - before;
        }

        Assert.Equal(1, await HashesFor(account.Email, "wrong-password-0000"));
        Assert.Equal(1, await HashesFor(AccountScenarios.NewEmail("nobody"), "wrong-password-0000"));
        Assert.Equal(1, await HashesFor("", "wrong-password-0000"));
        Assert.Equal(1, await HashesFor(disabled.Email, disabled.Password));
        for (var i = 1; i < 5; i++) await HashesFor(account.Email, $"wrong-password-{i:D4}");
        Assert.True(await LockoutEnd(account.Id) > DateTimeOffset.UtcNow);
        Assert.Equal(1, await HashesFor(account.Email, "wrong-password-0005"));
        Assert.Equal(1, await HashesFor(account.Email, account.Password));
    }

    [Fact]
    public async Task a_disabled_account_stops_working_at_once_tokens_and_refresh_included_and_works_again_when_enabled()
    {
        var account = await Api.CreatedAccount("district", "61.05");
        var tokens = await Api.SignedIn(account);
        (await Api.Get("/api/account/me", tokens.AccessToken)).ShouldBe(200);

        var disabled = (await Api.Post($"/api/accounts/{account.Id}/disable", null, Tokens.Admin)).ShouldBe(200).Body!;
        Assert.False(disabled["enabled"]!.GetValue<bool>());

        (await Api.Get("/api/account/me", tokens.AccessToken)).ShouldBe(401);
        (await Api.Post("/api/districts/61.05/personnel", Person(), tokens.AccessToken)).ShouldBe(401);
        (await Api.Refresh(tokens.RefreshToken)).ShouldBeProblem(401);
        (await Api.Login(account.Email, account.Password)).ShouldBeProblem(401);

        (await Api.Post($"/api/accounts/{account.Id}/enable", null, Tokens.Admin)).ShouldBe(200);
        var again = await Api.SignedIn(account);
        (await Api.Get("/api/account/me", again.AccessToken)).ShouldBe(200);
        (await Api.Get("/api/account/me", tokens.AccessToken)).ShouldBe(401);
    }

    [Fact]
    public async Task signing_out_ends_that_sessions_tokens_refreshed_ones_included_and_no_other_session()
    {
        var account = await Api.CreatedAccount("district", "61.05");
        var laptop = await Api.SignedIn(account);
        var phone = await Api.SignedIn(account);
        var refreshed = (await Api.Refresh(laptop.RefreshToken)).ShouldBe(200).Body!;

        Assert.True((await Api.Post("/api/account/sign-out", null, laptop.AccessToken)).ShouldBe(200).Body!["sessionEnded"]!.GetValue<bool>());

        (await Api.Get("/api/account/me", laptop.AccessToken)).ShouldBeProblem(401);
        (await Api.Refresh(laptop.RefreshToken)).ShouldBeProblem(401);
        // a refresh goes on with its session: its tokens end with it
        (await Api.Get("/api/account/me", refreshed["accessToken"]!.GetValue<string>())).ShouldBeProblem(401);
        (await Api.Refresh(refreshed["refreshToken"]!.GetValue<string>())).ShouldBeProblem(401);
        (await Api.Get("/api/account/me", phone.AccessToken)).ShouldBe(200);
        (await Api.Refresh(phone.RefreshToken)).ShouldBe(200);
        // signing in again starts a new session; a Development token has none to end
        (await Api.Get("/api/account/me", (await Api.SignedIn(account)).AccessToken)).ShouldBe(200);
        Assert.False((await Api.Post("/api/account/sign-out", null, Tokens.Coordinator)).ShouldBe(200).Body!["sessionEnded"]!.GetValue<bool>());
        (await Api.Get("/api/account/me", Tokens.Coordinator)).ShouldBe(200);
    }

    [Fact]
    public async Task a_refresh_replaces_the_refresh_token_and_the_replaced_one_sent_again_at_once_gets_a_working_pair()
    {
        var account = await Api.AccountInUse("district", "61.05");
        var signedIn = await Api.SignedIn(account);
        var refreshed = AccountScenarios.TokensIn((await Api.Refresh(signedIn.RefreshToken)).ShouldBe(200).Body!);
        Assert.NotEqual(signedIn.RefreshToken, refreshed.RefreshToken);

        // the answer was lost on a bad connection: the same token again, within the grace window
        var retried = AccountScenarios.TokensIn((await Api.Refresh(signedIn.RefreshToken)).ShouldBe(200).Body!);
        (await Api.Get("/api/account/me", retried.AccessToken)).ShouldBe(200);
        (await Api.Get("/api/account/me", refreshed.AccessToken)).ShouldBe(200);
        var next = AccountScenarios.TokensIn((await Api.Refresh(retried.RefreshToken)).ShouldBe(200).Body!);
        (await Api.Get("/api/account/me", next.AccessToken)).ShouldBe(200);

        // two tabs of one session refreshing at the same moment both go on
        var both = await Task.WhenAll(Api.Refresh(next.RefreshToken), Api.Refresh(next.RefreshToken));
        Assert.All(both, answer => answer.ShouldBe(200));
    }

    [Fact]
    public async Task a_replaced_refresh_token_that_comes_back_later_ends_its_whole_session_and_is_logged_as_a_warning()
    {
        var account = await Api.AccountInUse("district", "61.05");
        var laptop = await Api.SignedIn(account);
        var phone = await Api.SignedIn(account);
        var first = AccountScenarios.TokensIn((await Api.Refresh(laptop.RefreshToken)).ShouldBe(200).Body!);
        var second = AccountScenarios.TokensIn((await Api.Refresh(first.RefreshToken)).ShouldBe(200).Body!);

        // someone who copied the sign-in's refresh token tries it after the session has moved on twice
        var refused = (await Api.Refresh(laptop.RefreshToken)).ShouldBeProblem(401);
        Assert.Equal("refresh-refused", refused.Body!["code"]!.GetValue<string>());
        (await Api.Get("/api/account/me", second.AccessToken)).ShouldBeProblem(401);
        (await Api.Refresh(second.RefreshToken)).ShouldBeProblem(401);
        (await Api.Refresh(first.RefreshToken)).ShouldBeProblem(401);

        (await Api.Get("/api/account/me", phone.AccessToken)).ShouldBe(200);
        (await Api.Refresh(phone.RefreshToken)).ShouldBe(200);
        Assert.Contains(Fixture.Logs.Lines, line => line.StartsWith("Warning") && line.Contains(account.Id.ToString()) &&
                                                    line.Contains("presented again after the grace window"));
        await using var query = Store.QuerySession();
        var reused = await query.Events.QueryAllRawEvents().Where(e => e.EventTypesAre(typeof(RefreshTokenReused))).ToListAsync();
        var ended = Assert.Single(reused, e => ((RefreshTokenReused)e.Data).AccountId == account.Id);
        Assert.Equal(account.Id.ToString(), ended.UserName);
        (await Api.Get("/api/account/me", (await Api.SignedIn(account)).AccessToken)).ShouldBe(200);
    }

    [Fact]
    public async Task an_open_event_stream_ends_when_its_account_is_disabled()
    {
        var account = await Api.AccountInUse("district", "61.05");
        var tokens = await Api.SignedIn(account);
        using var client = Host.Server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/events/stream");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", tokens.AccessToken);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal(200, (int)response.StatusCode);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        Assert.Equal("event: ready", await reader.ReadLineAsync(timeout.Token));

        (await Api.Post($"/api/accounts/{account.Id}/disable", null, Tokens.Admin)).ShouldBe(200);
        // the stream ends (the desk then reconnects and is refused) instead of carrying the district's notices on
        while (await reader.ReadLineAsync(timeout.Token) is { } line) Assert.DoesNotContain("notice", line);
        Assert.False(timeout.IsCancellationRequested);
    }

    [Fact]
    public async Task a_changed_role_or_district_ends_the_tokens_issued_before()
    {
        var account = await Api.AccountInUse("district", "61.05");
        var tokens = await Api.SignedIn(account);

        var moved = (await Api.Put($"/api/accounts/{account.Id}", new { name = "Budi Santoso", role = "district", district = "61.10" }, Tokens.Admin))
            .ShouldBe(200).Body!;
        Assert.Equal("61.10", moved["district"]!.GetValue<string>());
        (await Api.Post("/api/districts/61.05/personnel", Person(), tokens.AccessToken)).ShouldBe(401);
        (await Api.Refresh(tokens.RefreshToken)).ShouldBeProblem(401);

        var melawi = await Api.SignedIn(account);
        (await Api.Post("/api/districts/61.10/personnel", Person(), melawi.AccessToken)).ShouldBe(201);
        (await Api.Post("/api/districts/61.05/personnel", Person(), melawi.AccessToken)).ShouldBeProblem(403);

        (await Api.Put($"/api/accounts/{account.Id}", new { name = "Budi Santoso", role = "analyst" }, Tokens.Admin)).ShouldBe(200);
        (await Api.Post("/api/districts/61.10/personnel", Person(), melawi.AccessToken)).ShouldBe(401);
        var analyst = await Api.SignedIn(account);
        (await Api.Post("/api/districts/61.10/personnel", Person(), analyst.AccessToken)).ShouldBeProblem(403);
        (await Api.Get("/api/readiness", analyst.AccessToken)).ShouldBe(200);
    }

    [Fact]
    public async Task a_renamed_account_keeps_its_sessions()
    {
        var account = await Api.CreatedAccount("coordinator");
        var tokens = await Api.SignedIn(account);
        (await Api.Put($"/api/accounts/{account.Id}", new { name = "Ani Rahmawati", role = "coordinator" }, Tokens.Admin)).ShouldBe(200);
        (await Api.Get("/api/account/me", tokens.AccessToken)).ShouldBe(200);
    }

    [Fact]
    public async Task a_password_change_ends_the_other_sessions_and_gives_this_one_new_tokens()
    {
        var account = await Api.CreatedAccount("coordinator");
        var phone = await Api.SignedIn(account);
        var laptop = await Api.SignedIn(account);
        const string chosen = "banjir-sintang-2021";

        Assert.NotNull((await Api.Post("/api/account/password", new { current = "not-my-password", @new = chosen }, laptop.AccessToken))
            .ShouldBeProblem(400).Errors!["current"]);
        Assert.NotNull((await Api.Post("/api/account/password", new { current = account.Password, @new = "short" }, laptop.AccessToken))
            .ShouldBeProblem(400).Errors!["new"]);

        var renewed = AccountScenarios.TokensIn((await Api.Post("/api/account/password", new { current = account.Password, @new = chosen },
            laptop.AccessToken)).ShouldBe(200).Body!);

        (await Api.Refresh(phone.RefreshToken)).ShouldBeProblem(401);
        (await Api.Get("/api/account/me", phone.AccessToken)).ShouldBe(401);
        (await Api.Get("/api/account/me", renewed.AccessToken)).ShouldBe(200);
        (await Api.Refresh(renewed.RefreshToken)).ShouldBe(200);
        (await Api.Login(account.Email, account.Password)).ShouldBeProblem(401);
        await Api.SignedIn(account, chosen);
    }

    [Fact]
    public async Task a_session_cannot_guess_the_current_password_five_wrong_ones_lock_the_account_as_sign_ins_do()
    {
        var account = await Api.CreatedAccount("district", "61.05");
        var taken = await Api.SignedIn(account);
        for (var i = 0; i < 4; i++)
            Assert.Equal("password-wrong", (await Api.Post("/api/account/password", new { current = $"tebakan-ke-{i:D4}", @new = "kata-sandi-pilihan-saya" },
                taken.AccessToken)).ShouldBeProblem(400).Body!["code"]!.GetValue<string>());

        var fifth = (await Api.Post("/api/account/password", new { current = "tebakan-ke-0005", @new = "kata-sandi-pilihan-saya" }, taken.AccessToken,
            new Dictionary<string, string> { ["Accept-Language"] = "id" })).ShouldBeProblem(429);
        Assert.Equal("account-locked", fifth.Body!["code"]!.GetValue<string>());
        Assert.Contains("dikunci sampai", fifth.Detail);
        Assert.Contains("WIB", fifth.Detail);

        // the right password is no longer checked either, nor can it sign in, until the lock ends
        var right = await Api.Post("/api/account/password", new { current = account.Password, @new = "kata-sandi-pilihan-saya" }, taken.AccessToken);
        right.ShouldBeProblem(429);
        Assert.InRange(int.Parse(right.Headers["Retry-After"]!), 14 * 60, 15 * 60);
        (await Api.Login(account.Email, account.Password)).ShouldBeProblem(401);
        (await Api.Login(account.Email, "kata-sandi-pilihan-saya")).ShouldBeProblem(401);
    }

    [Theory]
    [InlineData("aaaaaaaaaaaa")]
    [InlineData("121212121212")]
    [InlineData("123456789012")]
    [InlineData("qwertyuiopas")]
    [InlineData("password2026")]
    [InlineData("katasandi123")]
    public async Task a_new_password_long_enough_but_guessed_first_is_refused_beside_its_field(string guessed)
    {
        var account = await Api.CreatedAccount("district", "61.05", AccountScenarios.NewEmail("budi.santoso"));
        var tokens = await Api.SignedIn(account);
        var chosen = guessed.Replace("{local}", account.Email.Split('@')[0]);

        var refused = (await Api.Post("/api/account/password", new { current = account.Password, @new = chosen }, tokens.AccessToken,
            new Dictionary<string, string> { ["Accept-Language"] = "id" })).ShouldBeProblem(400);
        Assert.Equal("password-too-weak", refused.Body!["errorCodes"]!["new"]![0]!.GetValue<string>());
        Assert.Contains("mudah ditebak", refused.Errors!["new"]![0]!.GetValue<string>());
        (await Api.Get("/api/account/me", tokens.AccessToken)).ShouldBe(200);
        await Api.SignedIn(account);
    }

    [Theory]
    [InlineData("{local}-2026", "id", "memuat email Anda atau nama sebelum tanda @")]
    [InlineData("posko {local} sintang 26", "id", "memuat email Anda atau nama sebelum tanda @")]
    [InlineData("Posko {email} 26", "en", "holds your email or the name before its @")]
    public async Task a_new_password_holding_the_accounts_email_or_its_name_is_refused_saying_so(string guessed, string language, string said)
    {
        var account = await Api.CreatedAccount("district", "61.05", AccountScenarios.NewEmail("budi.santoso"));
        var tokens = await Api.SignedIn(account);
        var chosen = guessed.Replace("{local}", account.Email.Split('@')[0]).Replace("{email}", account.Email.ToUpperInvariant());

        var refused = (await Api.Post("/api/account/password", new { current = account.Password, @new = chosen }, tokens.AccessToken,
            new Dictionary<string, string> { ["Accept-Language"] = language })).ShouldBeProblem(400);
        Assert.Equal("password-holds-email", refused.Body!["errorCodes"]!["new"]![0]!.GetValue<string>());
        Assert.Contains(said, refused.Errors!["new"]![0]!.GetValue<string>());
        // nothing changed: the one-time password still signs in, and still has to be replaced
        (await Api.Get("/api/account/me", tokens.AccessToken)).ShouldBe(200);
        await Api.SignedIn(account);
    }

    [Fact]
    public async Task an_administrator_cannot_take_the_admin_role_from_their_own_account_but_may_rename_it()
    {
        var admin = await Api.AccountInUse("admin");
        var tokens = await Api.SignedIn(admin);

        var refused = (await Api.Put($"/api/accounts/{admin.Id}", new { name = "Admin Provinsi", role = "coordinator" }, tokens.AccessToken,
            new Dictionary<string, string> { ["Accept-Language"] = "id" })).ShouldBeProblem(409);
        Assert.Equal("account-demote-self", refused.Body!["code"]!.GetValue<string>());
        Assert.Contains("Administrator lain", refused.Detail);
        (await Api.Put($"/api/accounts/{admin.Id}", new { name = "Admin Provinsi", role = "district", district = "61.05" }, tokens.AccessToken))
            .ShouldBeProblem(409);
        (await Api.Get("/api/accounts", tokens.AccessToken)).ShouldBe(200);

        (await Api.Put($"/api/accounts/{admin.Id}", new { name = "Admin Dinsos Provinsi", role = "admin" }, tokens.AccessToken)).ShouldBe(200);
        (await Api.Put($"/api/accounts/{admin.Id}", new { name = "Admin Dinsos Provinsi", role = "coordinator" }, Tokens.Admin)).ShouldBe(200);
    }

    [Fact]
    public async Task a_one_time_password_cannot_be_kept_by_changing_it_to_itself()
    {
        var account = await Api.CreatedAccount("coordinator");
        var oneTime = await Api.SignedIn(account);

        var refused = (await Api.Post("/api/account/password", new { current = account.Password, @new = account.Password }, oneTime.AccessToken,
            new Dictionary<string, string> { ["Accept-Language"] = "id" })).ShouldBeProblem(400);
        Assert.Equal("password-unchanged", refused.Body!["errorCodes"]!["new"]![0]!.GetValue<string>());
        Assert.Equal("Kata sandi baru harus berbeda dari kata sandi saat ini.", refused.Errors!["new"]![0]!.GetValue<string>());
        (await Api.Get("/api/readiness", oneTime.AccessToken)).ShouldBeProblem(403);
        Assert.True((await Api.Get("/api/account/me", oneTime.AccessToken)).ShouldBe(200).Body!["mustChangePassword"]!.GetValue<bool>());
    }

    [Fact]
    public async Task a_password_reset_by_the_administrator_opens_a_locked_account_at_once()
    {
        var account = await Api.AccountInUse("district", "61.10");
        for (var i = 0; i < 5; i++) (await Api.Login(account.Email, $"lupa-kata-sandi-{i:D4}")).ShouldBeProblem(401);
        (await Api.Login(account.Email, account.Password)).ShouldBeProblem(401);

        var reset = (await Api.Post($"/api/accounts/{account.Id}/reset-password", null, Tokens.Admin)).ShouldBe(200).Body!["initialPassword"]!
            .GetValue<string>();
        var listed = (await Api.Get("/api/accounts?limit=1000", Tokens.Admin)).ShouldBe(200).Body!.AsArray()
            .Single(a => a!["id"]!.GetValue<string>() == account.Id.ToString())!;
        Assert.Null(listed["lockedOutUntil"]?.GetValue<DateTimeOffset?>());
        await Api.SignedIn(account, reset);
    }

    [Fact]
    public async Task a_refresh_gives_new_tokens_that_work_and_garbage_gets_401()
    {
        var account = await Api.AccountInUse("analyst");
        var tokens = await Api.SignedIn(account);
        var renewed = AccountScenarios.TokensIn((await Api.Refresh(tokens.RefreshToken)).ShouldBe(200).Body!);
        (await Api.Get("/api/readiness", renewed.AccessToken)).ShouldBe(200);

        (await Api.Refresh("not-a-refresh-token")).ShouldBeProblem(401);
        (await Api.Refresh(tokens.AccessToken)).ShouldBeProblem(401);
        (await Api.Get("/api/account/me", "CfDJ8garbage")).ShouldBe(401);
    }

    [Fact]
    public async Task a_development_token_has_no_password_to_change_but_says_who_it_is()
    {
        var me = (await Api.Get("/api/account/me", Tokens.District("61.05", "budi"))).ShouldBe(200).Body!;
        Assert.Equal("budi", me["id"]!.GetValue<string>());
        (await Api.Post("/api/account/password", new { current = "whatever-it-is", @new = "something-longer-than-12" },
            Tokens.Coordinator)).ShouldBeProblem(409);
    }

    [Fact]
    public async Task the_administrator_alone_manages_accounts()
    {
        var account = await Api.CreatedAccount("analyst");
        foreach (var token in new[] { Tokens.Coordinator, Tokens.District("61.05"), Tokens.Analyst })
        {
            (await Api.Get("/api/accounts", token)).ShouldBeProblem(403);
            (await Api.Post("/api/accounts", new { email = AccountScenarios.NewEmail(), name = "X", role = "analyst" }, token)).ShouldBeProblem(403);
            (await Api.Post($"/api/accounts/{account.Id}/disable", null, token)).ShouldBeProblem(403);
            (await Api.Get($"/api/accounts/{account.Id}/history", token)).ShouldBeProblem(403);
        }

        (await Api.Get("/api/accounts")).ShouldBe(401);
        (await Api.Post($"/api/accounts/{Guid.NewGuid()}/disable", null, Tokens.Admin)).ShouldBeProblem(404);
        (await Api.Post($"/api/accounts/{Guid.NewGuid()}/reset-password", null, Tokens.Admin)).ShouldBeProblem(404);
    }

    [Fact]
    public async Task an_account_must_have_a_valid_email_role_and_district_and_a_unique_email()
    {
        var email = AccountScenarios.NewEmail();
        var invalid = (await Api.Post("/api/accounts", new { email = "not an email", name = "", role = "district" }, Tokens.Admin))
            .ShouldBeProblem(400).Errors!;
        Assert.NotNull(invalid["email"]);
        Assert.NotNull(invalid["name"]);
        Assert.NotNull(invalid["district"]);
        (await Api.Post("/api/accounts", new { email, name = "Ani", role = "coordinator", district = "61.05" }, Tokens.Admin))
            .ShouldBeProblem(400);
        var role = (await Api.Post("/api/accounts", new { email, name = "Ani", role = "governor" }, Tokens.Admin)).ShouldBeProblem(400).Errors!;
        Assert.Equal("Role must be one of coordinator, district, analyst, admin.", role["role"]![0]!.GetValue<string>());
        (await Api.Post("/api/accounts", new { email, name = "Ani", role = "district", district = "62.01" }, Tokens.Admin)).ShouldBeProblem(400);

        await Api.CreatedAccount("coordinator", email: email);
        (await Api.Post("/api/accounts", new { email, name = "Ani again", role = "analyst" }, Tokens.Admin)).ShouldBeProblem(409);
    }

    [Fact]
    public async Task an_account_sent_again_under_its_id_is_a_409_that_says_so_and_an_id_another_stream_holds_is_refused()
    {
        var id = Guid.CreateVersion7();
        var email = AccountScenarios.NewEmail();
        var body = new { id, email, name = "Ani", role = "analyst" };
        (await Api.Post("/api/accounts", body, Tokens.Admin)).ShouldBe(201);

        // the desk sends a new account again under its id when the answer was lost: its one-time password is not shown twice
        var again = (await Api.Post("/api/accounts", body, Tokens.Admin, new Dictionary<string, string> { ["Accept-Language"] = "id" }))
            .ShouldBeProblem(409);
        Assert.Equal("account-already-created", again.Body!["code"]!.GetValue<string>());
        Assert.Contains("Atur ulang kata sandinya", again.Detail);
        foreach (var other in new object[]
                 {
                     new { id, email, name = "Ani Lain", role = "analyst" },
                     new { id, email = AccountScenarios.NewEmail(), name = "Ani", role = "analyst" }
                 })
            Assert.Equal("id-names-another-resource",
                (await Api.Post("/api/accounts", other, Tokens.Admin)).ShouldBeProblem(409).Body!["code"]!.GetValue<string>());

        // an incident's id is no account's: the account's audit was appended to the incident's stream
        var incident = await Api.ReportedIncident("61.05");
        var taken = (await Api.Post("/api/accounts", new { id = incident, email = AccountScenarios.NewEmail(), name = "Budi", role = "analyst" },
            Tokens.Admin)).ShouldBeProblem(409);
        Assert.Equal("id-names-another-resource", taken.Body!["code"]!.GetValue<string>());
        await using var session = Store.QuerySession();
        Assert.Single(await session.Events.FetchStreamAsync(incident));
        (await Api.Get($"/api/incidents/{incident}", Tokens.Admin)).ShouldBe(200);
    }

    [Fact]
    public async Task a_nul_in_the_email_of_a_sign_in_is_a_400_naming_the_email()
    {
        var answer = (await Api.Post("/api/account/login", new { email = "ani\u0000@dinsos.kalbarprov.go.id", password = "salah-sekali-123" }))
            .ShouldBeProblem(400);
        Assert.Equal(["email"], answer.Errors!.Select(e => e.Key));
        Assert.Equal("field-control-character", answer.Body!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task a_development_sign_in_with_a_body_it_cannot_read_names_the_field()
    {
        var wrongType = (await Api.Post("/api/dev/sign-in-as", """{"role": 5}""")).ShouldBeProblem(400);
        Assert.Equal(["role"], wrongType.Errors!.Select(e => e.Key));
        Assert.Equal("invalid-text", wrongType.Body!["code"]!.GetValue<string>());
        var unknown = (await Api.Post("/api/dev/sign-in-as", """{"role": "analyst", "sub": "x"}""")).ShouldBeProblem(400);
        Assert.Equal(["sub"], unknown.Errors!.Select(e => e.Key));
        Assert.Equal("invalid-json", (await Api.Post("/api/dev/sign-in-as", "{")).ShouldBeProblem(400).Body!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task a_body_of_null_on_an_account_change_is_a_400_not_a_server_error()
    {
        var account = await Api.CreatedAccount("analyst");
        var answer = (await Api.Send(HttpMethod.Put, $"/api/accounts/{account.Id}", " null ", Tokens.Admin)).ShouldBeProblem(400);
        Assert.Equal("body-null", answer.Body!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task a_reset_password_replaces_the_old_one_and_ends_the_sessions()
    {
        var account = await Api.CreatedAccount("coordinator");
        var tokens = await Api.SignedIn(account);
        var reset = (await Api.Post($"/api/accounts/{account.Id}/reset-password", null, Tokens.Admin)).ShouldBe(200).Body!;
        var password = reset["initialPassword"]!.GetValue<string>();

        Assert.NotEqual(account.Password, password);
        (await Api.Get("/api/account/me", tokens.AccessToken)).ShouldBe(401);
        (await Api.Login(account.Email, account.Password)).ShouldBeProblem(401);
        await Api.SignedIn(account, password);
    }

    [Fact]
    public async Task every_change_is_an_audit_event_saying_who_and_when_and_no_password_or_hash_appears_anywhere()
    {
        var account = await Api.CreatedAccount("district", "61.05");
        var tokens = await Api.SignedIn(account);
        const string chosen = "sungai-kapuas-meluap";
        await Api.Post("/api/account/password", new { current = account.Password, @new = chosen }, tokens.AccessToken);
        (await Api.Put($"/api/accounts/{account.Id}", new { name = "Budi", role = "district", district = "61.10" }, Tokens.Admin)).ShouldBe(200);
        (await Api.Post($"/api/accounts/{account.Id}/disable", null, Tokens.Admin)).ShouldBe(200);
        (await Api.Post($"/api/accounts/{account.Id}/enable", null, Tokens.Admin)).ShouldBe(200);
        var reset = (await Api.Post($"/api/accounts/{account.Id}/reset-password", null, Tokens.Admin)).ShouldBe(200);

        var history = (await Api.Get($"/api/accounts/{account.Id}/history", Tokens.Admin)).ShouldBe(200);
        var entries = history.Body!.AsArray();
        Assert.Equal(["account-created", "account-password-changed", "account-changed", "account-disabled", "account-enabled", "account-password-reset"],
            entries.Select(e => e!["type"]!.GetValue<string>()));
        Assert.Equal("root-admin", entries[0]!["actor"]!.GetValue<string>());
        Assert.Equal(account.Id.ToString(), entries[1]!["actor"]!.GetValue<string>());
        Assert.All(entries, e => Assert.True(e!["at"]!.GetValue<DateTimeOffset>() > DateTimeOffset.UtcNow.AddMinutes(-5)));

        var hash = await WithAccount(account.Id, (_, found) => Task.FromResult(found.PasswordHash!));
        var stamp = await WithAccount(account.Id, (_, found) => Task.FromResult(found.SecurityStamp!));
        string[] secrets = [account.Password, chosen, reset.Body!["initialPassword"]!.GetValue<string>(), hash, stamp];

        await using var session = Store.QuerySession();
        var stored = await session.Events.FetchStreamAsync(account.Id);
        var storedJson = System.Text.Json.JsonSerializer.Serialize(stored.Select(e => e.Data));
        var listed = (await Api.Get("/api/accounts?limit=1000", Tokens.Admin)).Text;
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, storedJson);
            Assert.DoesNotContain(secret, history.Text);
            Assert.DoesNotContain(secret, listed);
            Assert.DoesNotContain(Fixture.Logs.Lines, line => line.Contains(secret));
        }

        Assert.DoesNotContain("passwordHash", listed, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("securityStamp", listed, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task an_answer_carrying_a_password_is_never_stored_for_an_idempotency_key()
    {
        var key = new Dictionary<string, string> { ["Idempotency-Key"] = $"create-{Guid.NewGuid():N}" };
        var email = AccountScenarios.NewEmail();
        var first = (await Api.Post("/api/accounts", new { email, name = "Ani", role = "analyst" }, Tokens.Admin, key)).ShouldBe(201);
        var reset = (await Api.Post($"/api/accounts/{first.Id}/reset-password", null, Tokens.Admin, key)).ShouldBe(200);

        await using var session = Store.QuerySession();
        var stored = await Marten.QueryableExtensions.ToListAsync(session.Query<Coordination.Infrastructure.Http.IdempotencyRecord>());
        Assert.DoesNotContain(stored, r => r.Body.Contains(first.Body!["initialPassword"]!.GetValue<string>()) ||
                                           r.Body.Contains(reset.Body!["initialPassword"]!.GetValue<string>()));
        Assert.DoesNotContain(stored, r => r.Id.EndsWith(key["Idempotency-Key"]));
    }

    [Fact]
    public async Task tokens_from_signing_in_are_never_stored_for_an_idempotency_key_even_when_the_caller_sends_a_token()
    {
        var key = new Dictionary<string, string> { ["Idempotency-Key"] = $"login-{Guid.NewGuid():N}" };
        var account = await Api.CreatedAccount("analyst");
        var login = (await Api.Post("/api/account/login", new { email = account.Email, password = account.Password }, Tokens.Analyst, key)).ShouldBe(200);
        var refreshed = (await Api.Post("/api/account/refresh", new { refreshToken = login.Body!["refreshToken"]!.GetValue<string>() }, Tokens.Analyst, key))
            .ShouldBe(200);
        Assert.False(refreshed.Headers.ContainsKey("Idempotent-Replayed"));

        await using var session = Store.QuerySession();
        var stored = await Marten.QueryableExtensions.ToListAsync(session.Query<Coordination.Infrastructure.Http.IdempotencyRecord>());
        Assert.DoesNotContain(stored, r => r.Id.EndsWith(key["Idempotency-Key"]));
    }

    [Fact]
    public async Task a_thousand_wrong_passwords_over_many_accounts_get_no_5xx_and_every_lockout_holds()
    {
        var accounts = new List<TestAccount>();
        for (var i = 0; i < 20; i++) accounts.Add(await Api.CreatedAccount(i % 2 == 0 ? "coordinator" : "analyst"));

        var attempts = Enumerable.Range(0, 1000).Select(i => (account: accounts[i % accounts.Count], password: $"guess-{i:D6}-kalbar")).ToList();
        var statuses = new System.Collections.Concurrent.ConcurrentBag<int>();
        // every attempt costs a password hash, locked accounts too: the thousand take a while on a busy machine
        var began = DateTimeOffset.UtcNow;
        await Parallel.ForEachAsync(attempts, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (attempt, _) =>
            statuses.Add((await Api.Login(attempt.account.Email, attempt.password)).Status));

        Assert.Equal(1000, statuses.Count);
        Assert.All(statuses, status => Assert.Equal(401, status));
        foreach (var account in accounts)
        {
            (await Api.Login(account.Email, account.Password)).ShouldBeProblem(401);
            Assert.True(await LockoutEnd(account.Id) > began.AddMinutes(14));
        }
    }

    [Fact]
    public async Task a_token_works_on_another_node_and_stops_there_within_its_check_interval_once_the_account_is_disabled()
    {
        await using var other = await AlbaHost.For<Program>(builder =>
        {
            builder.UseSetting("ConnectionStrings:Marten", Fixture.ConnectionString);
            builder.UseSetting("Projections:DaemonMode", "Solo");
            builder.UseSetting("Accounts:CheckEvery", "00:00:01");
            builder.ConfigureServices(services => services.RunWolverineInSoloMode());
        });
        var otherApi = new Api(other);
        var account = await Api.CreatedAccount("coordinator");
        var tokens = await Api.SignedIn(account);
        (await otherApi.Get("/api/account/me", tokens.AccessToken)).ShouldBe(200);
        (await otherApi.Refresh(tokens.RefreshToken)).ShouldBe(200);

        (await Api.Post($"/api/accounts/{account.Id}/disable", null, Tokens.Admin)).ShouldBe(200);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while ((await otherApi.Get("/api/account/me", tokens.AccessToken)).Status == 200)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), "the other node still accepted the token after 10 s");
            await Task.Delay(100);
        }

        (await otherApi.Get("/api/account/me", tokens.AccessToken)).ShouldBe(401);
    }

    /// <summary>
    /// This node has read the account (its answer is good for 30 s); the password is then changed on another node. The tokens
    /// that change gives work here at once, where this node's answer predates them (it waited out Accounts:CheckEvery); having
    /// read the account again for them, this node refuses the token they replaced at once too.
    /// </summary>
    [Fact]
    public async Task tokens_issued_on_another_node_after_this_one_read_the_account_work_here_at_once()
    {
        await using var other = await AlbaHost.For<Program>(builder =>
        {
            builder.UseSetting("ConnectionStrings:Marten", Fixture.ConnectionString);
            builder.UseSetting("Projections:DaemonMode", "Solo");
            builder.ConfigureServices(services => services.RunWolverineInSoloMode());
        });
        var account = await Api.AccountInUse("coordinator");
        var before = await Api.SignedIn(account);
        (await Api.Get("/api/account/me", before.AccessToken)).ShouldBe(200);

        var chosen = $"sandi-baru-{Guid.NewGuid():N}";
        var after = AccountScenarios.TokensIn((await new Api(other).Post("/api/account/password",
            new { current = account.Password, @new = chosen }, before.AccessToken)).ShouldBe(200).Body!);

        (await Api.Get("/api/account/me", after.AccessToken)).ShouldBe(200);
        (await Api.Refresh(after.RefreshToken)).ShouldBe(200);
        (await Api.Get("/api/account/me", before.AccessToken)).ShouldBeProblem(401);
    }

    [Fact]
    public async Task the_demo_accounts_sign_in_with_the_passwords_it_prints_and_a_second_run_gives_new_ones()
    {
        await using var scope = Host.Services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<AccountChanges>();
        var first = await Coordination.Demo.DemoAccounts.CreateAsync(accounts, CancellationToken.None);
        var second = await Coordination.Demo.DemoAccounts.CreateAsync(accounts, CancellationToken.None);
        Assert.Equal(5, second.Count);

        foreach (var (old, line) in first.Zip(second))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var tokens = AccountScenarios.TokensIn((await Api.Login(parts[0], parts[1])).ShouldBe(200).Body!);
            var me = (await Api.Get("/api/account/me", tokens.AccessToken)).ShouldBe(200).Body!;
            Assert.Equal(parts[2], me["role"]!.GetValue<string>());
            (await Api.Login(parts[0], old.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1])).ShouldBeProblem(401);
        }

        Assert.Contains(second, line => line.Contains("sintang@") && line.Contains("61.05"));
        Assert.Contains(second, line => line.Contains("melawi@") && line.Contains("61.10"));
    }

    private async Task<DateTimeOffset?> LockoutEnd(Guid id) => await WithAccount(id, (_, found) => Task.FromResult(found.LockoutEnd));

    private async Task<T> WithAccount<T>(Guid id, Func<UserManager<Account>, Account, Task<T>> use)
    {
        await using var scope = Host.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<Account>>();
        return await use(users, (await users.FindByIdAsync(id.ToString()))!);
    }
}
