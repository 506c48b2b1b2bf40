using System.Collections.ObjectModel;
using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Nodes;

namespace Ironic.Actors.Drivers.Abstractions;

/// <summary>
/// One implementation of one of Ironic's twelve interface types (e.g. the "fake" power interface).
/// Implementations are shared by every node of a conductor, so they keep no per-node state: all they
/// know about a node comes from the <see cref="Node"/> passed in.
/// </summary>
public interface IDriverInterface
{
    /// <summary>Implementation name, as stored in <c>node.&lt;type&gt;_interface</c> ("fake", "noop", "no-bios", ...).</summary>
    string Name { get; }

    /// <summary>One of <see cref="InterfaceTypes.All"/>.</summary>
    string InterfaceType { get; }

    /// <summary>Checks that the node carries what this implementation needs (never touches hardware).</summary>
    ValidationResult Validate(Node node);

    /// <summary><c>driver_info</c> keys this implementation reads, mapped to a human description.</summary>
    IReadOnlyDictionary<string, string> GetProperties() => ReadOnlyDictionary<string, string>.Empty;

    /// <summary>Clean steps this implementation offers for <paramref name="node"/> (none by default).</summary>
    IReadOnlyList<StepDefinition> GetCleanSteps(Node node) => [];

    /// <summary>Runs one of <see cref="GetCleanSteps"/>; an unknown step fails with a <see cref="DriverException"/>.</summary>
    Task ExecuteCleanStepAsync(Node node, string step, JsonObject args, CancellationToken ct) =>
        Task.FromException(DriverException.UnsupportedStep("clean", InterfaceType, step));

    /// <summary>Deploy steps this implementation offers for <paramref name="node"/> (none by default).</summary>
    IReadOnlyList<StepDefinition> GetDeploySteps(Node node) => [];

    /// <summary>Runs one of <see cref="GetDeploySteps"/>; an unknown step fails with a <see cref="DriverException"/>.</summary>
    Task ExecuteDeployStepAsync(Node node, string step, JsonObject args, CancellationToken ct) =>
        Task.FromException(DriverException.UnsupportedStep("deploy", InterfaceType, step));
}
