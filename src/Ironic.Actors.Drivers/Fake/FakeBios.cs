using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Drivers.Abstractions;

namespace Ironic.Actors.Drivers.Fake;

/// <summary>
/// The "fake" BIOS interface: <c>apply_configuration</c> and <c>factory_reset</c> are manual clean steps
/// and deploy steps (priority 0) that succeed after the configured BIOS delay.
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

    private readonly FakeDelayer _delay;

    public FakeBios(FakeDelays? delays = null, TimeProvider? time = null, Random? random = null)
    {
        _delay = new FakeDelayer(delays, InterfaceTypes.Bios, time, random);
    }

    public string Name => "fake";
    public string InterfaceType => InterfaceTypes.Bios;

    public ValidationResult Validate(Node node) => ValidationResult.Ok;

    public Task ApplyConfigurationAsync(Node node, JsonArray settings, CancellationToken ct) => _delay.WaitAsync(ct);
    public Task FactoryResetAsync(Node node, CancellationToken ct) => _delay.WaitAsync(ct);
    public Task CacheBiosSettingsAsync(Node node, CancellationToken ct) => _delay.WaitAsync(ct);

    public IReadOnlyList<StepDefinition> GetCleanSteps(Node node) => [ApplyConfigurationStep, FactoryResetStep];

    /// <summary>The same two steps are deploy steps too (priority 0: a deploy template or the request enables them), as in Ironic.</summary>
    public IReadOnlyList<StepDefinition> GetDeploySteps(Node node) => [ApplyConfigurationStep, FactoryResetStep];

    public Task ExecuteDeployStepAsync(Node node, string step, JsonObject args, CancellationToken ct) =>
        step == FactoryResetStep.Step || step == ApplyConfigurationStep.Step
            ? ExecuteCleanStepAsync(node, step, args, ct)
            : Task.FromException(DriverException.UnsupportedStep("deploy", InterfaceType, step));

    public Task ExecuteCleanStepAsync(Node node, string step, JsonObject args, CancellationToken ct)
    {
        if (step == FactoryResetStep.Step)
            return FactoryResetAsync(node, ct);
        if (step != ApplyConfigurationStep.Step)
            return Task.FromException(DriverException.UnsupportedStep("clean", InterfaceType, step));
        return args["settings"] is JsonArray settings
            ? ApplyConfigurationAsync(node, settings, ct)
            : Task.FromException(DriverException.MissingParameter("The 'settings' argument (a list of name/value pairs) is required for the apply_configuration step."));
    }
}
