
namespace Coordination.Personnel;

public sealed record SetAvailability(bool? Available, string? Reason)
{
    public Validation Check() => new Validation()
        .NotNull(Available, "available")
        .Text(Reason, "reason", 500, required: Available == false);
}

public sealed record AvailabilityAnswer(bool Available, string? Reason, long Version);

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
