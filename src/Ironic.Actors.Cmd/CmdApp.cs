using System.CommandLine;

namespace Ironic.Actors.Cmd;

/// <summary>
/// The tool's entry point: parses the command line, asks the member's management endpoint, prints a table or JSON.
/// Exit codes: 0 done, 1 refused / not found / endpoint unreachable (message on stderr), 2 bad usage.
/// </summary>
public static class CmdApp
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int BadUsage = 2;

    /// <summary>Longest wait for one answer (the member itself waits at most a few seconds for the cluster).</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Runs one command; <paramref name="environment"/> defaults to the process environment.</summary>
    public static async Task<int> RunAsync(
        string[] args, TextWriter stdout, TextWriter stderr, Func<string, string?>? environment = null, CancellationToken cancel = default)
    {
        var parsed = CmdLine.Parse(args, environment ?? Environment.GetEnvironmentVariable);
        if (parsed.IsInformational)
            return await parsed.Result.InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr }, cancel);
        if (parsed.Request is not { } request)
        {
            foreach (var error in parsed.Errors)
                await stderr.WriteLineAsync($"error: {error}");
            await stderr.WriteLineAsync("Run with --help for usage.");
            return BadUsage;
        }

        using var http = new HttpClient { BaseAddress = request.Endpoint, Timeout = RequestTimeout };
        try
        {
            await stdout.WriteAsync(await ExecuteAsync(request, new ManagementClient(http), cancel));
            return Ok;
        }
        catch (CmdFailure failure)
        {
            await stderr.WriteLineAsync($"error: {failure.Message}");
            return Failed;
        }
    }

    /// <summary>Does what <paramref name="request"/> says and returns the text to print; <see cref="CmdFailure"/> otherwise.</summary>
    public static async Task<string> ExecuteAsync(CmdRequest request, ManagementClient client, CancellationToken cancel)
    {
        var (method, path, body) = request.Kind switch
        {
            CmdKind.ClusterShow => (HttpMethod.Get, "cluster/members", null),
            CmdKind.ClusterLeave => (HttpMethod.Post, "cluster/leave", new { address = request.Argument }),
            CmdKind.ClusterDown => (HttpMethod.Post, "cluster/down", (object?)new { address = request.Argument }),
            CmdKind.ShardingRegions => (HttpMethod.Get, "cluster-sharding/regions", null),
            CmdKind.ShardingRegionStats => (HttpMethod.Get, "cluster-sharding/region-stats", null),
            CmdKind.NodeLocate => (HttpMethod.Get, $"nodes/{Uri.EscapeDataString(request.Argument ?? "")}/locate", null),
            _ => throw new ArgumentOutOfRangeException(nameof(request), request.Kind, "unknown command"),
        };
        var secret = request.Kind is CmdKind.ClusterLeave or CmdKind.ClusterDown ? request.Secret : null;
        var answer = await client.SendAsync(method, path, body, secret, cancel);
        if (!answer.IsSuccess)
            throw new CmdFailure(ManagementClient.ErrorOf(answer));
        if (request.Json)
            return Output.Json(answer.Body);
        return request.Kind switch
        {
            CmdKind.ClusterShow => Output.Members(ManagementClient.Read<MembersView>(answer)),
            CmdKind.ClusterLeave or CmdKind.ClusterDown => Output.Change(ManagementClient.Read<MembershipChange>(answer)),
            CmdKind.ShardingRegions => Output.Regions(ManagementClient.Read<RegionsView>(answer)),
            CmdKind.ShardingRegionStats => Output.RegionStats(ManagementClient.Read<RegionStatsView>(answer)),
            _ => Output.Location(ManagementClient.Read<NodeLocation>(answer)),
        };
    }
}
