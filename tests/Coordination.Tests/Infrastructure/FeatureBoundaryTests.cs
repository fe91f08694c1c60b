using NetArchTest.Rules;

namespace Coordination.Tests.Infrastructure;

/// <summary>
/// The service's folders hold to their layout (README "Layout"): a feature may use another's types in one direction only,
/// messages between them travel through Wolverine, and the infrastructure names no feature. Read from the compiled service
/// (signatures and method bodies alike), so a reference written with a namespace's name in full counts as much as a using.
/// </summary>
public class FeatureBoundaryTests
{
    private static readonly System.Reflection.Assembly Service = typeof(Program).Assembly;

    /// <summary>Every namespace directly under Coordination but the infrastructure, the generated code and the texts (Resources).</summary>
    private static readonly string[] Features = Service.GetTypes()
        .Select(t => t.Namespace?.Split('.') ?? [])
        .Where(parts => parts.Length >= 2 && parts[0] == "Coordination" && parts[1] is not ("Infrastructure" or "Internal" or "Resources"))
        .Select(parts => $"Coordination.{parts[1]}").Distinct().Order().ToArray();

    /// <summary>The service's types as NetArchTest read them, once for every rule.</summary>
    private static readonly Types Read = Types.InAssembly(Service);

    private static bool Uses(string feature, string other) =>
        !Read.That().ResideInNamespace(feature).ShouldNot().HaveDependencyOn(other).GetResult().IsSuccessful;

    [Fact]
    public void the_features_are_found()
    {
        Assert.Contains("Coordination.Incidents", Features);
        Assert.Contains("Coordination.Deployments", Features);
        Assert.Contains("Coordination.History", Features);
        Assert.True(Uses("Coordination.History", "Coordination.Deployments"), "the replay reads the deployments' sums");
    }

    [Fact]
    public void no_two_features_use_each_other()
    {
        var both = (from a in Features
                    from b in Features
                    where string.CompareOrdinal(a, b) < 0 && Uses(a, b) && Uses(b, a)
                    select $"{a} ↔ {b}").ToList();
        Assert.True(both.Count == 0, "features that use each other: " + string.Join(", ", both));
    }

    [Fact]
    public void the_infrastructure_names_no_feature()
    {
        var named = Features.Where(f => Uses("Coordination.Infrastructure", f)).ToList();
        Assert.True(named.Count == 0, "the infrastructure uses: " + string.Join(", ", named));
    }
}
