using System.Text.Json.Nodes;
using Ironic.Actors.Gateway.Tests.Infrastructure;
using NUnit.Framework;
using NUnit.Framework.Interfaces;

namespace Ironic.Actors.Gateway.Tests;

/// <summary>
/// The node lock around driver calls, against a server whose fake power, management and vendor calls are held in
/// flight for as long as a test chooses (<c>Ironic:Hardware:FakeDelays:HoldFile</c>): setting the boot device and
/// exclusive vendor methods hold the node's reservation until they end (other writes get 409 <c>NodeLocked</c>),
/// read-only calls run alongside, and trait changes are refused while power work runs. No test races a fixed delay:
/// each holds the driver, waits until the node shows the lock, sends the conflicting calls, then releases it.
/// </summary>
[TestFixture]
public sealed class NodeLockingTests
{
    private ServerProcess _server = null!;
    private IronicClient _api = null!;
    private int _logMark;
    private string _holdFile = null!;

    private string LockedMessage(string uuid) =>
        $"Node {uuid} is locked by host {_server.ConductorHost}, please retry after the current operation is completed.";

    [OneTimeSetUp]
    public async Task StartServerAsync()
    {
        // Released (the file exists) unless a test holds the driver calls.
        _holdFile = Path.Combine(Path.GetTempPath(), "ironic-locking-hold-" + Guid.NewGuid().ToString("N"));
        await File.WriteAllTextAsync(_holdFile, "");
        _server = new ServerProcess(extraArguments:
        [
            "--Ironic:Hardware:FakeDelays:Power", "1",
            "--Ironic:Hardware:FakeDelays:Management", "1",
            "--Ironic:Hardware:FakeDelays:Vendor", "1",
            "--Ironic:Hardware:FakeDelays:HoldFile", _holdFile,
            // A held call may take as long as a loaded machine needs for the conflicting requests.
            "--Ironic:Gateway:AskTimeout", "00:02:00",
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
        File.Delete(_holdFile);
    }

    /// <summary>Holds the server's delayed fake calls in flight until <see cref="DriverHold.Release"/> (or disposal).</summary>
    private DriverHold HoldDriverCalls()
    {
        File.Delete(_holdFile);
        return new DriverHold(_holdFile);
    }

    private sealed class DriverHold(string file) : IDisposable
    {
        public void Release() => File.WriteAllText(file, "");

        public void Dispose() => Release();
    }

    [Test]
    public async Task Setting_the_boot_device_holds_the_lock_until_it_is_set()
    {
        var uuid = await _api.CreateFakeNodeAsync(NodeSteps.UniqueName("lock-boot"));
        using var hold = HoldDriverCalls();

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
            Assert.That(setting.IsCompleted, Is.False, "no answer while the driver call is held");
        }

        hold.Release();
        Expect.Empty(await setting, 204);
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
        using var hold = HoldDriverCalls();

        Expect.Empty(await _api.PutAsync($"/v1/nodes/{uuid}/states/power", new JsonObject { ["target"] = "power on" }), 202);
        await _api.WaitForNodeAsync(uuid, n => n["reservation"] is not null, "the power call to take the lock");

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
            Assert.That(Expect.Str(await _api.GetNodeAsync(uuid), "target_power_state"), Is.EqualTo("power on"), "the held call has not ended");
        }

        hold.Release();
        await _api.WaitForPowerStateAsync(uuid, "power on");
        Expect.Empty(await _api.DeleteAsync($"/v1/nodes/{uuid}/traits/CUSTOM_KEEP"), 204);
    }

    [Test]
    public async Task An_exclusive_asynchronous_vendor_method_answers_202_at_once_and_locks_the_node_while_it_runs()
    {
        var uuid = await _api.CreateFakeNodeAsync(NodeSteps.UniqueName("lock-vendor"));
        using var hold = HoldDriverCalls();

        // The method is held, so an answer now is an answer before it has run.
        var accepted = await _api.PostAsync($"/v1/nodes/{uuid}/vendor_passthru/second_method", new JsonObject { ["bar"] = "kazoo" });

        Expect.Empty(accepted, 202);
        await _api.WaitForNodeAsync(uuid, n => n["reservation"] is not null, "the vendor method to take the lock");
        Expect.Error(await _api.PutAsync($"/v1/nodes/{uuid}/traits/CUSTOM_A", null), 409, LockedMessage(uuid));
        Assert.That(Expect.Str(await _api.GetNodeAsync(uuid), "reservation"), Is.EqualTo(_server.ConductorHost));

        hold.Release();
        await _api.WaitForNodeAsync(uuid, n => n["reservation"] is null, "the vendor method to end");
        Expect.Empty(await _api.PutAsync($"/v1/nodes/{uuid}/traits/CUSTOM_A", null), 204);
    }

    [Test]
    public async Task A_shared_lock_vendor_method_leaves_the_node_unlocked()
    {
        var uuid = await _api.CreateFakeNodeAsync(NodeSteps.UniqueName("lock-shared"));
        using var hold = HoldDriverCalls();

        // Held in flight: whatever the method does, it does it without the node's exclusive lock.
        Expect.Empty(await _api.PostAsync($"/v1/nodes/{uuid}/vendor_passthru?method=fourth_method_shared_lock", new JsonObject { ["bar"] = "woof" }), 202);

        Assert.That((await _api.GetNodeAsync(uuid))["reservation"], Is.Null);
        Expect.Empty(await _api.PutAsync($"/v1/nodes/{uuid}/traits/CUSTOM_A", null), 204);
    }

    [Test]
    public async Task A_synchronous_vendor_method_answers_once_it_has_run()
    {
        var uuid = await _api.CreateFakeNodeAsync(NodeSteps.UniqueName("lock-sync"));
        using var hold = HoldDriverCalls();

        var calling = _api.PostAsync($"/v1/nodes/{uuid}/vendor_passthru?method=third_method_sync", new JsonObject { ["bar"] = "meow" });
        await _api.WaitForNodeAsync(uuid, n => n["reservation"] is not null, "the vendor method to take the lock");
        Assert.That(calling.IsCompleted, Is.False, "no answer while the method is held");

        hold.Release();
        var response = await calling;
        Expect.Status(response, 200);
        Assert.That(response.Body, Is.EqualTo("true"));
        Assert.That((await _api.GetNodeAsync(uuid))["reservation"], Is.Null);
    }
}
