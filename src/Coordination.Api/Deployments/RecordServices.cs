using Coordination.Districts;
using Coordination.Incidents;
using JasperFx.Events;

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

/// <summary>
/// What recording services reads: the deployment (locked), its incident (its villages) and, for a client's record id, an
/// event already stored under it.
/// </summary>
public sealed record ServiceDraft(IEventStream<Deployment>? Deployment, Incident? Incident, IEvent? Earlier);

public static class RecordServicesEndpoint
{
    /// <summary>
    /// One round trip: the deployment's stream is locked and read first; the incident (found through the deployment's row) and
    /// the record id are read next, once the lock is held, so a concurrent twin of a record sees the first one.
    /// </summary>
    public static async Task<ServiceDraft> LoadAsync(Guid id, RecordServices command, IDocumentSession session, CancellationToken cancellation)
    {
        if (id == Guid.Empty) return new ServiceDraft(null, null, null);
        // the lock holds until the record commits: the transaction begins before the batch is sent
        await session.BeginTransactionAsync(cancellation);
        var batch = session.CreateBatchQuery();
        var deployment = batch.Events.FetchForExclusiveWriting<Deployment>(id);
        var incident = batch.IncidentOf<Deployment>(session, id);
        // Load answers null for an id no event has, whatever its signature says
        var earlier = command.Id is { } recordId ? batch.Events.Load(recordId) : null;
        await batch.Execute(cancellation);
        var stream = await deployment;
        return stream.Aggregate is null
            ? new ServiceDraft(null, null, null)
            : new ServiceDraft(stream, (await incident).SingleOrDefault(), earlier is null ? null : (IEvent?)await earlier);
    }

    /// <summary>404 for an unknown deployment, then who asks (403), what was sent (400) and the state (409), on its version.</summary>
    [WolverineBefore]
    public static Decision Decide(Guid id, RecordServices command, ServiceDraft draft, ClaimsPrincipal user, TimeProvider clock) =>
        draft is { Deployment.Aggregate: { } deployment, Incident: { } incident }
            ? Decision.Checked(DeploymentRules.NotSentBy(user, deployment), command.Check(deployment, incident, KalimantanBarat.Today(clock)),
                () => Decide(command, deployment, incident, command.Id ?? Guid.CreateVersion7(), draft.Earlier)).On(deployment.Version)
            : Decision.NotFound(new Message("not-found", $"/api/deployments/{id}/services"));

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
    public static Created Post(Guid id, RecordServices command, ServiceDraft draft, Decision decision)
    {
        var (versioned, events) = decision.Append();
        var stored = events.Select(e => e is ServicesRecorded recorded ? ServiceRecord.Stored(recorded) : e).ToList();
        draft.Deployment!.AppendMany(stored);
        var recordId = command.Id ?? decision.Events.OfType<ServicesRecorded>().Single().ServiceRecordId;
        return Created.At($"/api/deployments/{id}", recordId, versioned.Version, alreadyExisted: stored.Count == 0);
    }
}
