using JasperFx;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using PlainSample;
using Weasel.Core;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

// As JasperFx/wolverine src/Samples/IncidentService writes it: an inline snapshot, lightweight sessions, Wolverine's
// transactional middleware; no auth, no idempotency, no async views.
var builder = WebApplication.CreateBuilder(args);

builder.Services.AddMarten(opts =>
    {
        opts.Connection(builder.Configuration.GetConnectionString("Marten")!);
        opts.DatabaseSchemaName = "incidents";
        opts.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase);
        opts.Projections.Snapshot<Incident>(SnapshotLifecycle.Inline);
        opts.Projections.UseIdentityMapForAggregates = true;
    })
    .UseLightweightSessions()
    .ApplyAllDatabaseChangesOnStartup()
    .AddAsyncDaemon(DaemonMode.Solo)
    .IntegrateWithWolverine();

builder.Host.UseWolverine(opts => opts.Policies.AutoApplyTransactions());
builder.Services.AddWolverineHttp();

var app = builder.Build();
app.MapGet("/health", () => Results.Ok());
// Not part of the sample: the benchmark reads the bytes this process allocated, to compare them per command with ours.
app.MapGet("/allocated", () => GC.GetTotalAllocatedBytes());
app.MapWolverineEndpoints();
return await app.RunJasperFxCommands(args);
