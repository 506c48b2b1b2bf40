using System.Diagnostics;
using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.Cluster;
using Akka.Hosting;
using Ironic.Actors.Domain.States;
using Ironic.Actors.Drivers;
using Ironic.Actors.Hosting;
using Ironic.Actors.Protocol;
using Ironic.Actors.Protocol.Nodes;
using Ironic.Actors.Protocol.Periodic;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ironic.Actors.Bench;

/// <summary>
/// How long one power-state sync pass takes for N fake-hardware nodes on one conductor. Runs a real conductor in
/// this process (SQLite journal in a temporary folder, or PostgreSQL), enrolls the nodes through the node region,
/// then times passes run on request: the first records every node's power state (one stored event per node, as
/// Ironic writes power_state for nodes that had none), the next ones find every node in sync (BMC reads only).
/// </summary>
public static class PowerSyncBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        string Arg(string name, string fallback)
        {
            var i = Array.IndexOf(args, "--" + name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }

        var count = int.Parse(Arg("nodes", "10000"));
        var workers = int.Parse(Arg("workers", "8"));
        var concurrency = int.Parse(Arg("concurrency", "64"));
        var postgres = Arg("postgres", "");
        var dataDir = Directory.CreateTempSubdirectory("ironic-bench-sync-");
        var options = new IronicOptions
        {
            Roles = [ActorKeys.ConductorRole],
            Persistence = postgres.Length > 0
                ? new PersistenceOptions { Provider = "postgresql", ConnectionString = postgres }
                : new PersistenceOptions { Provider = "sqlite", DataDirectory = dataDir.FullName },
            Conductor =
            {
                Host = "bench-conductor", SyncPowerStateWorkers = workers,
                SyncPowerStateInterval = 0, PowerFailureRecoveryInterval = 0, CheckProvisionStateInterval = 0,
            },
        };

        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Error);
        builder.Services.AddAkka("ironic", (akka, _) =>
            akka.AddIronic(options, DriverCatalog.CreateRegistry(options.Hardware, TimeProvider.System), TimeProvider.System));
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var system = host.Services.GetRequiredService<ActorSystem>();
            var up = new TaskCompletionSource();
            Cluster.Get(system).RegisterOnMemberUp(() => up.TrySetResult());
            await up.Task.WaitAsync(TimeSpan.FromSeconds(60));
            var registry = host.Services.GetRequiredService<ActorRegistry>();
            var region = registry.Get<ActorKeys.NodeRegion>();
            var sync = registry.Get<ConductorHostingExtensions.PowerSyncKey>();

            Console.WriteLine($"power-sync benchmark: {count} fake-hardware nodes, {workers} BMC reads at once, {options.Persistence.Provider}");
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var enroll = Stopwatch.StartNew();
            await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (_, ct) =>
                await region.Ask<NodeReplies.NodeView>(new PlacedNodeMessage(NodePlacement.Of("", "fake-hardware"), new NodeCommands.CreateNode(
                    Guid.NewGuid(), new JsonObject { ["driver"] = "fake-hardware" }, ProvisionStates.Available)), TimeSpan.FromSeconds(60), ct));
            var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
            Console.WriteLine($"enrolled in {enroll.Elapsed.TotalSeconds:0.0} s ({count / enroll.Elapsed.TotalSeconds:0}/s, {concurrency} at once), " +
                              $"process CPU {cpu.TotalSeconds:0.0} s ({cpu.TotalMilliseconds / count:0.00} ms per node)");

            for (var i = 1; i <= 3; i++)
            {
                var wall = Stopwatch.StartNew();
                var pass = await sync.Ask<PeriodicCommands.PassCompleted>(
                    new PeriodicCommands.RunPass("power-sync"), TimeSpan.FromMinutes(30));
                var what = pass.Changed > 0 ? "records a power state per node" : "all in sync, reads only";
                Console.WriteLine($"pass {i} ({what}): {pass.Nodes} hosted, {pass.Checked} read, {pass.Changed} changed, " +
                                  $"{pass.Failed} failed, in {wall.Elapsed.TotalMilliseconds:0} ms ({pass.Checked / wall.Elapsed.TotalSeconds:0} nodes/s)");
            }
            using var self = Process.GetCurrentProcess();
            Console.WriteLine($"process resident memory {self.WorkingSet64 / (1024 * 1024)} MB, managed heap {GC.GetTotalMemory(true) / (1024 * 1024)} MB");
            return 0;
        }
        finally
        {
            await host.StopAsync(TimeSpan.FromSeconds(30));
            dataDir.Delete(recursive: true);
        }
    }
}
