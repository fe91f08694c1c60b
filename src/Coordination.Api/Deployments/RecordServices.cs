using Coordination.Districts;
using Coordination.Incidents;
using JasperFx.Events;
using ConcurrencyStyle = Wolverine.Marten.ConcurrencyStyle;

namespace Coordination.Deployments;

public sealed record RecordServices(Guid? Id, [property: Required] DateOnly? Date, [property: Required, MaxLength(100)] string? Village,
    [property: Required] ServiceKind? Service, [property: Required] AffectedPeople? NewlyReached,
    [property: Required, Range(1, IncidentRules.MaxPeople)] int? Contacts)
{
    public Validation Check(Deployment deployment, Incident incident, DateOnly today)
    {
        var v = new Validation()
            .NotEmpty(Id, "id")
            .NotNull(Date, "date")
            .Text(Village, "village", 100)
            .NotNull(Service, "service")
            .People(NewlyReached, "newlyReached")
            .NotNull(Contacts, "contacts")
            // a record is of sessions held: one with none (a form sent again after it was emptied) records nothing
            .Require(Contacts is null or >= 1 and <= IncidentRules.MaxPeople, "contacts", "field-out-of-range", "contacts", 1, IncidentRules.MaxPeople)
            .Require(Contacts is null || NewlyReached is null || Contacts >= NewlyReached.Total, "contacts", "contacts-below-reached");
        // days as the province counts them (WIB), as the record's own date is written; a day's slack either side
        var deployedOn = KalimantanBarat.DayOf(deployment.DeployedAt);
        if (Date > today.AddDays(1)) v.Add("date", "time-in-future", "date");
        if (Date < deployedOn.AddDays(-1)) v.Add("date", "date-before-deployment", deployedOn);
        if (!string.IsNullOrWhiteSpace(Village) && !incident.Villages.Contains(Village.Trim(), StringComparer.OrdinalIgnoreCase))
            v.Add("village", "village-not-affected", Village, incident.Villages);
        return v;
    }
}

public static class RecordServicesEndpoint
{
    /// <summary>Runs after the deployment's row lock is held, so a concurrent twin of a record sees the first one.</summary>
    public static async Task<(Incident, IEvent?)> LoadAsync(RecordServices command, Deployment deployment, IQuerySession session,
        CancellationToken cancellation)
    {
        var batch = session.CreateBatchQuery();
        var incident = batch.Load<Incident>(deployment.IncidentId);
        // Load answers null for an id no event has, whatever its signature says
        var earlier = command.Id is { } id ? batch.Events.Load(id) : null;
        await batch.Execute(cancellation);
        return ((await incident)!, earlier is null ? null : (IEvent?)await earlier);
    }

    [WolverineBefore]
    public static Decision Decide(RecordServices command, Deployment deployment, Incident incident, IEvent? earlier, ClaimsPrincipal user,
        TimeProvider clock) =>
        Decision.Checked(DeploymentRules.NotSentBy(user, deployment), command.Check(deployment, incident, KalimantanBarat.Today(clock)),
            () => Decide(command, deployment, incident, command.Id ?? Guid.CreateVersion7(), earlier)).On(deployment.Version);

    /// <summary>A record under an id already used is the same record again (nothing to append) or a conflict.</summary>
    public static Decision Decide(RecordServices command, Deployment deployment, Incident incident, Guid recordId, IEvent? earlier)
    {
        var village = incident.Villages.First(v => string.Equals(v, command.Village!.Trim(), StringComparison.OrdinalIgnoreCase));
        var recorded = new ServicesRecorded(deployment.Id, recordId, deployment.IncidentId, deployment.District, command.Date!.Value,
            village, command.Service!.Value, command.NewlyReached!, command.Contacts!.Value);

        if (earlier is not null)
            return earlier is IEvent<ServicesRecorded> { Data: var first } && first == recorded
                ? Decision.Nothing
                : Decision.Reject("service-record-differs", recordId);
        return deployment.Status == DeploymentStatus.OnSite
            ? Decision.Accept(recorded)
            : Decision.Reject("services-only-on-site", deployment.TeamName, deployment.Status.Named());
    }

    [Authorize(Roles = $"{Roles.District},{Roles.Admin}")]
    [WolverinePost("/api/deployments/{id}/services", OperationId = "RecordServices"), Tags("Deployments")]
    public static (Created, Events) Post(RecordServices command, [WriteAggregate("id", LoadStyle = ConcurrencyStyle.Exclusive)] Deployment deployment,
        Decision decision)
    {
        var (versioned, events) = decision.Append();
        events = [.. events.Select(e => e is ServicesRecorded recorded ? ServiceRecord.Stored(recorded) : e)];
        var recordId = command.Id ?? decision.Events.OfType<ServicesRecorded>().Single().ServiceRecordId;
        return (Created.At($"/api/deployments/{deployment.Id}", recordId, versioned.Version, alreadyExisted: events.Count == 0), events);
    }
}
