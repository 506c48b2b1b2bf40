using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Drivers.Abstractions;

namespace Ironic.Actors.Drivers.Fake;

/// <summary>
/// The "fake" BIOS interface: <c>apply_configuration</c> and <c>factory_reset</c> are manual clean steps and deploy
/// steps (priority 0) that succeed after the configured BIOS delay, and <c>cache_bios_settings</c> a manual clean step
/// that does nothing. As Ironic 21.4's fake does, <c>apply_configuration</c> makes the node's cached settings exactly the
/// given ones (name/value pairs, with any registry fields they carry) and <c>factory_reset</c> removes them all;
/// caching reads nothing (a verify leaves the cache alone).
/// </summary>
public sealed class FakeBios : IBiosInterface
{
    public static StepDefinition ApplyConfigurationStep { get; } = new(InterfaceTypes.Bios, "apply_configuration", 0, false, new JsonObject
    {
        ["settings"] = new JsonObject
        {
            ["description"] = "List of BIOS settings, each item needs to contain a dictionary with name/value pairs",
            ["required"] = true,
        },
    });

    public static StepDefinition FactoryResetStep { get; } = new(InterfaceTypes.Bios, "factory_reset", 0, false, null);

    /// <summary>Ironic 21.4's fake offers its (empty) caching as a manual clean step too.</summary>
    public static StepDefinition CacheBiosSettingsStep { get; } = new(InterfaceTypes.Bios, "cache_bios_settings", 0, false, null);

    private readonly FakeDelayer _delay;

    public FakeBios(FakeDelays? delays = null, TimeProvider? time = null, Random? random = null)
    {
        _delay = new FakeDelayer(delays, InterfaceTypes.Bios, time, random);
    }

    public string Name => "fake";
    public string InterfaceType => InterfaceTypes.Bios;

    public ValidationResult Validate(Node node) => ValidationResult.Ok;

    public async Task ApplyConfigurationAsync(Node node, JsonArray settings, CancellationToken ct) =>
        _ = await ApplyAsync(settings, ct);

    public Task FactoryResetAsync(Node node, CancellationToken ct) => _delay.WaitAsync(ct);

    public async Task<IReadOnlyList<BiosSetting>?> CacheBiosSettingsAsync(Node node, CancellationToken ct)
    {
        await _delay.WaitAsync(ct);
        return null;
    }

    public IReadOnlyList<StepDefinition> GetCleanSteps(Node node) => [ApplyConfigurationStep, FactoryResetStep, CacheBiosSettingsStep];

    /// <summary>Apply and reset are deploy steps too (priority 0: a deploy template or the request enables them).</summary>
    public IReadOnlyList<StepDefinition> GetDeploySteps(Node node) => [ApplyConfigurationStep, FactoryResetStep];

    public async Task<IReadOnlyList<BiosSetting>?> ExecuteBiosStepAsync(Node node, string step, JsonObject args, bool deploy, CancellationToken ct)
    {
        if (step == ApplyConfigurationStep.Step)
            return await ApplyAsync(args["settings"], ct);
        if (step == FactoryResetStep.Step)
        {
            await FactoryResetAsync(node, ct);
            return [];
        }
        if (step == CacheBiosSettingsStep.Step && !deploy)
            return await CacheBiosSettingsAsync(node, ct);
        throw DriverException.UnsupportedStep(deploy ? "deploy" : "clean", InterfaceType, step);
    }

    public Task ExecuteDeployStepAsync(Node node, string step, JsonObject args, CancellationToken ct) =>
        ExecuteBiosStepAsync(node, step, args, deploy: true, ct);

    public Task ExecuteCleanStepAsync(Node node, string step, JsonObject args, CancellationToken ct) =>
        ExecuteBiosStepAsync(node, step, args, deploy: false, ct);

    /// <summary>The settings to store: the given ones, read as Ironic's fake reads them (a missing key fails the step with its name).</summary>
    private async Task<IReadOnlyList<BiosSetting>> ApplyAsync(JsonNode? settings, CancellationToken ct)
    {
        await _delay.WaitAsync(ct);
        var (parsed, error) = BiosSettings.Parse(settings);
        return parsed ?? throw new DriverException(error!);
    }
}
