using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Coordination.Accounts;

/// <summary>
/// Every change to an account, made through Identity and recorded as an audit event in the same PostgreSQL transaction:
/// either both are stored or neither. Changes that take access away renew the security stamp, which ends every token
/// issued before (<see cref="AccountStamps"/>).
/// </summary>
public sealed class AccountChanges(UserManager<Account> users, AccountsDb db, IDocumentStore store, AccountStamps stamps, TimeProvider clock)
{
    public UserManager<Account> Users => users;

    public async Task<IReadOnlyList<AccountView>> ListAsync(Paging paging, CancellationToken cancellation)
    {
        var accounts = await EntityFrameworkQueryableExtensions.ToListAsync(
            db.Users.OrderBy(a => a.Email).Skip(paging.Offset).Take(paging.Limit), cancellation);
        return accounts.Select(a => AccountView.Of(a, clock.GetUtcNow())).ToList();
    }

    /// <summary>
    /// Why no account can be created under a client's id that is already taken: by this very account, sent again (its
    /// one-time password is not shown twice), or by another account or any other stream. Null while the id is free.
    /// </summary>
    public async Task<Message?> IdTakenAsync(Guid id, string email, string name, string role, string? district, CancellationToken cancellation)
    {
        await using var query = store.QuerySession();
        var first = (await query.Events.FetchStreamAsync(id, version: 1, token: cancellation)).FirstOrDefault();
        if (first?.Data is AccountCreated created && created == new AccountCreated(id, email, name, role, AccountRules.DistrictFor(role, district)))
            return new Message("account-already-created", email);
        return first is not null || await users.FindByIdAsync(id.ToString()) is not null ? new Message("id-names-another-resource", id) : null;
    }

    /// <summary>A new enabled account with a one-time password; null with the reason when Identity refuses (e.g. the email is taken).</summary>
    public async Task<(Account? Account, string? Password, IdentityResult Result)> CreateAsync(Guid id, string email, string name, string role,
        string? district, Actor actor, CancellationToken cancellation)
    {
        var account = new Account
        {
            Id = id, Email = email, UserName = email, Name = name, Role = role, District = AccountRules.DistrictFor(role, district),
            LockoutEnabled = true
        };
        var password = AccountRules.NewPassword();
        var result = await InTransactionAsync(account.Id, async () =>
            {
                var created = await users.CreateAsync(account, password);
                return created.Succeeded ? await OneTimePasswords.MarkAsync(users, account) : created;
            },
            new AccountCreated(account.Id, email, name, role, account.District), actor, cancellation);
        return result.Succeeded ? (account, password, result) : (null, null, result);
    }

    public Task<IdentityResult> ChangeProfileAsync(Account account, string name, string role, string? district, Actor actor,
        CancellationToken cancellation)
    {
        var scopeChanged = account.Role != role || account.District != AccountRules.DistrictFor(role, district);
        account.Name = name;
        account.Role = role;
        account.District = AccountRules.DistrictFor(role, district);
        return InTransactionAsync(account.Id, async () =>
        {
            var updated = await users.UpdateAsync(account);
            return updated.Succeeded && scopeChanged ? await users.UpdateSecurityStampAsync(account) : updated;
        }, new AccountChanged(account.Id, name, role, account.District), actor, cancellation);
    }

    public Task<IdentityResult> SetEnabledAsync(Account account, bool enabled, Actor actor, CancellationToken cancellation)
    {
        account.Enabled = enabled;
        return InTransactionAsync(account.Id, async () =>
        {
            if (enabled) await users.SetLockoutEndDateAsync(account, null);
            var updated = await users.UpdateAsync(account);
            return updated.Succeeded && !enabled ? await users.UpdateSecurityStampAsync(account) : updated;
        }, enabled ? new AccountEnabled(account.Id) : new AccountDisabled(account.Id), actor, cancellation);
    }

    public async Task<(string? Password, IdentityResult Result)> ResetPasswordAsync(Account account, Actor actor, CancellationToken cancellation)
    {
        var password = AccountRules.NewPassword();
        var result = await InTransactionAsync(account.Id, async () =>
        {
            var removed = await users.RemovePasswordAsync(account);
            var added = removed.Succeeded ? await users.AddPasswordAsync(account, password) : removed;
            if (!added.Succeeded) return added;
            // the person the administrator helps is often the one who locked themselves out: the new password opens at once
            await users.ResetAccessFailedCountAsync(account);
            await users.SetLockoutEndDateAsync(account, null);
            return await OneTimePasswords.MarkAsync(users, account);
        }, new AccountPasswordReset(account.Id), actor, cancellation);
        return (result.Succeeded ? password : null, result);
    }

    public Task<IdentityResult> ChangePasswordAsync(Account account, string current, string replacement, Actor actor,
        CancellationToken cancellation) =>
        InTransactionAsync(account.Id, async () =>
            {
                var changed = await users.ChangePasswordAsync(account, current, replacement);
                return changed.Succeeded ? await OneTimePasswords.UnmarkAsync(users, account) : changed;
            },
            new AccountPasswordChanged(account.Id), actor, cancellation);

    private async Task<IdentityResult> InTransactionAsync(Guid accountId, Func<Task<IdentityResult>> change, object audit, Actor actor,
        CancellationToken cancellation)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellation);
        var result = await change();
        if (!result.Succeeded) return result;

        await using (var session = store.LightweightSession(Marten.Services.SessionOptions.ForTransaction((NpgsqlTransaction)transaction.GetDbTransaction())))
        {
            actor.Stamp(session);
            session.Events.Append(accountId, audit);
            await session.SaveChangesAsync(cancellation);
        }

        await transaction.CommitAsync(cancellation);
        stamps.Forget(accountId);
        return result;
    }
}
