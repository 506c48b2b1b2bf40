using Ironic.Actors.Drivers.Abstractions;
using Ironic.Actors.Drivers.Deploy;
using Ironic.Actors.Drivers.Fake;
using Ironic.Actors.Drivers.Ipmi;
using Ironic.Actors.Drivers.Noop;
using Ironic.Actors.Drivers.Redfish;

namespace Ironic.Actors.Drivers;

/// <summary>
/// Every interface implementation this code base ships, and the registry built over them. New drivers
/// add their implementations to <see cref="All"/> and their hardware type to <see cref="KnownHardwareTypes"/>.
/// </summary>
public static class DriverCatalog
{
    /// <summary>
    /// One instance of every implementation, enabled or not (the registry picks the enabled ones).
    /// Fake delays come from <paramref name="options"/> and run on <paramref name="time"/>.
    /// </summary>
    public static IEnumerable<IDriverInterface> All(HardwareOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        options.Validate();
        var delays = options.FakeDelays;
        // One runner and one HTTP client per catalog, shared by the power and management interfaces, so the
        // per-BMC command gap and the connection pools hold across both.
        var ipmi = new IpmitoolRunner(options.Ipmi, time);
        var redfish = new RedfishClient(options.Redfish, time);
        var agent = new Agent.AgentClient(options.Agent, time);
        // Downloads of deploy and instance kernels/ramdisks by the network boot interfaces.
        var images = new HttpClient { Timeout = TimeSpan.FromMinutes(10) };
        return
        [
            new FakeBios(delays, time),
            new FakeBoot(delays, time),
            new FakeConsole(),
            new FakeDeploy(delays, time),
            new FakeInspect(delays, time),
            new FakeManagement(delays, time),
            new FakePower(delays, time),
            new FakeRaid(delays, time),
            new FakeRescue(delays, time),
            new FakeStorage(delays, time),
            new FakeVendor(delays, time),
            new NoBios(),
            new NoConsole(),
            new NoInspect(),
            new NoRaid(),
            new NoRescue(),
            new NoVendor(),
            new NoopNetwork(),
            new Network.FlatNetwork(),
            new Storage.CinderStorage(),
            new NoopStorage(),
            new IpmitoolPower(ipmi, time),
            new IpmitoolManagement(ipmi),
            new RedfishPower(redfish, time),
            new RedfishManagement(redfish),
            new RedfishVirtualMediaBoot(redfish),
            new RedfishInspect(redfish),
            new Pxe.IpxeBoot(options.Pxe, images),
            new Pxe.PxeBoot(options.Pxe, images),
            new RamdiskDeploy(),
            new DirectDeploy(agent, options.Agent, time),
            new Agent.AgentRaid(),
        ];
    }

    /// <summary>The conductor's registry: throws <see cref="InvalidOperationException"/> when the configuration cannot work.</summary>
    public static HardwareTypeRegistry CreateRegistry(HardwareOptions options, TimeProvider time) =>
        new(options, All(options, time), KnownHardwareTypes.All);
}
