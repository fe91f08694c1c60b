using Coordination.Infrastructure.Json;

namespace Coordination.Deployments;

public static class DeploymentRules
{
    public static string? NotSentBy(ClaimsPrincipal user, Deployment deployment) =>
        user.ActsForDistrict(deployment.District)
            ? null
            : $"Deployment {deployment.Id} was sent by district {deployment.District}; only its officers act on it.";

    public static string Describe(this Deployment deployment) =>
        $"Deployment {deployment.Id} ({deployment.TeamName}) is {Kebab.Name(deployment.Status)}";
}
