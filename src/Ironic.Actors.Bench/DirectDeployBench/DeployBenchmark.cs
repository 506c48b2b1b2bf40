using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Ironic.Actors.Bench.Scale;

namespace Ironic.Actors.Bench.DirectDeployBench;

/// <summary>
/// <c>deploy</c> mode: N emulated redfish servers (one in-process BMC each, an in-process agent double that boots from
/// the virtual CD) enrolled with <c>direct</c> + <c>redfish-virtual-media</c>, made available, then all deployed at
/// once; reports the time until every node is <c>active</c> and the server's CPU and peak resident memory.
/// Usage: <c>deploy [--nodes 200] [--endpoint URL] [--server PATH.dll] [--clean true|false] [--timeout SECONDS]</c>.
/// </summary>
public static class DeployBenchmark
{
    private static readonly string[] ServerSettings =
    [
        // Heartbeats every 0.6–1.2 s instead of 90–180 s: the agents answer at once, the heartbeat is what moves a node on.
        "--Ironic:Gateway:RamdiskHeartbeatTimeout", "2",
        "--Ironic:Hardware:Agent:PostDeployGetPowerStateRetryInterval", "0.5",
        "--Ironic:Conductor:CheckProvisionStateInterval", "5",
    ];

    public static async Task<int> RunFromConsoleAsync(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
            values[args[i].TrimStart('-')] = args[i + 1];
        var nodes = int.Parse(values.GetValueOrDefault("nodes", "200"), CultureInfo.InvariantCulture);
        var clean = bool.Parse(values.GetValueOrDefault("clean", "false"));
        var timeout = TimeSpan.FromSeconds(double.Parse(values.GetValueOrDefault("timeout", "600"), CultureInfo.InvariantCulture));
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            var report = await RunAsync(nodes, values.GetValueOrDefault("endpoint"), values.GetValueOrDefault("server"), clean, cts.Token);
            Console.WriteLine(report);
            return 0;
        }
        catch (Exception e) when (e is RequestFailedException or TimeoutException or OperationCanceledException or InvalidOperationException)
        {
            Console.Error.WriteLine($"deploy benchmark failed: {e.Message}");
            return 1;
        }
    }

    public static async Task<string> RunAsync(int count, string? endpoint, string? serverDll, bool clean, CancellationToken ct)
    {
        await using var files = new FileServer();
        var image = files.Add("disk.img", Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("whole-disk image of the bench ", 35_000))));
        var iso = files.Add("ipa.iso", Encoding.ASCII.GetBytes("agent ISO")).Url;

        BenchDataDirectory? data = null;
        ServerUnderTest? server = null;
        var work = Path.Combine(Path.GetTempPath(), "ironic-deploy-bench", Guid.NewGuid().ToString("N"));
        var machines = new List<Machine>();
        try
        {
            Uri api;
            if (endpoint is null)
            {
                data = new BenchDataDirectory(null, keep: false);
                server = new ServerUnderTest(ServerLocator.Find(serverDll), data.Path, data.LogFile,
                    [.. ServerSettings, "--Ironic:Conductor:AutomatedClean", clean ? "true" : "false"]);
                server.Start();
                api = server.BaseAddress;
            }
            else
                api = new Uri(endpoint);
            using var http = new ScaleHttp(api, 32, "1.81");
            await Readiness.ApiAnswersAsync(http, server, TimeSpan.FromSeconds(60), ct);
            if (server is not null)
                await Readiness.ConductorListedAsync(http, ServerUnderTest.ConductorHost, server, TimeSpan.FromSeconds(60), ct);

            var apiUrl = api.ToString().TrimEnd('/');
            for (var i = 1; i <= count; i++)
                machines.Add(new Machine(i, apiUrl, iso, work));

            var enroll = Stopwatch.StartNew();
            var uuids = await ForAllAsync(machines, 16, m => EnrollAsync(http, m, iso, image, ct));
            await UntilAllAsync(http, uuids, "manageable", ct);
            await ForAllAsync(uuids, 16, uuid => Provision(http, uuid, "provide", ct));
            await UntilAllAsync(http, uuids, "available", ct);
            enroll.Stop();

            var cpuBefore = server?.CpuTime;
            var deploy = Stopwatch.StartNew();
            await ForAllAsync(uuids, 32, uuid => Provision(http, uuid, "active", ct));
            await UntilAllAsync(http, uuids, "active", ct);
            deploy.Stop();
            var cpu = server?.CpuTime - cpuBefore;

            var boots = machines.Sum(m => m.Boots);
            return string.Create(CultureInfo.InvariantCulture, $"""
                | direct deploy, {count} redfish nodes at once | value |
                |---|---|
                | enroll → manageable → available ({(clean ? "automated cleaning through the agent" : "automated_clean off")}) | {enroll.Elapsed.TotalSeconds:0.0} s |
                | deploy → all active | {deploy.Elapsed.TotalSeconds:0.0} s ({count / deploy.Elapsed.TotalSeconds:0.0} nodes/s) |
                | server CPU during the deploy | {(cpu is { } c ? $"{c.TotalSeconds:0.0} s ({c.TotalMilliseconds / count:0} ms per node)" : "? (not our process)")} |
                | server peak resident memory (VmHWM) | {ProcStats.Mib(server?.PeakResidentBytes)} |
                | agent boots | {boots} |
                | machine | {ProcStats.MachineSummary()}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC |
                """);
        }
        finally
        {
            foreach (var machine in machines)
                await machine.DisposeAsync();
            if (server is not null)
                await server.DisposeAsync();
            data?.CleanUp(failed: false);
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }
    }

    private static async Task<string> EnrollAsync(ScaleHttp http, Machine m, string iso, (string Url, string Sha256) image, CancellationToken ct)
    {
        var body = new JsonObject
        {
            ["name"] = $"bench-direct-{m.Number}",
            ["driver"] = "redfish",
            ["deploy_interface"] = "direct",
            ["boot_interface"] = "redfish-virtual-media",
            ["driver_info"] = new JsonObject
            {
                ["redfish_address"] = m.Bmc.Address,
                ["redfish_system_id"] = "/redfish/v1/Systems/1",
                ["redfish_username"] = m.Bmc.Username,
                ["redfish_password"] = m.Bmc.Password,
                ["deploy_iso"] = iso,
            },
            ["instance_info"] = new JsonObject
            {
                ["image_source"] = image.Url,
                ["image_disk_format"] = "raw",
                ["image_os_hash_algo"] = "sha256",
                ["image_os_hash_value"] = image.Sha256,
            },
        };
        var created = JsonNode.Parse(await http.SendAsync(HttpMethod.Post, "/v1/nodes", body.ToJsonString(), HttpStatusCode.Created, ct))!;
        var uuid = created["uuid"]!.GetValue<string>();
        await http.SendAsync(HttpMethod.Post, "/v1/ports", new JsonObject { ["address"] = m.Mac, ["node_uuid"] = uuid }.ToJsonString(),
            HttpStatusCode.Created, ct);
        await Provision(http, uuid, "manage", ct);
        return uuid;
    }

    private static Task Provision(ScaleHttp http, string uuid, string target, CancellationToken ct) =>
        http.SendAsync(HttpMethod.Put, $"/v1/nodes/{uuid}/states/provision", new JsonObject { ["target"] = target }.ToJsonString(),
            HttpStatusCode.Accepted, ct);

    /// <summary>Polls the node list (as <c>--wait</c> polls) until every node is in <paramref name="state"/>; a failed state stops it.</summary>
    private static async Task UntilAllAsync(ScaleHttp http, IReadOnlyList<string> uuids, string state, CancellationToken ct)
    {
        var wanted = uuids.ToHashSet(StringComparer.Ordinal);
        while (true)
        {
            var page = JsonNode.Parse(await http.GetAsync($"/v1/nodes?fields=uuid,provision_state,last_error&limit={Math.Max(1000, uuids.Count)}", ct))!;
            var rows = (page["nodes"] as JsonArray ?? []).OfType<JsonObject>()
                .Where(n => wanted.Contains(n["uuid"]!.GetValue<string>())).ToList();
            if (rows.FirstOrDefault(n => n["provision_state"]?.GetValue<string>() is { } s && s.EndsWith("failed", StringComparison.Ordinal)) is { } failed)
                throw new InvalidOperationException($"node {failed["uuid"]} went to {failed["provision_state"]}: {failed["last_error"]}");
            if (rows.Count == wanted.Count && rows.All(n => n["provision_state"]?.GetValue<string>() == state))
                return;
            await Task.Delay(TimeSpan.FromMilliseconds(250), ct);
        }
    }

    private static async Task<List<TResult>> ForAllAsync<T, TResult>(IEnumerable<T> items, int parallel, Func<T, Task<TResult>> run)
    {
        using var gate = new SemaphoreSlim(parallel);
        return [.. await Task.WhenAll(items.Select(async item =>
        {
            await gate.WaitAsync();
            try
            {
                return await run(item);
            }
            finally
            {
                gate.Release();
            }
        }))];
    }

    private static Task ForAllAsync<T>(IEnumerable<T> items, int parallel, Func<T, Task> run) =>
        ForAllAsync(items, parallel, async item =>
        {
            await run(item);
            return 0;
        });
}
