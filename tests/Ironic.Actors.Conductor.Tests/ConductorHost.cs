using Akka.Actor;
using Akka.Cluster;
using Akka.Hosting;
using Ironic.Actors.Drivers;
using Ironic.Actors.Drivers.Abstractions;
using Ironic.Actors.Hosting;
using Ironic.Actors.Protocol;
using Ironic.Actors.Domain.Decisions;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Protocol.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NUnit.Framework;

namespace Ironic.Actors.Conductor.Tests;

/// <summary>
/// A real conductor member in a plain generic host: Akka cluster of one, SQLite journal in a folder the
/// test owns. Start it again on the same folder to test recovery. Every event and snapshot goes through
/// the Ironic serializer into SQLite and back, so stored types are verified for real; Akka's in-process
/// serialize-messages check cannot run here (the SQL journal's own internal messages carry Tasks).
/// </summary>
public sealed class ConductorHost : IAsyncDisposable
{
    private readonly IHost _host;

    private ConductorHost(IHost host) => _host = host;

    public ActorSystem System => _host.Services.GetRequiredService<ActorSystem>();

    public IActorRef Region => _host.Services.GetRequiredService<ActorRegistry>().Get<ActorKeys.NodeRegion>();

    public IActorRef NodeRegistry => _host.Services.GetRequiredService<ActorRegistry>().Get<ActorKeys.NodeRegistry>();

    public IActorRef QueryModel => _host.Services.GetRequiredService<ActorRegistry>().Get<ActorKeys.NodeQueryModel>();

    /// <summary>The journal reconciler singleton (through its proxy): ask it <c>ReconcilerCommands.GetProgress</c>.</summary>
    public IActorRef Reconciler => _host.Services.GetRequiredService<ActorRegistry>().Get<ConductorHostingExtensions.ReconcilerKey>();

    public IActorRef PowerSync => _host.Services.GetRequiredService<ActorRegistry>().Get<ConductorHostingExtensions.PowerSyncKey>();

    public IActorRef ProvisionTimeouts => _host.Services.GetRequiredService<ActorRegistry>().Get<ConductorHostingExtensions.ProvisionTimeoutsKey>();

    /// <summary>
    /// Starts a conductor on <paramref name="dataDirectory"/>. Its periodic work is off unless <paramref name="configure"/>
    /// switches it on (tests that do not test it must not see it change nodes). <paramref name="hardware"/> replaces the
    /// shipped drivers' registry, <paramref name="time"/> the clock of nodes and periodic work.
    /// </summary>
    public static async Task<ConductorHost> StartAsync(
        string dataDirectory, Action<IronicOptions>? configure = null,
        Func<HardwareOptions, HardwareTypeRegistry>? hardware = null, TimeProvider? time = null)
    {
        var options = new IronicOptions
        {
            Roles = [ActorKeys.ConductorRole],
            Persistence = { Provider = "sqlite", DataDirectory = dataDirectory },
            Conductor =
            {
                Host = "test-conductor", NumberOfShards = 10,
                SyncPowerStateInterval = 0, PowerFailureRecoveryInterval = 0, CheckProvisionStateInterval = 0,
            },
        };
        configure?.Invoke(options);

        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddAkka("ironic", (akka, _) =>
            akka.AddIronic(options,
                hardware?.Invoke(options.Hardware) ?? DriverCatalog.CreateRegistry(options.Hardware, TimeProvider.System),
                time ?? TimeProvider.System));
        var host = builder.Build();
        await host.StartAsync();

        var upOrTimeout = new TaskCompletionSource();
        var system = host.Services.GetRequiredService<ActorSystem>();
        Cluster.Get(system).RegisterOnMemberUp(() => upOrTimeout.TrySetResult());
        await upOrTimeout.Task.WaitAsync(TimeSpan.FromSeconds(30));
        return new ConductorHost(host);
    }

    public async Task<T> AskAsync<T>(object message) => await Region.Ask<T>(message, TimeSpan.FromSeconds(15));

    /// <summary>Asks <paramref name="verb"/> and waits until the node rests in <paramref name="expected"/>.</summary>
    public async Task ProvisionAsync(Guid id, string verb, string expected)
    {
        var reply = await AskAsync<object>(new NodeCommands.ChangeProvisionState(id, new ProvisionRequest(verb)));
        Assert.That(reply, Is.TypeOf<NodeReplies.Accepted>(), $"{verb}: {reply}");
        await EventuallyAsync(id, n => n.ProvisionState == expected && n.TargetProvisionState is null);
    }

    /// <summary>Polls the entity until <paramref name="condition"/> holds (the state moves on by driver results).</summary>
    public async Task<Node> EventuallyAsync(Guid id, Func<Node, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var view = await AskAsync<NodeReplies.NodeView>(new NodeCommands.GetNode(id));
            if (condition(view.Node))
                return view.Node;
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"condition not reached; node is {view.Node.ProvisionState}/{view.Node.TargetProvisionState}, " +
                            $"power {view.Node.PowerState}/{view.Node.TargetPowerState}, maintenance {view.Node.Maintenance}, last_error {view.Node.LastError}");
            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(TimeSpan.FromSeconds(30));
        _host.Dispose();
    }
}
