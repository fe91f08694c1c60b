
namespace Coordination.Personnel;

public sealed record SetAvailability([property: Required] bool? Available, [property: MaxLength(500)] string? Reason)
{
    public Validation Check() => new Validation()
        .NotNull(Available, "available")
        .Text(Reason, "reason", 500, required: Available == false);
}

/// <summary>The availability now on record, and the person's version (also the ETag).</summary>
public sealed record AvailabilityAnswer(bool Available, string? Reason, long Version) : Wolverine.Http.IHttpAware
{
    public static void PopulateMetadata(System.Reflection.MethodInfo method, EndpointBuilder builder)
    {
        builder.Metadata.Add(new Wolverine.Http.Resources.WolverineProducesResponseTypeMetadata { Type = typeof(AvailabilityAnswer), StatusCode = 200 });
        builder.Metadata.Add(AnswerRecordedInTransaction.Instance);
    }

    public void Apply(HttpContext context)
    {
        IfMatch.WriteETag(context, Version);
        IdempotentCommand.Record(context, this);
    }
}

public static class SetAvailabilityEndpoint
{
    [WolverineBefore]
    public static Decision Decide(SetAvailability command, Person person, ClaimsPrincipal user) =>
        Decision.Checked(DistrictScope.ForbiddenFor(user, person.District), command.Check(), () =>
        {
            var available = command.Available!.Value;
            var reason = available ? null : command.Reason!.Trim();
            return person.Available == available && person.UnavailableReason == reason
                ? Decision.Nothing
                : Decision.Accept(new AvailabilitySet(person.Id, person.District, available, reason));
        }).On(person.Version);

    [Authorize(Roles = $"{Roles.District},{Roles.Admin}")]
    [WolverinePost("/api/personnel/{id}/availability", OperationId = "SetAvailability"), Tags("Personnel")]
    public static (AvailabilityAnswer, Events) Post(SetAvailability command, [WriteAggregate("id", LoadStyle = ConcurrencyStyle.Exclusive)] Person person,
        Decision decision)
    {
        var (versioned, events) = decision.Append();
        var available = command.Available!.Value;
        return (new AvailabilityAnswer(available, available ? null : command.Reason!.Trim(), versioned.Version), events);
    }
}
