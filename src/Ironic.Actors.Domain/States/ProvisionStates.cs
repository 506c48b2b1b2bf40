namespace Ironic.Actors.Domain.States;

/// <summary>Provision state names exactly as Ironic 21.4 spells them on the wire.</summary>
public static class ProvisionStates
{
    public const string Enroll = "enroll";
    public const string Verifying = "verifying";
    public const string Manageable = "manageable";
    public const string Inspecting = "inspecting";
    public const string InspectWait = "inspect wait";
    public const string InspectFailed = "inspect failed";
    public const string Cleaning = "cleaning";
    public const string CleanWait = "clean wait";
    public const string CleanFailed = "clean failed";
    public const string Available = "available";
    public const string Deploying = "deploying";
    public const string WaitCallBack = "wait call-back";
    public const string DeployFailed = "deploy failed";
    public const string Active = "active";
    public const string Deleting = "deleting";
    public const string Error = "error";
    public const string Adopting = "adopting";
    public const string AdoptFailed = "adopt failed";
    public const string Rescuing = "rescuing";
    public const string RescueWait = "rescue wait";
    public const string RescueFailed = "rescue failed";
    public const string Rescue = "rescue";
    public const string Unrescuing = "unrescuing";
    public const string UnrescueFailed = "unrescue failed";

    /// <summary>Every state, in the order of Ironic's state list.</summary>
    public static readonly IReadOnlyList<string> All =
    [
        Enroll, Verifying, Manageable, Inspecting, InspectWait, InspectFailed, Cleaning, CleanWait,
        CleanFailed, Available, Deploying, WaitCallBack, DeployFailed, Active, Deleting, Error,
        Adopting, AdoptFailed, Rescuing, RescueWait, RescueFailed, Rescue, Unrescuing, UnrescueFailed,
    ];

    /// <summary>States a node may rest in indefinitely; their target is always null.</summary>
    public static readonly IReadOnlySet<string> Stable =
        new HashSet<string> { Enroll, Manageable, Available, Active, Error, Rescue };

    /// <summary>States in which a conductor is actively working; a node found here with no work running
    /// (after a crash or restart) is failed, as Ironic's start-up and takeover do.</summary>
    public static readonly IReadOnlySet<string> Stuck = new HashSet<string>
    {
        Deploying, Cleaning, Verifying, Inspecting, Adopting, Rescuing, Unrescuing, Deleting,
    };

    /// <summary>States in which the node may be deleted outside maintenance.</summary>
    public static readonly IReadOnlyList<string> DeleteAllowed = [Manageable, Enroll, AdoptFailed, Available];

    /// <summary>States in which a node with a target state may still be updated.</summary>
    public static readonly IReadOnlySet<string> UpdateAllowedDuringTransition = new HashSet<string>
    {
        DeployFailed, Inspecting, InspectFailed, InspectWait, CleanFailed, Error, Verifying,
        AdoptFailed, RescueFailed, UnrescueFailed,
    };

    /// <summary>States in which interfaces (and resource class) may change outside maintenance.</summary>
    public static readonly IReadOnlySet<string> InterfaceChangeAllowed = new HashSet<string>
    {
        Enroll, Inspecting, InspectWait, Manageable, Available,
    };

    public static bool IsKnown(string state) => All.Contains(state);
}
