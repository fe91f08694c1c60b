using System.Security.Cryptography;
using Alba;
using Coordination.Infrastructure.Auth;
using Coordination.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Hosting;

namespace Coordination.Tests.Reliability;

public class SecurityTests(AppFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public async Task api_answers_carry_standard_security_headers()
    {
        var answer = await Api.Get("/api/districts", Tokens.Analyst);
        Assert.Equal("nosniff", answer.Headers["X-Content-Type-Options"]);
        Assert.Equal("DENY", answer.Headers["X-Frame-Options"]);
        Assert.Equal("no-referrer", answer.Headers["Referrer-Policy"]);
        Assert.Equal("no-store", answer.Headers["Cache-Control"]);
        Assert.Contains("default-src 'none'", answer.Headers["Content-Security-Policy"]);
        Assert.Equal("nosniff", (await Api.Get("/api/districts")).Headers["X-Content-Type-Options"]);
    }

    [Fact]
    public void production_refuses_the_development_signing_key()
    {
        var production = new FakeEnvironment("Production");
        Assert.Contains("Development signing key", AuthSetup.Problem(new AuthOptions { SigningKey = Tokens.DevelopmentKey }, production)?.ToString());
        Assert.Null(AuthSetup.Problem(new AuthOptions { SigningKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) }, production));
        Assert.Null(AuthSetup.Problem(new AuthOptions { SigningKey = Convert.ToHexString(RandomNumberGenerator.GetBytes(32)) }, production));
        Assert.Null(AuthSetup.Problem(new AuthOptions { SigningKey = Tokens.DevelopmentKey }, new FakeEnvironment("Development")));
        Assert.Contains("at least 32 characters", AuthSetup.Problem(new AuthOptions { SigningKey = "short" }, production)?.ToString());
        Assert.Null(AuthSetup.Problem(new AuthOptions { Authority = "https://login.example.go.id" }, production));
    }

    [Theory]
    [InlineData("ssssssssssssssssssssssssssssssssssssssss")]
    [InlineData("kalbar61kalbar61kalbar61kalbar61kalbar61")]
    [InlineData("                                        ")]
    [InlineData("Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z")] // 32 random letters and digits: about 190 bits
    public void production_refuses_a_signing_key_that_is_easy_to_guess_unless_an_authority_issues_the_tokens(string key)
    {
        var production = new FakeEnvironment("Production");
        Assert.Contains("at least 256", AuthSetup.Problem(new AuthOptions { SigningKey = key }, production)?.ToString());
        Assert.Null(AuthSetup.Problem(new AuthOptions { SigningKey = key }, new FakeEnvironment("Development")));
        Assert.Null(AuthSetup.Problem(new AuthOptions { SigningKey = key, Authority = "https://login.example.go.id" }, production));
    }

    [Fact]
    public async Task a_production_host_with_a_signing_key_easy_to_guess_does_not_start_and_says_so_in_indonesian()
    {
        var failure = await Record.ExceptionAsync(async () =>
        {
            await using var host = await AlbaHost.For<Program>(builder =>
            {
                builder.UseEnvironment("Production");
                builder.UseSetting("ConnectionStrings:Marten", "Host=127.0.0.1;Port=1;Username=nobody");
                builder.UseSetting("Auth:SigningKey", new string('s', 40));
            });
        });
        var problem = Coordination.Infrastructure.Hosting.StartupProblem.Find(failure);
        Assert.NotNull(problem);
        Assert.Equal(Coordination.Infrastructure.Hosting.StartupProblem.ConfigurationExitCode, problem.ExitCode);
        Assert.Contains("terlalu mudah ditebak", problem.Message);
        Assert.Contains("openssl rand -base64 32", problem.Message);
    }

    [Fact]
    public async Task a_production_host_with_the_development_key_does_not_start()
    {
        var failure = await Record.ExceptionAsync(async () =>
        {
            await using var host = await AlbaHost.For<Program>(builder =>
            {
                builder.UseEnvironment("Production");
                builder.UseSetting("ConnectionStrings:Marten", "Host=127.0.0.1;Port=1;Username=nobody");
                builder.UseSetting("Auth:SigningKey", Tokens.DevelopmentKey);
            });
        });
        Assert.NotNull(failure);
        Assert.Contains("Kunci penandatanganan Development", failure.ToString()); // Localization:Default, Indonesian unless set
    }

    [Fact]
    public async Task nothing_a_client_sends_about_a_beneficiary_can_be_stored_only_counts()
    {
        var incident = await Incidents.IncidentScenarios.ReportedIncident(Api);
        var team = await Api.TeamOnSite(incident, await Api.RegisteredPeople(1, "61.05"));
        var answer = await Api.Post($"/api/deployments/{team}/services", new
        {
            date = DateTime.UtcNow.ToString("yyyy-MM-dd"), village = "Baning Kota", service = "home-visit",
            newlyReached = new { total = 1, children = 0, elderly = 0, disabled = 0, pregnant = 0 }, contacts = 1,
            beneficiaryName = "Ibu Sari", nik = "6105012345678901"
        }, Tokens.District("61.05"));
        answer.ShouldBeProblem(400);
        Assert.Contains("beneficiaryName", answer.Text);
    }

    private sealed class FakeEnvironment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "Coordination.Api";
        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;
        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = null!;
    }
}
