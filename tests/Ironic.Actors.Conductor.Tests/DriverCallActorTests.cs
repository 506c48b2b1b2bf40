using System.Text.Json.Nodes;
using Akka.Actor;
using Ironic.Actors.Conductor.Drivers;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Drivers;
using Ironic.Actors.Drivers.Abstractions;
using Ironic.Actors.Protocol.Nodes;
using Ironic.Actors.TestKit;
using NUnit.Framework;

namespace Ironic.Actors.Conductor.Tests;

/// <summary>
/// The driver actors answer every driver call, with <c>serialize-messages</c> on (so each call and answer really
/// goes through the Ironic serializer), and word refusals as Ironic does.
/// </summary>
public sealed class DriverCallActorTests() : ActorTestBase("""
    akka.actor.serializers.ironic = "Ironic.Actors.Protocol.Serialization.IronicSerializer, Ironic.Actors.Protocol"
    akka.actor.serialization-bindings {
      "Ironic.Actors.Protocol.IIronicMessage, Ironic.Actors.Protocol" = ironic
      "Ironic.Actors.Domain.Events.INodeEvent, Ironic.Actors.Domain" = ironic
    }
    """)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private IActorRef _drivers = null!;

    [SetUp]
    public void StartDrivers()
    {
        var hardware = DriverCatalog.CreateRegistry(new HardwareOptions(), TimeProvider.System);
        _drivers = Sys.ActorOf(DriversActor.Props(new DriverWorkRunner(hardware, new ConductorOptions { Host = "c-1" })));
    }

    private static Node FakeNode(Func<NodeInterfaces, NodeInterfaces>? change = null)
    {
        var interfaces = new NodeInterfaces("fake", "fake", "fake", "fake", "fake", "fake", "noop", "fake", "fake", "fake", "noop", "fake");
        return new Node
        {
            Uuid = Guid.NewGuid(),
            Driver = "fake-hardware",
            ProvisionState = "manageable",
            Interfaces = change is null ? interfaces : change(interfaces),
            CreatedAt = DateTimeOffset.UnixEpoch,
        };
    }

    private async Task<T> Call<T>(DriverCalls.IDriverCall call) => await _drivers.Ask<T>(call, Wait);

    [Test]
    public async Task Validate_reports_eleven_interfaces_with_reasons_for_unsupported_ones()
    {
        var node = FakeNode(i => i with { Bios = "no-bios", Console = "no-console" });
        var report = await Call<DriverCallReplies.ValidationReport>(new DriverCalls.Validate(node.Uuid, node));

        Assert.That(report.Interfaces, Has.Count.EqualTo(11));
        Assert.That(report.Interfaces.Single(i => i.Interface == "bios"), Is.EqualTo(new DriverCallReplies.InterfaceValidation(
            "bios", false, "Driver fake-hardware does not support bios (disabled or not implemented).")));
        Assert.That(report.Interfaces.Single(i => i.Interface == "console").Result, Is.False);
        Assert.That(report.Interfaces.Where(i => i.Interface is not ("bios" or "console")).All(i => i.Result), Is.True);
    }

    [Test]
    public async Task An_interface_not_enabled_on_this_conductor_fails_validation_with_its_reason()
    {
        var node = FakeNode(i => i with { Raid = "irmc" });
        var report = await Call<DriverCallReplies.ValidationReport>(new DriverCalls.Validate(node.Uuid, node));
        var raid = report.Interfaces.Single(i => i.Interface == "raid");
        Assert.That(raid.Result, Is.False);
        Assert.That(raid.Reason, Does.Contain("irmc"));
    }

    [Test]
    public async Task Boot_device_calls()
    {
        var node = FakeNode();
        Assert.That(await Call<DriverCallReplies.BootDevice>(new DriverCalls.GetBootDevice(node.Uuid, node)),
            Is.EqualTo(new DriverCallReplies.BootDevice("pxe", false)));
        Assert.That(await Call<object>(new DriverCalls.SetBootDevice(node.Uuid, node, "pxe", true)), Is.TypeOf<DriverCallReplies.Done>());
        Assert.That(await Call<DriverCallReplies.Failed>(new DriverCalls.SetBootDevice(node.Uuid, node, "bios", false)),
            Is.EqualTo(new DriverCallReplies.Failed(400, "Invalid boot device bios specified.")));
        var supported = await Call<DriverCallReplies.SupportedBootDevices>(new DriverCalls.GetSupportedBootDevices(node.Uuid, node));
        Assert.That(supported.Devices, Is.EqualTo(new[] { "pxe" }));
    }

    [Test]
    public async Task Vendor_calls_are_checked_in_Ironics_order_then_run()
    {
        var node = FakeNode();
        var bar = new JsonObject { ["bar"] = "kazoo" };

        var noHandler = await Call<DriverCallReplies.Failed>(new DriverCalls.PrepareVendorCall(node.Uuid, node, "x", "POST", bar));
        var wrongVerb = await Call<DriverCallReplies.Failed>(new DriverCalls.PrepareVendorCall(node.Uuid, node, "second_method", "GET", bar));
        var noBar = await Call<DriverCallReplies.Failed>(new DriverCalls.PrepareVendorCall(node.Uuid, node, "second_method", "POST", new JsonObject()));
        Assert.Multiple(() =>
        {
            Assert.That(noHandler, Is.EqualTo(new DriverCallReplies.Failed(400, "No handler for method x")));
            Assert.That(wrongVerb, Is.EqualTo(new DriverCallReplies.Failed(400, "The method second_method does not support HTTP GET")));
            Assert.That(noBar, Is.EqualTo(new DriverCallReplies.Failed(400, "Parameter 'bar' not passed to method 'second_method'.")));
        });

        var plan = await Call<DriverCallReplies.VendorCallPlan>(new DriverCalls.PrepareVendorCall(node.Uuid, node, "second_method", "POST", bar));
        Assert.That((plan.Method.Async, plan.Method.RequireExclusiveLock), Is.EqualTo((true, true)));
        var result = await Call<DriverCallReplies.VendorCallResult>(new DriverCalls.InvokeVendorMethod(node.Uuid, node, "second_method", "POST", bar));
        Assert.That((result.Async, result.Return?.ToJsonString()), Is.EqualTo((true, "true")));

        var methods = await Call<DriverCallReplies.VendorMethods>(new DriverCalls.GetVendorMethods(node.Uuid, node));
        Assert.That(methods.Methods.Select(m => m.Name), Is.Ordered.Using((IComparer<string>)StringComparer.Ordinal));
    }

    [Test]
    public async Task Driver_failures_answer_500_with_their_text_and_never_leave_the_caller_waiting()
    {
        var implementations = DriverCatalog.All(new HardwareOptions(), TimeProvider.System)
            .Where(i => i is not Ironic.Actors.Drivers.Fake.FakeManagement).Append(new BrokenManagement());
        var hardware = new HardwareTypeRegistry(new HardwareOptions(), implementations);
        var drivers = Sys.ActorOf(DriversActor.Props(new DriverWorkRunner(hardware, new ConductorOptions { Host = "c-1" })));
        var node = FakeNode();

        var get = await drivers.Ask<DriverCallReplies.Failed>(new DriverCalls.GetBootDevice(node.Uuid, node), Wait);
        var set = await drivers.Ask<DriverCallReplies.Failed>(new DriverCalls.SetBootDevice(node.Uuid, node, "pxe", false), Wait);
        Assert.That(get, Is.EqualTo(new DriverCallReplies.Failed(500, "IPMI call failed: timeout")));
        Assert.That(set, Is.EqualTo(new DriverCallReplies.Failed(500, "the BMC hung up")));
        var report = await drivers.Ask<DriverCallReplies.ValidationReport>(new DriverCalls.Validate(node.Uuid, node), Wait);
        Assert.That(report.Interfaces.Single(i => i.Interface == "management").Reason, Is.EqualTo(
            "Unexpected exception, traceback saved into log by ironic conductor service that is running on c-1: validation exploded"));
    }

    /// <summary>A management interface whose every call fails, as a broken BMC would.</summary>
    private sealed class BrokenManagement : IManagementInterface
    {
        public string Name => "fake";
        public string InterfaceType => InterfaceTypes.Management;
        public bool Exploding { get; set; }

        public ValidationResult Validate(Node node) => Exploding ? throw new InvalidOperationException("validation exploded") : ValidationResult.Ok;

        public Task<BootDeviceInfo> GetBootDeviceAsync(Node node, CancellationToken ct) =>
            Task.FromException<BootDeviceInfo>(new DriverException("IPMI call failed: timeout"));

        public Task SetBootDeviceAsync(Node node, string device, bool persistent, CancellationToken ct)
        {
            Exploding = true; // from now on validation fails unexpectedly too
            return Task.FromException(new IOException("the BMC hung up"));
        }

        public IReadOnlyList<string> SupportedBootDevices(Node node) => ["pxe"];
    }

    [Test]
    public async Task A_node_with_no_vendor_interface_has_no_methods()
    {
        var node = FakeNode(i => i with { Vendor = "no-vendor" });
        var methods = await Call<DriverCallReplies.VendorMethods>(new DriverCalls.GetVendorMethods(node.Uuid, node));
        Assert.That(methods.Methods, Is.Empty);
        Assert.That(await Call<DriverCallReplies.Failed>(new DriverCalls.PrepareVendorCall(node.Uuid, node, "second_method", "POST", null)),
            Is.EqualTo(new DriverCallReplies.Failed(400, "No handler for method second_method")));
    }

    [Test]
    public async Task Driver_work_carries_the_nodes_ports_to_the_boot_interface_through_the_serializer()
    {
        var root = Path.Combine(Path.GetTempPath(), "driver-work-ports-" + Guid.NewGuid().ToString("N"));
        try
        {
            var options = new HardwareOptions { Pxe = { HttpRoot = root, HttpUrl = "http://10.0.0.1:8080", ApiUrl = "http://10.0.0.1:6385" } };
            var drivers = Sys.ActorOf(DriversActor.Props(new DriverWorkRunner(
                DriverCatalog.CreateRegistry(options, TimeProvider.System), new ConductorOptions { Host = "c-1" })));
            var node = FakeNode(i => i with { Boot = "ipxe", Deploy = "ramdisk" }) with
            {
                InstanceInfo = new JsonObject { ["boot_iso"] = "http://images/live.iso" },
            };
            var port = new Ironic.Actors.Domain.Ports.Port
            {
                Uuid = Guid.NewGuid(), NodeId = node.Uuid, Address = "52:54:00:aa:bb:cc", CreatedAt = DateTimeOffset.UnixEpoch,
            };

            var done = await drivers.Ask<DriverWork.Completed>(
                new DriverWork.Run(node.Uuid, 1, new Ironic.Actors.Domain.Decisions.NodeWork(Ironic.Actors.Domain.Decisions.WorkKind.Deploy), node, [port]), Wait);

            Assert.That(done.Outcome.Success, Is.True, done.Outcome.Error);
            Assert.That(File.ReadAllText(Path.Combine(root, "pxelinux.cfg", "52-54-00-aa-bb-cc")), Does.Contain("sanboot http://images/live.iso"));

            // Without ports the boot interface refuses, with Ironic's words.
            var other = node with { Uuid = Guid.NewGuid() };
            var refused = await drivers.Ask<DriverWork.Completed>(
                new DriverWork.Run(other.Uuid, 2, new Ironic.Actors.Domain.Decisions.NodeWork(Ironic.Actors.Domain.Decisions.WorkKind.Deploy), other), Wait);
            Assert.That(refused.Outcome.Error, Is.EqualTo(
                $"Validation of the deploy interface failed: Node {other.Uuid} does not have any port associated with it"));

            // GET /validate: the boot interface checks the ports the node sends along.
            var withoutPorts = await drivers.Ask<DriverCallReplies.ValidationReport>(new DriverCalls.Validate(other.Uuid, other), Wait);
            Assert.That(withoutPorts.Interfaces.Single(i => i.Interface == "boot").Reason,
                Is.EqualTo($"Node {other.Uuid} does not have any port associated with it"));
            var withPorts = await drivers.Ask<DriverCallReplies.ValidationReport>(
                new DriverCalls.Validate(node.Uuid, node) { Ports = [port] }, Wait);
            Assert.That(withPorts.Interfaces.Where(i => i.Interface is "boot" or "deploy").Select(i => i.Result), Is.All.True);
        }
        finally
        {
            if (Directory.Exists(root))
                Directory.Delete(root, recursive: true);
        }
    }
}
