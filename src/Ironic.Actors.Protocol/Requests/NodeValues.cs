using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Domain.States;

namespace Ironic.Actors.Protocol.Requests;

/// <summary>
/// What the gateway needs to know of node values to check arguments and shape answers (known provision states,
/// interface types, trait forms), defined once by the domain.
/// </summary>
public static class NodeValues
{
    /// <summary>Whether <paramref name="state"/> is one of Ironic's provision states.</summary>
    public static bool IsKnownProvisionState(string state) => ProvisionStates.IsKnown(state);

    /// <summary>Ironic's hardware interface types, in its order (bios, boot, console, …).</summary>
    public static IReadOnlyList<string> InterfaceTypes => NodeInterfaces.Types;

    /// <summary>Why <paramref name="trait"/> is not a valid trait (Ironic's schema wording), or null.</summary>
    public static string? CheckTrait(string trait) => TraitRules.Check(trait);

    /// <summary>Python's repr of a string, as Ironic quotes traits in its errors.</summary>
    public static string TraitRepr(string value) => TraitRules.PyRepr(value);
}
