using System.Text.Json.Nodes;
using Ironic.Actors.Conductor.Drivers;
using Ironic.Actors.Domain.Decisions;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Drivers;
using Ironic.Actors.Drivers.Abstractions;
using Ironic.Actors.Drivers.Fake;
using NUnit.Framework;

namespace Ironic.Actors.Conductor.Tests;

/// <summary>
/// Automated cleaning run by the conductor (deploy interfaces without an agent): steps with a positive priority, highest
/// first, and steps of equal priority in Ironic's interface order (power, management, deploy, bios, raid; Ironic's
/// CLEANING_INTERFACE_PRIORITY), not the order the node's interfaces are listed in.
/// </summary>
public sealed class AutomatedCleanOrderTests
{
    [Test]
    public async Task Steps_of_equal_priority_run_in_ironics_interface_order_after_higher_priorities()
    {
        var ran = new List<string>();
        var implementations = DriverCatalog.All(new HardwareOptions(), TimeProvider.System)
            .Where(i => i is not (FakePower or FakeManagement))
            .Append(new SteppingPower(ran, new StepDefinition("power", "power_tidy", 10, false, null)))
            .Append(new SteppingManagement(ran,
                new StepDefinition("management", "management_tidy", 10, false, null),
                new StepDefinition("management", "management_first", 20, false, null),
                new StepDefinition("management", "management_never", 0, false, null)));
        var runner = new DriverWorkRunner(new HardwareTypeRegistry(new HardwareOptions(), implementations), new ConductorOptions { Host = "c-1" });
        var node = new Node
        {
            Uuid = Guid.NewGuid(),
            Driver = "fake-hardware",
            ProvisionState = "cleaning",
            Interfaces = new NodeInterfaces("fake", "fake", "fake", "fake", "fake", "fake", "noop", "fake", "fake", "fake", "noop", "fake"),
            CreatedAt = DateTimeOffset.UnixEpoch,
        };

        var outcome = await runner.RunAsync(new NodeWork(WorkKind.Clean), node, CancellationToken.None);

        Assert.That(outcome.Success, Is.True, outcome.Error);
        Assert.That(ran, Is.EqualTo(new[] { "management_first", "power_tidy", "management_tidy" }));
    }

    /// <summary>Fake power with clean steps that note when they run.</summary>
    private sealed class SteppingPower(List<string> ran, params StepDefinition[] steps) : IPowerInterface
    {
        private readonly FakePower _fake = new();
        public string Name => _fake.Name;
        public string InterfaceType => _fake.InterfaceType;
        public ValidationResult Validate(Node node) => _fake.Validate(node);
        public Task<string?> GetPowerStateAsync(Node node, CancellationToken ct) => _fake.GetPowerStateAsync(node, ct);
        public Task<string> SetPowerStateAsync(Node node, string target, TimeSpan? timeout, CancellationToken ct) =>
            _fake.SetPowerStateAsync(node, target, timeout, ct);
        public IReadOnlyList<string> SupportedPowerStates(Node node) => _fake.SupportedPowerStates(node);
        public IReadOnlyList<StepDefinition> GetCleanSteps(Node node) => steps;

        public Task ExecuteCleanStepAsync(Node node, string step, JsonObject args, CancellationToken ct)
        {
            ran.Add(step);
            return Task.CompletedTask;
        }
    }

    /// <summary>Fake management with clean steps that note when they run.</summary>
    private sealed class SteppingManagement(List<string> ran, params StepDefinition[] steps) : IManagementInterface
    {
        private readonly FakeManagement _fake = new();
        public string Name => _fake.Name;
        public string InterfaceType => _fake.InterfaceType;
        public ValidationResult Validate(Node node) => _fake.Validate(node);
        public Task<BootDeviceInfo> GetBootDeviceAsync(Node node, CancellationToken ct) => _fake.GetBootDeviceAsync(node, ct);
        public Task SetBootDeviceAsync(Node node, string device, bool persistent, CancellationToken ct) =>
            _fake.SetBootDeviceAsync(node, device, persistent, ct);
        public IReadOnlyList<string> SupportedBootDevices(Node node) => _fake.SupportedBootDevices(node);
        public IReadOnlyList<StepDefinition> GetCleanSteps(Node node) => steps;

        public Task ExecuteCleanStepAsync(Node node, string step, JsonObject args, CancellationToken ct)
        {
            ran.Add(step);
            return Task.CompletedTask;
        }
    }
}
