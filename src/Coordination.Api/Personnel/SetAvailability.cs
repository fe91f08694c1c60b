
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
    public static Decision Decide(Person person, SetAvailability command)
    {
        var available = command.Available!.Value;
        var reason = available ? null : command.Reason!.Trim();
        return person.Available == available && person.UnavailableReason == reason
            ? Decision.Nothing
            : Decision.Accept(new AvailabilitySet(person.Id, person.District, available, reason));
    }

    public static ProblemDetails Validate(SetAvailability command, Person person, ClaimsPrincipal user, HttpContext http) =>
        Guard.Command(DistrictScope.ForbiddenFor(user, person.District), command.Check(), http, person.Version,
            () => Decide(person, command));

    [Authorize(Roles = $"{Roles.District},{Roles.Admin}")]
    [WolverinePost("/api/personnel/{id}/availability", OperationId = "SetAvailability"), Tags("Personnel")]
    public static (AvailabilityAnswer, Events) Post(SetAvailability command, [WriteAggregate("id", LoadStyle = ConcurrencyStyle.Exclusive)] Person person)
    {
        var (versioned, events) = Decide(person, command).Append(person.Version);
        var available = command.Available!.Value;
        return (new AvailabilityAnswer(available, available ? null : command.Reason!.Trim(), versioned.Version), events);
    }
}
