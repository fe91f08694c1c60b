using System.Reflection;
using Coordination.Infrastructure.EventSourcing;
using System.Security.Claims;
using Coordination.Infrastructure.Auth;
using JasperFx.Events;

namespace Coordination.Tests.Support;

/// <summary>Given(events) → state, folded through the same public Create/Apply methods Marten calls.</summary>
public static class Given
{
    public static readonly DateTimeOffset Now = new(2026, 11, 28, 8, 0, 0, TimeSpan.Zero);

    /// <summary>An administrator: acts in every district, so a decision's scope check lets it through.</summary>
    public static readonly ClaimsPrincipal Admin = Claims.Principal("admin-1", Roles.Admin);

    public static ClaimsPrincipal DistrictOfficer(string district) => Claims.Principal($"officer-{district}", Roles.District, district);

    /// <summary>A clock standing at <see cref="Now"/>.</summary>
    public static readonly TimeProvider Clock = new FixedClock(Now);

    public static TimeProvider ClockAt(DateTimeOffset now) => new FixedClock(now);

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    public static T Fold<T>(params object[] events) where T : class
    {
        T? state = null;
        var version = 0;
        foreach (var data in events)
        {
            var wrapped = Wrap(data, ++version);
            var eventType = typeof(IEvent<>).MakeGenericType(data.GetType());
            if (state is null)
            {
                var create = typeof(T).GetMethod("Create", BindingFlags.Public | BindingFlags.Static, [eventType]);
                var createPlain = typeof(T).GetMethod("Create", BindingFlags.Public | BindingFlags.Static, [data.GetType()]);
                state = create is not null ? (T)create.Invoke(null, [wrapped])!
                    : createPlain is not null ? (T)createPlain.Invoke(null, [data])!
                    : throw new InvalidOperationException($"{typeof(T).Name} has no Create for {data.GetType().Name}");
            }
            else if (typeof(T).GetMethod("Apply", BindingFlags.Public | BindingFlags.Instance, [eventType]) is { } apply)
                state = (T)apply.Invoke(state, [wrapped])!;
            else if (typeof(T).GetMethod("Apply", BindingFlags.Public | BindingFlags.Instance, [data.GetType()]) is { } applyPlain)
                state = (T)applyPlain.Invoke(state, [data])!;

            typeof(T).GetProperty("Version")?.SetValue(state, (long)version);
        }

        return state ?? throw new InvalidOperationException("Given needs at least one event");
    }

    private static object Wrap(object data, int version)
    {
        var wrapped = (IEvent)Activator.CreateInstance(typeof(Event<>).MakeGenericType(data.GetType()), data)!;
        wrapped.Timestamp = Now.AddMinutes(version);
        wrapped.Version = version;
        return wrapped;
    }

    public static void ShouldAppend(this Decision decision, params object[] expected)
    {
        Assert.False(decision.Rejected, decision.Rejection);
        Assert.Equal(expected.Select(Describe), decision.Events.Select(Describe));
    }

    public static string ShouldReject(this Decision decision, params string[] mentions)
    {
        Assert.True(decision.Rejected, "Expected a rejection but the decision accepted");
        Assert.Empty(decision.Events);
        foreach (var mention in mentions) Assert.Contains(mention, decision.Rejection!);
        return decision.Rejection!;
    }

    public static void ShouldRefuse(this Decision decision, Verdict verdict, params string[] mentions)
    {
        Assert.Equal(verdict, decision.Verdict);
        Assert.Empty(decision.Events);
        foreach (var mention in mentions) Assert.Contains(mention, decision.Rejection!);
    }

    private static string Describe(object e) => $"{e.GetType().Name} {System.Text.Json.JsonSerializer.Serialize(e, e.GetType())}";
}
