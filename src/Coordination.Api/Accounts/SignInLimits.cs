using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Coordination.Accounts;

/// <summary>
/// Sign-in and refresh attempts per client address: Accounts:SignInAttempts (30) per Accounts:SignInWindow (one minute),
/// so that one address cannot try many accounts each below its own lockout. An office of 50 people behind one address
/// does not reach it in normal use. IPv6 clients are counted per /64, the block one machine can move around in.
/// </summary>
public static class SignInLimits
{
    public const string Policy = "sign-in";

    public static IServiceCollection AddSignInLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var attempts = configuration.GetValue(AccountsConfiguration.SignInAttempts.Key, 30);
        var window = configuration.GetValue(AccountsConfiguration.SignInWindow.Key, TimeSpan.FromMinutes(1));
        services.AddRateLimiter(limits =>
        {
            limits.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limits.AddPolicy(Policy, http => RateLimitPartition.GetFixedWindowLimiter(Client(http.Connection.RemoteIpAddress),
                _ => new FixedWindowRateLimiterOptions { PermitLimit = attempts, Window = window, QueueLimit = 0, AutoReplenishment = true }));
            limits.OnRejected = async (rejected, _) =>
            {
                var http = rejected.HttpContext;
                var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : window;
                var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
                http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteProblemAsync(http,
                    Problems.Of(StatusCodes.Status429TooManyRequests, new Message("too-many-sign-ins", seconds)));
            };
        });
        return services;
    }

    /// <summary>The key an address is counted under: IPv4 (mapped ones too) as it is, IPv6 by its /64.</summary>
    public static string Client(IPAddress? address)
    {
        if (address is null) return "";
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
