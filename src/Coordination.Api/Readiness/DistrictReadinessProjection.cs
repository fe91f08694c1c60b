using Coordination.Drills;
using Coordination.Personnel;
using Coordination.Requests;
using JasperFx.Events;
using Marten.Events.Projections;

namespace Coordination.Readiness;

/// <summary>
/// Grouped by district code. Async: it spans every stream of a district, and the daemon applies events one at a time,
/// so concurrent commands in one district never overwrite each other's facts.
/// </summary>
public partial class DistrictReadinessProjection : MultiStreamProjection<DistrictReadiness, string>
{
    public DistrictReadinessProjection()
    {
        Identity<PersonnelRegistered>(e => e.District);
        Identity<TrainingCompleted>(e => e.District);
        Identity<AvailabilitySet>(e => e.District);
        Identity<PersonnelAssigned>(e => e.District);
        Identity<PersonnelReleased>(e => e.District);
        Identity<DrillHeld>(e => e.District);
        Identity<PersonnelRequested>(e => e.District);
        Identity<RequestAccepted>(e => e.District);
        Identity<RequestDeclined>(e => e.District);
        Identity<RequestCancelled>(e => e.District);
    }

    public void Apply(PersonnelRegistered e, DistrictReadiness view) => view.On(e);
    public void Apply(TrainingCompleted e, DistrictReadiness view) => view.On(e);
    public void Apply(AvailabilitySet e, DistrictReadiness view) => view.On(e);
    public void Apply(PersonnelAssigned e, DistrictReadiness view) => view.On(e);
    public void Apply(PersonnelReleased e, DistrictReadiness view) => view.On(e);
    public void Apply(DrillHeld e, DistrictReadiness view) => view.On(e);
    public void Apply(IEvent<PersonnelRequested> e, DistrictReadiness view) => view.Requested(e.Data.RequestId, e.Timestamp);
    public void Apply(IEvent<RequestAccepted> e, DistrictReadiness view) => view.Answered(e.Data.RequestId, e.Timestamp);
    public void Apply(IEvent<RequestDeclined> e, DistrictReadiness view) => view.Answered(e.Data.RequestId, e.Timestamp);
    public void Apply(RequestCancelled e, DistrictReadiness view) => view.On(e);
}
