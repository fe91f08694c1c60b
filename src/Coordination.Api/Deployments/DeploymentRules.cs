using Coordination.Districts;
using Coordination.Infrastructure.Json;

namespace Coordination.Deployments;

public static class DeploymentRules
{
    public static Message? NotSentBy(ClaimsPrincipal user, Deployment deployment) =>
        user.ActsForDistrict(deployment.District) ? null : new Message("deployment-other-district", deployment.TeamName, KalimantanBarat.Named(deployment.District));

    /// <summary>A deployment status in words (di lokasi, ditarik, …).</summary>
    public static Message Named(this DeploymentStatus status) => new($"deployment-{Kebab.Name(status)}");
}
