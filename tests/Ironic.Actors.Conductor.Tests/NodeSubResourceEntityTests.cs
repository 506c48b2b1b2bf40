using System.Text.Json.Nodes;
using Akka.Actor;
using Ironic.Actors.Domain.Decisions;
using Ironic.Actors.Domain.States;
using Ironic.Actors.Protocol.Nodes;
using NUnit.Framework;
using static Ironic.Actors.Protocol.Nodes.NodeCommands;
using static Ironic.Actors.Protocol.Nodes.NodeReplies;
using static Ironic.Actors.Protocol.Replies;
using static Ironic.Actors.Protocol.Nodes.NodeSubResourceCommands;

namespace Ironic.Actors.Conductor.Tests;

/// <summary>
/// The node entity's sub-resources on a real conductor (SQLite journal, real driver actors): traits are stored and
/// recovered, driver calls go through the driver actors, and locking calls hold the node's reservation.
/// </summary>
public sealed class NodeSubResourceEntityTests
{
    private string _dataDir = null!;

    [SetUp]
    public void CreateDataDirectory() => _dataDir = Directory.CreateTempSubdirectory("ironic-subresource-tests-").FullName;

    [TearDown]
    public void RemoveDataDirectory() => Directory.Delete(_dataDir, recursive: true);

    private static JsonObject FakeNodeBody() => new() { ["driver"] = "fake-hardware" };

    [Test]
    public async Task Traits_and_instance_info_written_by_requests_survive_a_restart()
    {
        var id = Guid.NewGuid();
        await using (var host = await ConductorHost.StartAsync(_dataDir))
        {
            await host.AskAsync<NodeView>(new CreateNode(id, FakeNodeBody(), ProvisionStates.Available));
            var set = await host.AskAsync<Accepted>(new SetTraits(id, ["HW_CPU_X86_AVX2", "CUSTOM_B", "CUSTOM_A"]));
            Assert.That(set.View.Node.Traits, Is.EqualTo(new[] { "CUSTOM_A", "CUSTOM_B", "HW_CPU_X86_AVX2" }));
            await host.AskAsync<Accepted>(new RemoveTrait(id, "CUSTOM_B"));
            await host.AskAsync<Accepted>(new ChangeProvisionState(id, new ProvisionRequest("active", ConfigDrive: JsonValue.Create("H4sIAAAA"))));
        }

        await using (var host = await ConductorHost.StartAsync(_dataDir))
        {
            var view = await host.AskAsync<NodeView>(new GetNode(id));
            Assert.Multiple(() =>
            {
                Assert.That(view.Node.Traits, Is.EqualTo(new[] { "CUSTOM_A", "HW_CPU_X86_AVX2" }));
                Assert.That(view.Node.InstanceInfo["configdrive"]!.GetValue<string>(), Is.EqualTo("H4sIAAAA"));
            });
        }
    }

    [Test]
    public async Task A_refused_trait_change_stores_nothing()
    {
        var id = Guid.NewGuid();
        await using var host = await ConductorHost.StartAsync(_dataDir);
        var created = await host.AskAsync<NodeView>(new CreateNode(id, FakeNodeBody(), ProvisionStates.Enroll));

        var missing = await host.AskAsync<Rejected>(new RemoveTrait(id, "CUSTOM_X"));
        Assert.That(missing.Kind, Is.EqualTo(RejectionKind.NotFound));
        var invalid = await host.AskAsync<Rejected>(new AddTrait(id, "lower"));
        Assert.That(invalid.Kind, Is.EqualTo(RejectionKind.Invalid));

        Assert.That((await host.AskAsync<NodeView>(new GetNode(id))).Version, Is.EqualTo(created.Version));
    }

    [Test]
    public async Task Driver_calls_answer_through_the_driver_actors()
    {
        var id = Guid.NewGuid();
        await using var host = await ConductorHost.StartAsync(_dataDir);
        await host.AskAsync<NodeView>(new CreateNode(id, FakeNodeBody(), ProvisionStates.Enroll));

        var report = await host.AskAsync<DriverCallReplies.ValidationReport>(new ValidateInterfaces(id));
        Assert.That(report.Interfaces.Select(i => i.Interface),
            Is.EqualTo(new[] { "bios", "boot", "console", "deploy", "inspect", "management", "network", "power", "raid", "rescue", "storage" }));
        Assert.That(report.Interfaces.All(i => i.Result && i.Reason is null), Is.True);

        var device = await host.AskAsync<DriverCallReplies.BootDevice>(new GetBootDevice(id));
        Assert.That(device, Is.EqualTo(new DriverCallReplies.BootDevice("pxe", false)));
        Assert.That(await host.AskAsync<object>(new SetBootDevice(id, "pxe", true)), Is.TypeOf<DriverCallReplies.Done>());
        var refused = await host.AskAsync<DriverCallReplies.Failed>(new SetBootDevice(id, "disk", false));
        Assert.That(refused, Is.EqualTo(new DriverCallReplies.Failed(400, "Invalid boot device disk specified.")));
        var supported = await host.AskAsync<DriverCallReplies.SupportedBootDevices>(new GetSupportedBootDevices(id));
        Assert.That(supported.Devices, Is.EqualTo(new[] { "pxe" }));

        var methods = await host.AskAsync<DriverCallReplies.VendorMethods>(new GetVendorMethods(id));
        Assert.That(methods.Methods.Select(m => m.Name), Is.EqualTo(new[] { "fourth_method_shared_lock", "second_method", "third_method_sync" }));
        var sync = await host.AskAsync<DriverCallReplies.VendorCallResult>(
            new CallVendorMethod(id, "third_method_sync", "POST", new JsonObject { ["bar"] = "meow" }));
        Assert.That((sync.Async, sync.Return?.ToJsonString()), Is.EqualTo((false, "true")));
        var noHandler = await host.AskAsync<DriverCallReplies.Failed>(new CallVendorMethod(id, "nope", "POST", new JsonObject()));
        Assert.That(noHandler.Message, Is.EqualTo("No handler for method nope"));
    }

    [Test]
    public async Task Driver_calls_to_an_unknown_node_are_404()
    {
        await using var host = await ConductorHost.StartAsync(_dataDir);
        var missing = await host.AskAsync<Rejected>(new GetBootDevice(Guid.NewGuid()));
        Assert.That(missing.Kind, Is.EqualTo(RejectionKind.NotFound));
    }

    [Test]
    public async Task Setting_the_boot_device_holds_the_reservation_until_done()
    {
        var id = Guid.NewGuid();
        await using var host = await ConductorHost.StartAsync(_dataDir, o => o.Hardware.FakeDelays.Management = "2");
        await host.AskAsync<NodeView>(new CreateNode(id, FakeNodeBody(), ProvisionStates.Enroll));

        var setting = host.Region.Ask<object>(new SetBootDevice(id, "pxe", false), TimeSpan.FromSeconds(15));
        var locked = await host.AskAsync<NodeView>(new GetNode(id));
        while (locked.Reservation is null && !setting.IsCompleted)
            locked = await host.AskAsync<NodeView>(new GetNode(id));

        Assert.That(locked.Reservation, Is.EqualTo("test-conductor"));
        var refused = await host.AskAsync<Rejected>(new AddTrait(id, "CUSTOM_A"));
        Assert.That(refused.Kind, Is.EqualTo(RejectionKind.Conflict));
        Assert.That(await host.AskAsync<object>(new ValidateInterfaces(id)), Is.TypeOf<DriverCallReplies.ValidationReport>(),
            "validation takes no lock");

        Assert.That(await setting, Is.TypeOf<DriverCallReplies.Done>());
        Assert.That((await host.AskAsync<NodeView>(new GetNode(id))).Reservation, Is.Null);
        await host.AskAsync<Accepted>(new AddTrait(id, "CUSTOM_A"));
    }
}
