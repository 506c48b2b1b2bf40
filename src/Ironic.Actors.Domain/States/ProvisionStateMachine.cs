using static Ironic.Actors.Domain.States.ProvisionEvents;
using static Ironic.Actors.Domain.States.ProvisionStates;

namespace Ironic.Actors.Domain.States;

/// <summary>One edge of the provision state machine.</summary>
public sealed record Transition(string From, string Event, string To);

/// <summary>
/// Ironic 21.4's provision state machine as a table, plus the API verb mapping and the default
/// target of each state. Pure data and look-ups; no side effects.
/// </summary>
public static class ProvisionStateMachine
{
    public static readonly IReadOnlyList<Transition> Transitions =
    [
        new(Enroll, Manage, Verifying),
        new(Verifying, Done, Manageable),
        new(Verifying, Fail, Enroll),
        new(Manageable, Provide, Cleaning),
        new(Manageable, Clean, Cleaning),
        new(Manageable, Inspect, Inspecting),
        new(Manageable, Adopt, Adopting),
        new(Available, Manage, Manageable),
        new(Available, Deploy, Deploying),
        new(Deploying, Wait, WaitCallBack),
        new(Deploying, Done, Active),
        new(Deploying, Fail, DeployFailed),
        new(WaitCallBack, Resume, Deploying),
        new(WaitCallBack, Fail, DeployFailed),
        new(WaitCallBack, ProvisionEvents.Delete, Deleting),
        new(DeployFailed, Deploy, Deploying),
        new(DeployFailed, Rebuild, Deploying),
        new(DeployFailed, ProvisionEvents.Delete, Deleting),
        new(Active, Rebuild, Deploying),
        new(Active, ProvisionEvents.Delete, Deleting),
        new(Active, ProvisionEvents.Rescue, Rescuing),
        new(Deleting, Clean, Cleaning),
        new(Deleting, Fail, ProvisionStates.Error),
        new(ProvisionStates.Error, Rebuild, Deploying),
        new(ProvisionStates.Error, ProvisionEvents.Delete, Deleting),
        new(Cleaning, Done, Available),
        new(Cleaning, Manage, Manageable),
        new(Cleaning, Wait, CleanWait),
        new(Cleaning, Fail, CleanFailed),
        new(CleanWait, Resume, Cleaning),
        new(CleanWait, Fail, CleanFailed),
        new(CleanWait, Abort, CleanFailed),
        new(CleanFailed, Manage, Manageable),
        new(Inspecting, Done, Manageable),
        new(Inspecting, Wait, InspectWait),
        new(Inspecting, Fail, InspectFailed),
        new(InspectWait, Done, Manageable),
        new(InspectWait, Fail, InspectFailed),
        new(InspectWait, Abort, InspectFailed),
        new(InspectFailed, Manage, Manageable),
        new(InspectFailed, Inspect, Inspecting),
        new(Adopting, Done, Active),
        new(Adopting, Fail, AdoptFailed),
        new(AdoptFailed, Adopt, Adopting),
        new(AdoptFailed, Manage, Manageable),
        new(Rescuing, Done, ProvisionStates.Rescue),
        new(Rescuing, Wait, RescueWait),
        new(Rescuing, Fail, RescueFailed),
        new(RescueWait, Resume, Rescuing),
        new(RescueWait, Fail, RescueFailed),
        new(RescueWait, Abort, RescueFailed),
        new(RescueWait, ProvisionEvents.Delete, Deleting),
        new(ProvisionStates.Rescue, ProvisionEvents.Rescue, Rescuing),
        new(ProvisionStates.Rescue, Unrescue, Unrescuing),
        new(ProvisionStates.Rescue, ProvisionEvents.Delete, Deleting),
        new(RescueFailed, ProvisionEvents.Rescue, Rescuing),
        new(RescueFailed, Unrescue, Unrescuing),
        new(RescueFailed, ProvisionEvents.Delete, Deleting),
        new(Unrescuing, Done, Active),
        new(Unrescuing, Fail, UnrescueFailed),
        new(UnrescueFailed, ProvisionEvents.Rescue, Rescuing),
        new(UnrescueFailed, Unrescue, Unrescuing),
        new(UnrescueFailed, ProvisionEvents.Delete, Deleting),
    ];

    private static readonly Dictionary<(string, string), string> Edges =
        Transitions.ToDictionary(t => (t.From, t.Event), t => t.To);

    /// <summary>API <c>target</c> values of <c>PUT /states/provision</c> and the event each fires.</summary>
    public static readonly IReadOnlyDictionary<string, string> ApiVerbs = new Dictionary<string, string>
    {
        ["active"] = Deploy,
        ["deploy"] = Deploy,
        ["deleted"] = ProvisionEvents.Delete,
        ["undeploy"] = ProvisionEvents.Delete,
        ["manage"] = Manage,
        ["provide"] = Provide,
        ["inspect"] = Inspect,
        ["abort"] = Abort,
        ["clean"] = Clean,
        ["adopt"] = Adopt,
        ["rescue"] = ProvisionEvents.Rescue,
        ["unrescue"] = Unrescue,
        ["rebuild"] = Rebuild,
    };

    /// <summary>The minimum API microversion (minor) at which each verb is accepted.</summary>
    public static readonly IReadOnlyDictionary<string, int> VerbMinVersion = new Dictionary<string, int>
    {
        ["active"] = 1, ["deleted"] = 1, ["rebuild"] = 1, ["manage"] = 4, ["provide"] = 4, ["inspect"] = 6,
        ["abort"] = 13, ["clean"] = 15, ["adopt"] = 17, ["rescue"] = 38, ["unrescue"] = 38,
        ["deploy"] = 73, ["undeploy"] = 73,
    };

    /// <summary>The state a node moves to on <paramref name="evt"/>, or null when the event is not allowed.</summary>
    public static string? Next(string from, string evt) => Edges.GetValueOrDefault((from, evt));

    public static bool IsAllowed(string from, string evt) => Edges.ContainsKey((from, evt));

    /// <summary>Target shown while a node is in <paramref name="state"/>: null for stable states.</summary>
    public static string? DefaultTarget(string state) => state switch
    {
        Verifying or Inspecting or InspectWait or InspectFailed => Manageable,
        Cleaning or CleanWait or CleanFailed or Deleting => Available,
        Deploying or WaitCallBack or DeployFailed or Adopting or AdoptFailed or Unrescuing or UnrescueFailed => Active,
        Rescuing or RescueWait or RescueFailed => ProvisionStates.Rescue,
        _ => null,
    };
}
