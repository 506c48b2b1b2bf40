using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Domain.States;

namespace Ironic.Actors.Protocol.Requests;

/// <summary>
/// What the gateway needs to know of node values to check arguments and shape answers (known provision states,
/// interface types, trait forms), defined once by the domain.
/// </summary>
public static class NodeValues
{
    /// <summary>The provision state a new node starts in: enroll from API 1.11 (<paramref name="enrollSupported"/>), else available.</summary>
    public static string InitialProvisionState(bool enrollSupported) => enrollSupported ? ProvisionStates.Enroll : ProvisionStates.Available;

    /// <summary>The API version (minor) from which each provision verb may be asked for.</summary>
    public static IReadOnlyDictionary<string, int> VerbMinVersion => ProvisionStateMachine.VerbMinVersion;

    /// <summary>The soft power targets (soft rebooting, soft power off), which need API 1.27.</summary>
    public static IReadOnlySet<string> SoftPowerTargets => PowerStates.SoftTargets;

    /// <summary>Fields a POST /v1/nodes body may give.</summary>
    public static IReadOnlyCollection<string> CreatableFields => NodeDocument.CreatableFields;

    /// <summary>Root fields a node PATCH may touch (Ironic's PATCH_ALLOWED_FIELDS).</summary>
    public static IEnumerable<string> PatchableFields => NodeDocument.PatchableFields;

    /// <summary>
    /// The provision state as a client of an older API sees it: <c>available</c> is null to a client that does not know it
    /// (<paramref name="knowsAvailable"/>: before 1.2), <c>inspect wait</c> is <c>inspecting</c> to one that does not know
    /// it (<paramref name="knowsInspectWait"/>: before 1.39).
    /// </summary>
    public static string? ShownProvisionState(string state, bool knowsAvailable, bool knowsInspectWait) => state switch
    {
        ProvisionStates.Available when !knowsAvailable => null,
        ProvisionStates.InspectWait when !knowsInspectWait => ProvisionStates.Inspecting,
        _ => state,
    };

    /// <summary>Whether <paramref name="state"/> is one of Ironic's provision states.</summary>
    public static bool IsKnownProvisionState(string state) => ProvisionStates.IsKnown(state);

    /// <summary>Ironic's hardware interface types, in its order (bios, boot, console, …).</summary>
    public static IReadOnlyList<string> InterfaceTypes => NodeInterfaces.Types;

    /// <summary>Why <paramref name="trait"/> is not a valid trait (Ironic's schema wording), or null.</summary>
    public static string? CheckTrait(string trait) => TraitRules.Check(trait);

    /// <summary>Python's repr of a string, as Ironic quotes traits in its errors.</summary>
    public static string TraitRepr(string value) => TraitRules.PyRepr(value);
}
