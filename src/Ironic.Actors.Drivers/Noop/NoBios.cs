using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Drivers.Abstractions;

namespace Ironic.Actors.Drivers.Noop;

/// <summary>"no-bios": BIOS settings are not supported; caching them (during verify) quietly does nothing.</summary>
public sealed class NoBios : IBiosInterface
{
    public string Name => "no-bios";
    public string InterfaceType => InterfaceTypes.Bios;

    public ValidationResult Validate(Node node) => Unsupported.Validation(node, InterfaceType);

    public Task ApplyConfigurationAsync(Node node, JsonArray settings, CancellationToken ct) => Unsupported.Action(node, InterfaceType);
    public Task FactoryResetAsync(Node node, CancellationToken ct) => Unsupported.Action(node, InterfaceType);
    public Task<IReadOnlyList<BiosSetting>?> CacheBiosSettingsAsync(Node node, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<BiosSetting>?>(null);
}
