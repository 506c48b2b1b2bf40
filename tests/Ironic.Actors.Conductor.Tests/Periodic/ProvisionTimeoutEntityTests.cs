using System.Text.Json.Nodes;
using Akka.Actor;
using Ironic.Actors.Conductor.Periodic;
using Ironic.Actors.Domain.Decisions;
using Ironic.Actors.Domain.States;
using Ironic.Actors.Hosting;
using Ironic.Actors.Protocol.Periodic;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;
using static Ironic.Actors.Protocol.Nodes.NodeCommands;
using static Ironic.Actors.Protocol.Nodes.NodeReplies;

namespace Ironic.Actors.Conductor.Tests.Periodic;

/// <summary>
/// Provisioning time-outs on a real conductor whose clock the test controls: agents that never call back leave
/// nodes in their wait states; once the clock passes the time-out, the next check fails them as Ironic does.
/// </summary>
public sealed class ProvisionTimeoutEntityTests
{
    private string _dataDir = null!;
    private ScriptedBmcs _bmcs = null!;
    private FakeTimeProvider _clock = null!;

    [SetUp]
    public void SetUp()
    {
        _dataDir = Directory.CreateTempSubdirectory("ironic-timeout-tests-").FullName;
        _bmcs = new ScriptedBmcs();
        _clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
    }

    [TearDown]
    public void RemoveDataDirectory() => Directory.Delete(_dataDir, recursive: true);

    private Task<ConductorHost> StartAsync(Action<IronicOptions>? configure = null) =>
        ConductorHost.StartAsync(_dataDir, configure, _bmcs.Registry, _clock);

    private static Task<PeriodicCommands.PassCompleted> Check(ConductorHost host) =>
        host.ProvisionTimeouts.Ask<PeriodicCommands.PassCompleted>(
            new PeriodicCommands.RunPass(ProvisionTimeoutActor.PassName), TimeSpan.FromSeconds(30));

    private static async Task<Guid> Node(ConductorHost host, string? rescueInterface = null)
    {
        var id = Guid.NewGuid();
        var body = new JsonObject { ["driver"] = "fake-hardware" };
        if (rescueInterface is not null)
            body["rescue_interface"] = rescueInterface;
        await host.AskAsync<NodeView>(new CreateNode(id, body, ProvisionStates.Enroll));
        await host.ProvisionAsync(id, "manage", ProvisionStates.Manageable);
        return id;
    }

    private static async Task Request(ConductorHost host, Guid id, ProvisionRequest request, string waitState)
    {
        Assert.That(await host.AskAsync<object>(new ChangeProvisionState(id, request)), Is.TypeOf<Accepted>());
        await host.EventuallyAsync(id, n => n.ProvisionState == waitState);
    }

    [Test]
    public async Task A_deploy_whose_agent_never_calls_back_fails_after_deploy_callback_timeout()
    {
        await using var host = await StartAsync();
        var id = await Node(host);
        await host.ProvisionAsync(id, "provide", ProvisionStates.Available);
        _bmcs.AgentsNeverCallBack = true;
        await Request(host, id, new ProvisionRequest("active"), ProvisionStates.WaitCallBack);
        var waiting = await host.AskAsync<NodeView>(new GetNode(id));
        Assert.That((waiting.Node.TargetProvisionState, waiting.Reservation), Is.EqualTo((ProvisionStates.Active, (string?)null)),
            "the node waits unlocked for its agent");

        _clock.Advance(TimeSpan.FromSeconds(1800));
        var early = await Check(host);
        Assert.That((early.Checked, early.Changed), Is.EqualTo((0, 0)), "exactly at the time-out it has not expired yet");

        _clock.Advance(TimeSpan.FromSeconds(1));
        var pass = await Check(host);
        Assert.That((pass.Checked, pass.Changed), Is.EqualTo((1, 1)));
        var failed = await host.AskAsync<NodeView>(new GetNode(id));
        Assert.That(failed.Node.ProvisionState, Is.EqualTo(ProvisionStates.DeployFailed));
        Assert.That(failed.Node.LastError, Is.EqualTo($"Timeout reached while waiting for callback for node {id}"));
    }

    [Test]
    public async Task Cleaning_inspection_and_rescue_waits_time_out_with_their_own_settings()
    {
        await using var host = await StartAsync(o =>
        {
            o.Conductor.CleanCallbackTimeout = 60;
            o.Conductor.InspectWaitTimeout = 120;
            o.Conductor.RescueCallbackTimeout = 180;
        });
        var cleaning = await Node(host);
        var inspecting = await Node(host);
        var rescuing = await Node(host, rescueInterface: "fake");
        await host.ProvisionAsync(rescuing, "provide", ProvisionStates.Available);
        await host.ProvisionAsync(rescuing, "active", ProvisionStates.Active);

        _bmcs.AgentsNeverCallBack = true;
        await Request(host, cleaning, new ProvisionRequest("provide"), ProvisionStates.CleanWait);
        await Request(host, inspecting, new ProvisionRequest("inspect"), ProvisionStates.InspectWait);
        await Request(host, rescuing, new ProvisionRequest("rescue", RescuePassword: "s3cret"), ProvisionStates.RescueWait);

        _clock.Advance(TimeSpan.FromSeconds(61));
        Assert.That((await Check(host)).Changed, Is.EqualTo(1));
        var cleanFailed = await host.AskAsync<NodeView>(new GetNode(cleaning));
        Assert.That((cleanFailed.Node.ProvisionState, cleanFailed.Node.TargetProvisionState),
            Is.EqualTo((ProvisionStates.CleanFailed, (string?)ProvisionStates.Available)), "clean failed keeps where it was headed");
        Assert.That(cleanFailed.Node.LastError, Does.StartWith("Timeout reached while cleaning the node."));
        Assert.That(cleanFailed.Node.Maintenance, Is.False, "no clean step was running");

        _clock.Advance(TimeSpan.FromSeconds(60));
        Assert.That((await Check(host)).Changed, Is.EqualTo(1));
        var inspectFailed = await host.AskAsync<NodeView>(new GetNode(inspecting));
        Assert.That((inspectFailed.Node.ProvisionState, inspectFailed.Node.LastError),
            Is.EqualTo((ProvisionStates.InspectFailed, (string?)"timeout reached while inspecting the node")));

        _clock.Advance(TimeSpan.FromSeconds(60));
        Assert.That((await Check(host)).Changed, Is.EqualTo(1));
        var rescueFailed = await host.AskAsync<NodeView>(new GetNode(rescuing));
        Assert.That((rescueFailed.Node.ProvisionState, rescueFailed.Node.TargetProvisionState),
            Is.EqualTo((ProvisionStates.RescueFailed, (string?)ProvisionStates.Rescue)));
    }

    [Test]
    public async Task Waiting_nodes_in_maintenance_or_with_the_check_switched_off_are_left_waiting()
    {
        await using var host = await StartAsync(o => o.Conductor.InspectWaitTimeout = 0);
        var deploying = await Node(host);
        var inspecting = await Node(host);
        await host.ProvisionAsync(deploying, "provide", ProvisionStates.Available);
        _bmcs.AgentsNeverCallBack = true;
        await Request(host, deploying, new ProvisionRequest("active"), ProvisionStates.WaitCallBack);
        await Request(host, inspecting, new ProvisionRequest("inspect"), ProvisionStates.InspectWait);
        Assert.That(await host.AskAsync<object>(new SetMaintenance(deploying, true, "looking at it")), Is.TypeOf<Accepted>());

        _clock.Advance(TimeSpan.FromDays(1));
        var pass = await Check(host);

        Assert.That((pass.Nodes, pass.Checked, pass.Changed), Is.EqualTo((2, 0, 0)));
        Assert.That((await host.AskAsync<NodeView>(new GetNode(deploying))).Node.ProvisionState, Is.EqualTo(ProvisionStates.WaitCallBack));
        Assert.That((await host.AskAsync<NodeView>(new GetNode(inspecting))).Node.ProvisionState, Is.EqualTo(ProvisionStates.InspectWait));
    }

    [Test]
    public async Task A_pass_fails_at_most_periodic_max_workers_nodes_per_wait_state_oldest_first()
    {
        await using var host = await StartAsync(o => o.Conductor.PeriodicMaxWorkers = 2);
        var nodes = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            var id = await Node(host);
            await host.ProvisionAsync(id, "provide", ProvisionStates.Available);
            nodes.Add(id);
        }
        _bmcs.AgentsNeverCallBack = true;
        foreach (var id in nodes)
        {
            await Request(host, id, new ProvisionRequest("active"), ProvisionStates.WaitCallBack);
            _clock.Advance(TimeSpan.FromSeconds(1)); // each waits a second less than the one before
        }

        _clock.Advance(TimeSpan.FromSeconds(1800));
        var first = await Check(host);
        Assert.That((first.Checked, first.Changed), Is.EqualTo((2, 2)));
        var states = new List<string>();
        foreach (var id in nodes)
            states.Add((await host.AskAsync<NodeView>(new GetNode(id))).Node.ProvisionState);
        Assert.That(states, Is.EqualTo(new[] { ProvisionStates.DeployFailed, ProvisionStates.DeployFailed, ProvisionStates.WaitCallBack }));

        var second = await Check(host);
        Assert.That(second.Changed, Is.EqualTo(1), "the youngest is failed by the next pass");
    }
}
