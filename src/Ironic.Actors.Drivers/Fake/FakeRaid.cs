using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Drivers.Abstractions;

namespace Ironic.Actors.Drivers.Fake;

/// <summary>
/// The "fake" RAID interface: creating and deleting configurations succeed without doing anything.
/// It can run the <c>apply_configuration</c> step Ironic's RAID interfaces may offer for deploys, but, as in
/// Ironic 21.4, does not list it among its deploy steps.
/// </summary>
public sealed class FakeRaid : IRaidInterface
{
    /// <summary>The RAID interface's deploy step.</summary>
    public static StepDefinition ApplyConfigurationStep { get; } = new(InterfaceTypes.Raid, "apply_configuration", 0, false, new JsonObject
    {
        ["raid_config"] = new JsonObject { ["description"] = "The RAID configuration to apply.", ["required"] = true },
        ["create_root_volume"] = new JsonObject { ["description"] = "Setting this to 'False' indicates not to create root volume that is specified in 'raid_config'. Default value is 'True'.", ["required"] = false },
        ["create_nonroot_volumes"] = new JsonObject { ["description"] = "Setting this to 'False' indicates not to create non-root volumes (all except the root volume) in 'raid_config'. Default value is 'True'.", ["required"] = false },
        ["delete_existing"] = new JsonObject { ["description"] = "Setting this to 'True' indicates to delete existing RAID configuration prior to creating the new configuration. Default value is 'True'.", ["required"] = false },
    });

    private readonly FakeDelayer _delay;

    public FakeRaid(FakeDelays? delays = null, TimeProvider? time = null, Random? random = null)
    {
        _delay = new FakeDelayer(delays, InterfaceTypes.Raid, time, random);
    }

    public string Name => "fake";
    public string InterfaceType => InterfaceTypes.Raid;

    public ValidationResult Validate(Node node) => ValidationResult.Ok;

    public Task CreateConfigurationAsync(Node node, bool createRootVolume, bool createNonRootVolumes, CancellationToken ct) =>
        _delay.WaitAsync(ct);

    public Task DeleteConfigurationAsync(Node node, CancellationToken ct) => _delay.WaitAsync(ct);

    /// <summary>
    /// None: Ironic 21.4's fake RAID interface does not offer <see cref="ApplyConfigurationStep"/> as a deploy step (a deploy
    /// template naming <c>raid.apply_configuration</c> is skipped for it, checked against the reference).
    /// </summary>
    public IReadOnlyList<StepDefinition> GetDeploySteps(Node node) => [];

    public Task ExecuteDeployStepAsync(Node node, string step, JsonObject args, CancellationToken ct)
    {
        if (step != ApplyConfigurationStep.Step)
            return Task.FromException(DriverException.UnsupportedStep("deploy", InterfaceType, step));
        if (args["raid_config"] is null)
            return Task.FromException(DriverException.MissingParameter("The 'raid_config' argument is required for the apply_configuration step."));
        return _delay.WaitAsync(ct);
    }
}
