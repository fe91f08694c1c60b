using Coordination.Accounts;
using Microsoft.AspNetCore.Identity;

namespace Coordination.Tests.Support;

/// <summary>Identity's own password hasher, counting how many passwords it has verified (the work a sign-in costs).</summary>
public sealed class CountingPasswordHasher : IPasswordHasher<Account>
{
    private readonly PasswordHasher<Account> _hasher = new();
    private int _verified;

    public int Verified => Volatile.Read(ref _verified);

    public string HashPassword(Account user, string password) => _hasher.HashPassword(user, password);

    public PasswordVerificationResult VerifyHashedPassword(Account user, string hashedPassword, string providedPassword)
    {
        Interlocked.Increment(ref _verified);
        return _hasher.VerifyHashedPassword(user, hashedPassword, providedPassword);
    }
}
