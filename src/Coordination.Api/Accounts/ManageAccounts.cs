using JasperFx.Events;

namespace Coordination.Accounts;

public sealed record CreateAccount(Guid? Id, [property: Required, MaxLength(AccountRules.EmailLength)] string? Email,
    [property: Required, MaxLength(AccountRules.NameLength)] string? Name, [property: Required] string? Role, string? District)
{
    public Validation Check() => new Validation()
        .NotEmpty(Id, "id")
        .Merge(AccountRules.Email(Email))
        .Merge(AccountRules.Profile(Name, Role, District));
}

public sealed record UpdateAccount([property: Required, MaxLength(AccountRules.NameLength)] string? Name, [property: Required] string? Role, string? District)
{
    public Validation Check() => AccountRules.Profile(Name, Role, District);
}

/// <summary>A new account, or one whose password was reset: the one-time password is shown once and stored nowhere.</summary>
public sealed record OneTimePassword(Guid Id, string Email, string InitialPassword);

public sealed record AccountHistoryEntry(long Version, string Type, DateTimeOffset At, string? Actor, string? Role, object Data);

/// <summary>The province's administrator manages every account.</summary>
[Authorize(Roles = Roles.Admin)]
public static class ManageAccountsEndpoints
{
    [WolverineGet("/api/accounts", OperationId = "ListAccounts"), Tags("Accounts")]
    [ProducesResponseType<IReadOnlyList<AccountView>>(200), ProducesResponseType<ProblemDetails>(400, "application/problem+json")]
    public static async Task<IResult> List(int? limit, int? offset, AccountChanges accounts, CancellationToken cancellation)
    {
        var shape = new Validation();
        var paging = Paging.From(limit, offset, shape);
        return shape.IsValid ? Results.Ok(await accounts.ListAsync(paging, cancellation)) : Results.Problem(shape.ToProblem());
    }

    [WolverinePost("/api/accounts", OperationId = "CreateAccount"), Tags("Accounts")]
    [ProducesResponseType<OneTimePassword>(201), ProducesResponseType<ProblemDetails>(400, "application/problem+json"),
     ProducesResponseType<ProblemDetails>(409, "application/problem+json")]
    [SecretAnswer]
    public static async Task<IResult> Create(CreateAccount command, ClaimsPrincipal user, HttpContext http, AccountChanges accounts,
        CancellationToken cancellation)
    {
        var shape = command.Check();
        if (!shape.IsValid) return Results.Problem(shape.ToProblem());
        if (command.Id is { } given &&
            await accounts.IdTakenAsync(given, command.Email!.Trim(), command.Name!.Trim(), command.Role!, command.District, cancellation) is { } taken)
            return Results.Problem(Problems.Conflict(taken));
        var (account, password, result) = await accounts.CreateAsync(command.Id ?? Guid.CreateVersion7(), command.Email!.Trim(),
            command.Name!.Trim(), command.Role!, command.District, Actor.Of(user, http), cancellation);
        if (account is null) return AccountProblems.Refused(result);
        return Results.Created($"/api/accounts/{account.Id}", new OneTimePassword(account.Id, account.Email!, password!));
    }

    [WolverinePut("/api/accounts/{id}", OperationId = "UpdateAccount"), Tags("Accounts")]
    [ProducesResponseType<AccountView>(200), ProducesResponseType<ProblemDetails>(400, "application/problem+json"),
     ProducesResponseType<ProblemDetails>(404, "application/problem+json"), ProducesResponseType<ProblemDetails>(409, "application/problem+json")]
    public static async Task<IResult> Update(Guid id, UpdateAccount command, ClaimsPrincipal user, HttpContext http,
        AccountChanges accounts, TimeProvider clock, CancellationToken cancellation)
    {
        var shape = command.Check();
        if (!shape.IsValid) return Results.Problem(shape.ToProblem());
        if (await accounts.Users.FindByIdAsync(id.ToString()) is not { } account) return AccountProblems.UnknownAccount(id);
        if (user.Subject() == id.ToString() && command.Role != Roles.Admin)
            return Results.Problem(Problems.Conflict(new Message("account-demote-self")));
        var changed = await accounts.ChangeProfileAsync(account, command.Name!.Trim(), command.Role!, command.District, Actor.Of(user, http),
            cancellation);
        return changed.Succeeded ? Results.Ok(AccountView.Of(account, clock.GetUtcNow())) : AccountProblems.Refused(changed);
    }

    [WolverinePost("/api/accounts/{id}/disable", OperationId = "DisableAccount"), Tags("Accounts")]
    [ProducesResponseType<AccountView>(200), ProducesResponseType<ProblemDetails>(404, "application/problem+json"),
     ProducesResponseType<ProblemDetails>(409, "application/problem+json")]
    public static Task<IResult> Disable(Guid id, ClaimsPrincipal user, HttpContext http, AccountChanges accounts, TimeProvider clock,
        CancellationToken cancellation) => SetEnabled(id, false, user, http, accounts, clock, cancellation);

    [WolverinePost("/api/accounts/{id}/enable", OperationId = "EnableAccount"), Tags("Accounts")]
    [ProducesResponseType<AccountView>(200), ProducesResponseType<ProblemDetails>(404, "application/problem+json")]
    public static Task<IResult> Enable(Guid id, ClaimsPrincipal user, HttpContext http, AccountChanges accounts, TimeProvider clock,
        CancellationToken cancellation) => SetEnabled(id, true, user, http, accounts, clock, cancellation);

    private static async Task<IResult> SetEnabled(Guid id, bool enabled, ClaimsPrincipal user, HttpContext http, AccountChanges accounts,
        TimeProvider clock, CancellationToken cancellation)
    {
        if (await accounts.Users.FindByIdAsync(id.ToString()) is not { } account) return AccountProblems.UnknownAccount(id);
        if (!enabled && user.Subject() == id.ToString())
            return Results.Problem(Problems.Conflict(new Message("account-disable-self")));
        var changed = await accounts.SetEnabledAsync(account, enabled, Actor.Of(user, http), cancellation);
        return changed.Succeeded ? Results.Ok(AccountView.Of(account, clock.GetUtcNow())) : AccountProblems.Refused(changed);
    }

    [WolverinePost("/api/accounts/{id}/reset-password", OperationId = "ResetAccountPassword"), Tags("Accounts")]
    [ProducesResponseType<OneTimePassword>(200), ProducesResponseType<ProblemDetails>(404, "application/problem+json")]
    [SecretAnswer]
    public static async Task<IResult> ResetPassword(Guid id, ClaimsPrincipal user, HttpContext http, AccountChanges accounts,
        CancellationToken cancellation)
    {
        if (await accounts.Users.FindByIdAsync(id.ToString()) is not { } account) return AccountProblems.UnknownAccount(id);
        var (password, result) = await accounts.ResetPasswordAsync(account, Actor.Of(user, http), cancellation);
        return password is null ? AccountProblems.Refused(result) : Results.Ok(new OneTimePassword(account.Id, account.Email!, password));
    }

    /// <summary>Every change to the account, oldest first, with who made it.</summary>
    [WolverineGet("/api/accounts/{id}/history", OperationId = "GetAccountHistory"), Tags("Accounts")]
    [ProducesResponseType<IReadOnlyList<AccountHistoryEntry>>(200), ProducesResponseType<ProblemDetails>(404, "application/problem+json")]
    public static async Task<IResult> History(Guid id, IQuerySession session, CancellationToken cancellation)
    {
        var events = await session.Events.FetchStreamAsync(id, token: cancellation);
        if (events.Count == 0) return AccountProblems.UnknownAccount(id);
        return Results.Ok(events.Select(Entry).ToList());
    }

    private static AccountHistoryEntry Entry(IEvent e) =>
        new(e.Version, e.EventTypeName.Replace('_', '-'), e.Timestamp, e.UserName, e.GetHeader(EventMetadata.RoleHeader)?.ToString(), e.Data);
}
