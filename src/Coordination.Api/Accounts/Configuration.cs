using Coordination.Infrastructure.Hosting;
using Coordination.Infrastructure.Postgres;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Coordination.Accounts;

public static class AccountsConfiguration
{
    public const string Section = "Accounts";
    public static readonly Setting SignInAttempts = new($"{Section}:SignInAttempts");
    public static readonly Setting SignInWindow = new($"{Section}:SignInWindow");
    public static readonly Setting RefreshGrace = new($"{Section}:RefreshGrace");
    public static readonly Setting AccessTokenLifetime = new($"{Section}:AccessTokenLifetime");
    public static readonly Setting RefreshTokenLifetime = new($"{Section}:RefreshTokenLifetime");
    public static readonly Setting CheckEvery = new($"{Section}:CheckEvery");

    /// <summary>
    /// ASP.NET Core Identity on the event store's database (schema accounts): passwords of at least 12 characters, five
    /// failed sign-ins lock an account for 15 minutes. Tokens are Identity's bearer tokens, protected by data-protection
    /// keys kept in the same database so that every node accepts them, before and after a restart.
    /// </summary>
    public static IServiceCollection AddAccounts(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddDbContext<AccountsDb>((sp, db) => db.UseNpgsql(sp.GetRequiredService<Database>().ConnectionString,
            npgsql => npgsql.ConfigureDataSource(source => source.Name = Database.AccountsPool)));
        services.AddIdentityCore<Account>(identity =>
            {
                identity.Password.RequiredLength = AccountRules.MinimumPasswordLength;
                identity.Password.RequireDigit = false;
                identity.Password.RequireLowercase = false;
                identity.Password.RequireUppercase = false;
                identity.Password.RequireNonAlphanumeric = false;
                identity.Lockout.MaxFailedAccessAttempts = 5;
                identity.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                identity.Lockout.AllowedForNewUsers = true;
                identity.User.RequireUniqueEmail = true;
                identity.ClaimsIdentity.UserIdClaimType = Claims.Subject;
                identity.ClaimsIdentity.RoleClaimType = Claims.Role;
                identity.ClaimsIdentity.UserNameClaimType = "email";
            })
            .AddPasswordValidator<GuessablePasswords>()
            .AddEntityFrameworkStores<AccountsDb>()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<AccountClaims>();
        services.AddDataProtection().SetApplicationName("coordination").PersistKeysToDbContext<AccountsDb>();
        services.AddMemoryCache();
        services.AddSingleton<AccountStamps>();
        services.AddSingleton<ISignedIn>(sp => sp.GetRequiredService<AccountStamps>());
        services.AddSingleton<AccountNames>();
        services.AddSingleton<TokenRotation>();
        services.AddScoped<AccountChanges>();

        services.AddAuthentication(auth =>
            {
                auth.DefaultScheme = "coordination";
                auth.DefaultChallengeScheme = "coordination";
            })
            .AddPolicyScheme("coordination", "Account token or JWT", policy => policy.ForwardDefaultSelector = AccountTokenHandler.SchemeFor)
            .AddBearerToken(IdentityConstants.BearerScheme, bearer =>
            {
                bearer.BearerTokenExpiration = configuration.GetValue(AccessTokenLifetime.Key, TimeSpan.FromHours(1));
                bearer.RefreshTokenExpiration = configuration.GetValue(RefreshTokenLifetime.Key, TimeSpan.FromDays(14));
            })
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, AccountTokenHandler>(AccountTokenHandler.SchemeName, null);
        return services;
    }

    /// <summary>Identity's services come from factories that Wolverine cannot build inline: the request's scope provides them.</summary>
    public static void UseAccounts(this Wolverine.WolverineOptions options)
    {
        options.CodeGeneration.AlwaysUseServiceLocationFor<AccountChanges>();
        options.CodeGeneration.AlwaysUseServiceLocationFor<UserManager<Account>>();
        options.CodeGeneration.AlwaysUseServiceLocationFor<SignInManager<Account>>();
    }
}

public sealed class AccountsStore : Infrastructure.Hosting.IStoreFeature
{
    /// <summary>
    /// The audit events, and Identity's tables as schema objects of the store: Marten creates and migrates them with its
    /// own, at start-up, by db-apply and before a command writes.
    /// </summary>
    public void Configure(Marten.StoreOptions options)
    {
        options.Events.AddEventTypes([
            typeof(AccountCreated), typeof(AccountChanged), typeof(AccountDisabled), typeof(AccountEnabled),
            typeof(AccountPasswordReset), typeof(AccountPasswordChanged), typeof(RefreshTokenRotated), typeof(RefreshTokenReused)
        ]);
        options.Schema.For<EndedSession>().Duplicate(x => x.AccountId);
        using var model = new AccountsDb(new DbContextOptionsBuilder<AccountsDb>().UseNpgsql("Host=model-only").Options);
        foreach (var table in Weasel.EntityFrameworkCore.DbContextExtensions.GetSchemaObjectsForMigration(model, new Weasel.Postgresql.PostgresqlMigrator()))
            options.Storage.ExtendedSchemaObjects.Add(table);
    }
}

/// <summary>An account's token carries the claims every route checks: sub (the account id), role and district.</summary>
public sealed class AccountClaims(UserManager<Account> users, Microsoft.Extensions.Options.IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<Account>(users, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(Account account)
    {
        var identity = await base.GenerateClaimsAsync(account);
        identity.AddClaim(new Claim(Claims.Role, account.Role));
        if (account.District is not null) identity.AddClaim(new Claim(Claims.District, account.District));
        identity.AddClaim(new Claim("name", account.Name));
        return identity;
    }
}
