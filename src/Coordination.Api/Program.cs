using Coordination.Accounts;
using Coordination.Coverage;
using Coordination.Demo;
using Coordination.Desk;
using Coordination.Inbox;
using Coordination.Readiness;
using Coordination.Infrastructure.Hosting;
using Coordination.Infrastructure.Json;
using Coordination.Infrastructure.Telemetry;
using Coordination.Infrastructure.Localization;
using Coordination.Infrastructure.Http;
using Wolverine;

StartupProblem.PrintInsteadOfStackTrace();
// Settings are read once at start (change them, then restart). Watching appsettings*.json for changes puts a
// FileSystemWatcher over the whole content root, and the content root holds the embedded PostgreSQL's data directory
// (.data/postgres): that watcher woke on every write PostgreSQL made, about 3 % of the service's CPU under load.
var builder = WebApplication.CreateBuilder([.. args, $"--{Settings.ReloadConfigOnChange}=false"]);
StartupProblem.Language = builder.Configuration["Localization:Default"] ?? StartupProblem.Language;

builder.Services.AddEventStore(builder.Configuration);
builder.Host.UseWolverine(opts =>
{
    opts.UseCoordinationMessaging();
    opts.UseAccounts();
});
builder.Services.AddWolverineHttp();
builder.Services.ConfigureHttpJsonOptions(json => Kebab.Apply(json.SerializerOptions));

builder.Services.AddCoordinationAuth(builder.Configuration, builder.Environment);
builder.Services.AddAccounts(builder.Configuration);
builder.Services.AddSignInLimits(builder.Configuration);
builder.Services.AddClientAddresses(builder.Configuration);
builder.Services.AddCoordinationLocalization(builder.Configuration);
builder.AddCoordinationProblems();
builder.Services.AddCoordinationHealth();
builder.Services.AddCoordinationTelemetry(builder.Configuration);
builder.Services.AddCoordinationLogs();
builder.Services.AddCoordinationOpenApi();
builder.Services.AddDemoExamples();
builder.Services.AddReadinessOptions(builder.Configuration);
builder.Services.AddCoverageCache();
builder.Services.InitializeMartenWith<Coordination.Deployments.DeploymentTotalsUpgrade>();
builder.Services.Configure<BodyLimits>(builder.Configuration.GetSection(BodyLimits.Section));
builder.Services.Configure<IdempotencyOptions>(builder.Configuration.GetSection(IdempotencyOptions.Section));
builder.Services.AddHostedService<IdempotencyPurge>();
builder.Services.AddDesk();

var app = builder.Build();

app.UseClientAddresses();
// HEAD is routed as GET (before routing, which otherwise runs first) and answered without a body
app.UseMiddleware<HeadRequests>();
app.UseRouting();
app.UseRequestLocalization();
app.UseExceptionHandler();
app.UseMiddleware<SecurityHeaders>();
app.UseManagementPort();
if (!app.Environment.IsDevelopment()) app.UseHsts();
app.UseDesk();
app.UseStatusCodePages();
app.UseMiddleware<ConditionalReads>();
app.UseMiddleware<CorrelationMiddleware>();
app.UseRateLimiter();
app.UseMiddleware<AddressGuard>();
app.UseMiddleware<BodyGuard>();
app.UseCoordinationOpenApi();
app.UseAuthentication();
app.UseMiddleware<LogScope>();
app.UseAuthorization();
app.UseOneTimePasswords();
app.UseMiddleware<EmptyIdGuard>();
app.UseMiddleware<QueryGuard>();
app.UseMiddleware<IdempotencyMiddleware>();
app.UseMiddleware<StreamStartRetries>();

app.MapCoordinationHealth();
app.MapCoordinationMetrics();
app.MapDesk();
app.MapEventStream();
app.MapDevelopmentSignIn(app.Environment);
app.MapWolverineEndpoints(http =>
{
    http.RequireAuthorizeOnAll();
    http.RejectUnparseableQueryValues = true;
    http.AddMiddleware(typeof(EventMetadata), chain => chain.HttpMethods.Contains("POST"));
});

return await app.RunCoordinationAsync(args);

public partial class Program;
