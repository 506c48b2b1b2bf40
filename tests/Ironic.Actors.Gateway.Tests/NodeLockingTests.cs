using System.Diagnostics;
using System.Text.Json.Nodes;
using Ironic.Actors.Gateway.Tests.Infrastructure;
using NUnit.Framework;
using NUnit.Framework.Interfaces;

namespace Ironic.Actors.Gateway.Tests;

/// <summary>
/// The node lock around driver calls, against a server whose fake power, management and vendor interfaces
/// take a few seconds: setting the boot device and exclusive vendor methods hold the node's reservation until
/// they end (other writes get 409 <c>NodeLocked</c>), read-only calls run alongside, and trait changes are
/// refused while power work runs.
/// </summary>
[TestFixture]
public sealed class NodeLockingTests
{
    private const int DelaySeconds = 3;

    private ServerProcess _server = null!;
    private IronicClient _api = null!;
    private int _logMark;

    private string LockedMessage(string uuid) =>
        $"Node {uuid} is locked by host {_server.ConductorHost}, please retry after the current operation is completed.";

    [OneTimeSetUp]
    public async Task StartServerAsync()
    {
        var delay = DelaySeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _server = new ServerProcess(extraArguments:
        [
            "--Ironic:Hardware:FakeDelays:Power", delay,
            "--Ironic:Hardware:FakeDelays:Management", delay,
            "--Ironic:Hardware:FakeDelays:Vendor", delay,
        ]);
        try
        {
            await _server.StartAsync();
            _api = new IronicClient(_server.BaseAddress);
        }
        catch (Exception e) when (e is not AssertionException)
        {
            await TestContext.Progress.WriteLineAsync(_server.LogTail(400));
            throw;
        }
    }

    [SetUp]
    public void MarkServerLog() => _logMark = _server.LogMark;

    [TearDown]
    public void PrintServerLogOnFailure()
    {
        if (TestContext.CurrentContext.Result.Outcome.Status == TestStatus.Failed)
            TestContext.Out.WriteLine(_server.LogSince(_logMark));
    }

    [OneTimeTearDown]
    public async Task StopServerAsync()
    {
        _api?.Dispose();
        if (_server is not null)
            await _server.DisposeAsync();
    }

    [Test]
    public async Task Setting_the_boot_device_holds_the_lock_until_it_is_set()
    {
        var uuid = await _api.CreateFakeNodeAsync(NodeSteps.UniqueName("lock-boot"));
        var clock = Stopwatch.StartNew();

        var setting = _api.PutAsync($"/v1/nodes/{uuid}/management/boot_device", new JsonObject { ["boot_device"] = "pxe", ["persistent"] = true });
        await _api.WaitForNodeAsync(uuid, n => n["reservation"] is not null, "the boot device call to take the lock");

        using (Assert.EnterMultipleScope())
        {
            var node = await _api.GetNodeAsync(uuid);
            Assert.That(Expect.Str(node, "reservation"), Is.EqualTo(_server.ConductorHost), "reservation while the call runs");
            Expect.Error(await _api.PutAsync($"/v1/nodes/{uuid}/traits/CUSTOM_A", null), 409, LockedMessage(uuid));
            Expect.Error(await _api.PutAsync($"/v1/nodes/{uuid}/traits", new JsonObject { ["traits"] = new JsonArray() }), 409, LockedMessage(uuid));
            Expect.Error(await _api.PutAsync($"/v1/nodes/{uuid}/states/power", new JsonObject { ["target"] = "power on" }), 409, LockedMessage(uuid));
            Expect.Error(await _api.GetAsync($"/v1/nodes/{uuid}/management/boot_device"), 409, LockedMessage(uuid));
            Expect.Error(await _api.PutAsync($"/v1/nodes/{uuid}/management/boot_device", new JsonObject { ["boot_device"] = "pxe" }), 409,
                LockedMessage(uuid));
            // Read-only driver calls take no lock.
            Expect.Status(await _api.GetAsync($"/v1/nodes/{uuid}/validate"), 200);
            Expect.Status(await _api.GetAsync($"/v1/nodes/{uuid}/management/boot_device/supported"), 200);
            Expect.Status(await _api.GetAsync($"/v1/nodes/{uuid}/vendor_passthru/methods"), 200);
        }

        var set = await setting;
        Expect.Empty(set, 204);
        Assert.That(clock.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(DelaySeconds - 0.5)), "204 only once the driver is done");
        var after = await _api.GetNodeAsync(uuid);
        Assert.That(after["reservation"], Is.Null);
        Assert.That(after["traits"]!.ToJsonString(), Is.EqualTo("[]"), "nothing refused was stored");
        Expect.Empty(await _api.PutAsync($"/v1/nodes/{uuid}/traits/CUSTOM_A", null), 204);
    }

    [Test]
    public async Task Trait_changes_and_boot_device_calls_are_409_while_power_work_runs()
    {
        var uuid = await _api.CreateFakeNodeAsync(NodeSteps.UniqueName("lock-power"));
        Expect.Empty(await _api.PutAsync($"/v1/nodes/{uuid}/traits/CUSTOM_KEEP", null), 204);

        Expect.Empty(await _api.PutAsync($"/v1/nodes/{uuid}/states/power", new JsonObject { ["target"] = "power on" }), 202);

        using (Assert.EnterMultipleScope())
        {
            Expect.Error(await _api.PutAsync($"/v1/nodes/{uuid}/traits/CUSTOM_A", null), 409, LockedMessage(uuid));
            Expect.Error(await _api.DeleteAsync($"/v1/nodes/{uuid}/traits/CUSTOM_KEEP"), 409, LockedMessage(uuid));
            Expect.Error(await _api.DeleteAsync($"/v1/nodes/{uuid}/traits"), 409, LockedMessage(uuid));
            Expect.Error(await _api.GetAsync($"/v1/nodes/{uuid}/management/boot_device"), 409, LockedMessage(uuid));
            Expect.Error(await _api.PostAsync($"/v1/nodes/{uuid}/vendor_passthru?method=third_method_sync", new JsonObject { ["bar"] = "meow" }),
                409, LockedMessage(uuid));
            var traits = await _api.GetAsync($"/v1/nodes/{uuid}/traits");
            Assert.That(traits.Body, Is.EqualTo("""{"traits": ["CUSTOM_KEEP"]}"""), "reads are served while locked");
        }

        await _api.WaitForPowerStateAsync(uuid, "power on");
        Expect.Empty(await _api.DeleteAsync($"/v1/nodes/{uuid}/traits/CUSTOM_KEEP"), 204);
    }

    [Test]
    public async Task An_exclusive_asynchronous_vendor_method_answers_202_at_once_and_locks_the_node_while_it_runs()
    {
        var uuid = await _api.CreateFakeNodeAsync(NodeSteps.UniqueName("lock-vendor"));
        var clock = Stopwatch.StartNew();

        var accepted = await _api.PostAsync($"/v1/nodes/{uuid}/vendor_passthru/second_method", new JsonObject { ["bar"] = "kazoo" });

        Expect.Empty(accepted, 202);
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(DelaySeconds)), "202 before the method has run");
        Expect.Error(await _api.PutAsync($"/v1/nodes/{uuid}/traits/CUSTOM_A", null), 409, LockedMessage(uuid));
        Assert.That(Expect.Str(await _api.GetNodeAsync(uuid), "reservation"), Is.EqualTo(_server.ConductorHost));

        await _api.WaitForNodeAsync(uuid, n => n["reservation"] is null, "the vendor method to end");
        Expect.Empty(await _api.PutAsync($"/v1/nodes/{uuid}/traits/CUSTOM_A", null), 204);
    }

    [Test]
    public async Task A_shared_lock_vendor_method_leaves_the_node_unlocked()
    {
        var uuid = await _api.CreateFakeNodeAsync(NodeSteps.UniqueName("lock-shared"));

        Expect.Empty(await _api.PostAsync($"/v1/nodes/{uuid}/vendor_passthru?method=fourth_method_shared_lock", new JsonObject { ["bar"] = "woof" }), 202);

        Assert.That((await _api.GetNodeAsync(uuid))["reservation"], Is.Null);
        Expect.Empty(await _api.PutAsync($"/v1/nodes/{uuid}/traits/CUSTOM_A", null), 204);
    }

    [Test]
    public async Task A_synchronous_vendor_method_answers_once_it_has_run()
    {
        var uuid = await _api.CreateFakeNodeAsync(NodeSteps.UniqueName("lock-sync"));
        var clock = Stopwatch.StartNew();

        var response = await _api.PostAsync($"/v1/nodes/{uuid}/vendor_passthru?method=third_method_sync", new JsonObject { ["bar"] = "meow" });

        Expect.Status(response, 200);
        Assert.That(response.Body, Is.EqualTo("true"));
        Assert.That(clock.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(DelaySeconds - 0.5)));
        Assert.That((await _api.GetNodeAsync(uuid))["reservation"], Is.Null);
    }
}
