using System.Collections.Concurrent;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Domain.States;
using Ironic.Actors.Drivers;
using Ironic.Actors.Drivers.Abstractions;
using Ironic.Actors.Drivers.Fake;

namespace Ironic.Actors.Conductor.Tests.Periodic;

/// <summary>
/// Test BMCs for the periodic work: a "fake" power interface whose machines have a power state of their own
/// that a test can change behind the conductor's back (or make fail), and "fake" deploy, inspect and rescue
/// interfaces that hand their work to an agent that never calls back, so nodes stay in their wait states.
/// Shared by every conductor built on it, as real BMCs are shared by conductors.
/// </summary>
public sealed class ScriptedBmcs
{
    private readonly ConcurrentDictionary<Guid, string> _power = new();
    private readonly ConcurrentDictionary<Guid, string> _failing = new();
    private readonly ConcurrentDictionary<Guid, int> _reads = new();
    private readonly ConcurrentDictionary<Guid, bool> _hanging = new();
    private readonly ConcurrentQueue<(Guid Node, string Target)> _actions = new();

    /// <summary>When true, deploy, cleaning, inspection and rescue end in their wait states.</summary>
    public bool AgentsNeverCallBack { get; set; }

    /// <summary>The machine's actual power state (power off until something switches it).</summary>
    public string PowerOf(Guid node) => _power.GetValueOrDefault(node, PowerStates.PowerOff);

    /// <summary>Someone switched the machine at its front panel: the BMC now reports <paramref name="state"/>.</summary>
    public void Flip(Guid node, string state) => _power[node] = state;

    /// <summary>The BMC stops answering (every read and action fails with <paramref name="error"/>) or, with null, answers again.</summary>
    public void Fail(Guid node, string? error)
    {
        if (error is null)
            _failing.TryRemove(node, out _);
        else
            _failing[node] = error;
    }

    /// <summary>The BMC accepts requests and never answers (until the caller gives up).</summary>
    public void Hang(Guid node) => _hanging[node] = true;

    /// <summary>How many times the BMC of <paramref name="node"/> was read.</summary>
    public int ReadsOf(Guid node) => _reads.GetValueOrDefault(node);

    /// <summary>Power actions the conductor sent, in order.</summary>
    public IReadOnlyList<(Guid Node, string Target)> Actions => [.. _actions];

    /// <summary>The conductor's registry: the shipped implementations with these in place of the fake ones they replace.</summary>
    public HardwareTypeRegistry Registry(HardwareOptions options)
    {
        var replaced = new IDriverInterface[] { new Power(this), new Deploy(this), new Inspect(this), new Rescue(this) };
        var shipped = DriverCatalog.All(options, TimeProvider.System)
            .Where(i => !replaced.Any(r => r.InterfaceType == i.InterfaceType && r.Name == i.Name));
        return new HardwareTypeRegistry(options, shipped.Concat(replaced), KnownHardwareTypes.All);
    }

    private void ThrowIfFailing(Node node)
    {
        if (_failing.TryGetValue(node.Uuid, out var error))
            throw new DriverException(error);
    }

    private sealed class Power(ScriptedBmcs bmcs) : IPowerInterface
    {
        public string Name => "fake";
        public string InterfaceType => InterfaceTypes.Power;
        public ValidationResult Validate(Node node) => ValidationResult.Ok;

        public async Task<string?> GetPowerStateAsync(Node node, CancellationToken ct)
        {
            bmcs._reads.AddOrUpdate(node.Uuid, 1, (_, n) => n + 1);
            if (bmcs._hanging.ContainsKey(node.Uuid))
                await Task.Delay(Timeout.Infinite, ct);
            bmcs.ThrowIfFailing(node);
            return bmcs.PowerOf(node.Uuid);
        }

        public Task<string> SetPowerStateAsync(Node node, string target, TimeSpan? timeout, CancellationToken ct)
        {
            bmcs.ThrowIfFailing(node);
            bmcs._actions.Enqueue((node.Uuid, target));
            var result = PowerStates.ResultOf(target);
            bmcs._power[node.Uuid] = result;
            return Task.FromResult(result);
        }

        public IReadOnlyList<string> SupportedPowerStates(Node node) => [PowerStates.PowerOn, PowerStates.PowerOff, PowerStates.Rebooting];
    }

    private sealed class Deploy(ScriptedBmcs bmcs) : IDeployInterface
    {
        public string Name => "fake";
        public string InterfaceType => InterfaceTypes.Deploy;
        public ValidationResult Validate(Node node) => ValidationResult.Ok;
        public Task DeployAsync(Node node, CancellationToken ct) => Task.CompletedTask;
        public Task TearDownAsync(Node node, CancellationToken ct) => Task.CompletedTask;
        public bool DeployWaitsForAgent(Node node) => bmcs.AgentsNeverCallBack;
        public bool CleaningWaitsForAgent(Node node) => bmcs.AgentsNeverCallBack;
    }

    private sealed class Inspect(ScriptedBmcs bmcs) : IInspectInterface
    {
        public string Name => "fake";
        public string InterfaceType => InterfaceTypes.Inspect;
        public ValidationResult Validate(Node node) => ValidationResult.Ok;

        public Task<InspectionResult> InspectAsync(Node node, CancellationToken ct) =>
            Task.FromResult(bmcs.AgentsNeverCallBack ? new InspectionResult(Asynchronous: true) : InspectionResult.Done);
    }

    private sealed class Rescue(ScriptedBmcs bmcs) : IRescueInterface
    {
        public string Name => "fake";
        public string InterfaceType => InterfaceTypes.Rescue;
        public ValidationResult Validate(Node node) => ValidationResult.Ok;
        public Task RescueAsync(Node node, CancellationToken ct) => Task.CompletedTask;
        public Task UnrescueAsync(Node node, CancellationToken ct) => Task.CompletedTask;
        public bool RescueWaitsForAgent(Node node) => bmcs.AgentsNeverCallBack;
    }
}
