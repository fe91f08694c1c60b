using Coordination.Deployments;
using Coordination.Incidents;
using Marten.Events.Projections;

namespace Coordination.Coverage;

/// <summary>
/// Grouped by incident id. Service records are not read here: each team's snapshot totals them (<see cref="IncidentCoverage.ServedBy"/>). Async: it spans the incident's stream and every deployment's, and many teams record
/// services at once, so the daemon applies them one at a time rather than racing inline.
/// </summary>
public partial class IncidentCoverageProjection : MultiStreamProjection<IncidentCoverage, Guid>
{
    public IncidentCoverageProjection()
    {
        Identity<IncidentReported>(e => e.IncidentId);
        Identity<IncidentAssessed>(e => e.IncidentId);
        Identity<IncidentClosed>(e => e.IncidentId);
        Identity<TeamDeployed>(e => e.IncidentId);
        Identity<TeamArrived>(e => e.IncidentId);
        Identity<TeamStoodDown>(e => e.IncidentId);
    }

    public void Apply(IncidentReported e, IncidentCoverage view) => view.On(e);
    public void Apply(IncidentAssessed e, IncidentCoverage view) => view.On(e);
    public void Apply(IncidentClosed e, IncidentCoverage view) => view.On(e);
    public void Apply(TeamDeployed e, IncidentCoverage view) => view.On(e);
    public void Apply(TeamArrived e, IncidentCoverage view) => view.On(e);
    public void Apply(TeamStoodDown e, IncidentCoverage view) => view.On(e);
}
