using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Coordination.Accounts;

/// <summary>Identity's tables and the data-protection keys that sign tokens, in their own schema of the event store's database.</summary>
public sealed class AccountsDb(DbContextOptions<AccountsDb> options) : IdentityUserContext<Account, Guid>(options), IDataProtectionKeyContext
{
    public const string Schema = "accounts";

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.HasDefaultSchema(Schema);
        builder.Entity<Account>(account =>
        {
            account.Property(a => a.Name).HasMaxLength(AccountRules.NameLength);
            account.Property(a => a.Role).HasMaxLength(20);
            account.Property(a => a.District).HasMaxLength(5);
        });
    }
}
