using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace Coordination.Accounts;

/// <summary>Identity's tables and the data-protection keys that sign tokens, in their own schema of the event store's database.</summary>
public sealed class AccountsDb(DbContextOptions<AccountsDb> options) : IdentityUserContext<Account, Guid>(options), IDataProtectionKeyContext
{
    public const string Schema = "accounts";

    /// <summary>Any number, the same on every node: only one node creates the tables.</summary>
    private const long SchemaLock = 61_0500_0010;

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

    /// <summary>Creates the schema's tables when they are missing (at start-up and before a command uses them).</summary>
    public async Task EnsureSchemaAsync(CancellationToken cancellation)
    {
        await using var transaction = await Database.BeginTransactionAsync(cancellation);
        await Database.ExecuteSqlAsync($"select pg_advisory_xact_lock({SchemaLock})", cancellation);
        var exists = await EntityFrameworkQueryableExtensions.SingleAsync(
            Database.SqlQuery<bool>($"select to_regclass('accounts.\"AspNetUsers\"') is not null as \"Value\""), cancellation);
        if (!exists) await this.GetService<IRelationalDatabaseCreator>().CreateTablesAsync(cancellation);
        await transaction.CommitAsync(cancellation);
    }
}

/// <summary>Creates the accounts schema when the service starts, after the database is up.</summary>
public sealed class AccountsSchema(IServiceScopeFactory scopes) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellation)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AccountsDb>().EnsureSchemaAsync(cancellation);
    }

    public Task StopAsync(CancellationToken cancellation) => Task.CompletedTask;
}
