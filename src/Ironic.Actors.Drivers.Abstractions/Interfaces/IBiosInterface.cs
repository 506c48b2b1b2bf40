using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Nodes;

namespace Ironic.Actors.Drivers.Abstractions;

/// <summary>BIOS settings (Ironic's <c>BIOSInterface</c>).</summary>
public interface IBiosInterface : IDriverInterface
{
    /// <summary>The steps after which Ironic caches the node's BIOS settings (its <c>cache_bios_settings</c> decorator).</summary>
    static readonly IReadOnlySet<string> CachingSteps = new HashSet<string>(StringComparer.Ordinal) { "apply_configuration", "factory_reset" };

    /// <summary>Applies a list of <c>{name, value}</c> settings; unsupported unless the implementation says otherwise.</summary>
    Task ApplyConfigurationAsync(Node node, JsonArray settings, CancellationToken ct) =>
        Task.FromException(DriverException.UnsupportedExtension(node.Driver, InterfaceType));

    /// <summary>Resets BIOS settings to factory defaults; unsupported unless the implementation says otherwise.</summary>
    Task FactoryResetAsync(Node node, CancellationToken ct) =>
        Task.FromException(DriverException.UnsupportedExtension(node.Driver, InterfaceType));

    /// <summary>
    /// Reads the node's BIOS settings to cache them (run when a node is verified and when cleaning starts, as Ironic's
    /// <c>node_cache_bios_settings</c>): the settings the node has now, or null when the interface reads none (the cache
    /// stays as it is). Nothing by default.
    /// </summary>
    Task<IReadOnlyList<BiosSetting>?> CacheBiosSettingsAsync(Node node, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<BiosSetting>?>(null);

    /// <summary>
    /// Runs one of this interface's clean steps (or deploy steps, <paramref name="deploy"/>) and answers the settings the
    /// node's cache must hold after it, or null to leave the cache alone. By default the step runs, then (after
    /// <c>apply_configuration</c> and <c>factory_reset</c>) the settings are read with <see cref="CacheBiosSettingsAsync"/>,
    /// as Ironic's bios interfaces do.
    /// </summary>
    async Task<IReadOnlyList<BiosSetting>?> ExecuteBiosStepAsync(Node node, string step, JsonObject args, bool deploy, CancellationToken ct)
    {
        if (deploy)
            await ExecuteDeployStepAsync(node, step, args, ct);
        else
            await ExecuteCleanStepAsync(node, step, args, ct);
        return CachingSteps.Contains(step) ? await CacheBiosSettingsAsync(node, ct) : null;
    }
}
