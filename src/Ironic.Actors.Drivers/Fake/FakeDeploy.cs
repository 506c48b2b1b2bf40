using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Drivers.Abstractions;

namespace Ironic.Actors.Drivers.Fake;

/// <summary>The "fake" deploy interface: one deploy step, <c>deploy</c> (priority 100), that returns at once.</summary>
public sealed class FakeDeploy : IDeployInterface
{
    /// <summary>The single deploy step.</summary>
    public static StepDefinition DeployStep => IDeployInterface.CoreDeployStep;

    private readonly FakeDelayer _delay;

    public FakeDeploy(FakeDelays? delays = null, TimeProvider? time = null, Random? random = null)
    {
        _delay = new FakeDelayer(delays, InterfaceTypes.Deploy, time, random);
    }

    public string Name => "fake";
    public string InterfaceType => InterfaceTypes.Deploy;

    public ValidationResult Validate(Node node) => ValidationResult.Ok;

    public IReadOnlyList<StepDefinition> GetDeploySteps(Node node) => [DeployStep];

    public Task ExecuteDeployStepAsync(Node node, string step, JsonObject args, CancellationToken ct) =>
        step == DeployStep.Step
            ? DeployAsync(node, ct)
            : Task.FromException(DriverException.UnsupportedStep("deploy", InterfaceType, step));

    public Task DeployAsync(Node node, CancellationToken ct) => _delay.WaitAsync(ct);
    public Task TearDownAsync(Node node, CancellationToken ct) => _delay.WaitAsync(ct);
    public Task PrepareAsync(Node node, CancellationToken ct) => _delay.WaitAsync(ct);
    public Task CleanUpAsync(Node node, CancellationToken ct) => _delay.WaitAsync(ct);
    public Task TakeOverAsync(Node node, CancellationToken ct) => _delay.WaitAsync(ct);
}
