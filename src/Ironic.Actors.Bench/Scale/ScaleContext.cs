using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Ironic.Actors.Bench.Scale;

/// <summary>A node the benchmark created: its name, uuid, and place in the creation order.</summary>
internal sealed record BenchNode(string Name, string Uuid, int Index);

/// <summary>CPU used so far by the server (null without one) and by this process, and the server's resident memory.</summary>
internal readonly record struct ResourceSample(TimeSpan? ServerCpu, TimeSpan ClientCpu, long? ServerResident);

/// <summary>
/// What the phases share: options, the HTTP client, the server (null against an external endpoint), the nodes
/// created so far, the failure log and the report; and <see cref="MeasureAsync"/>, which runs one phase and adds
/// its row with the server's memory and CPU use around it.
/// </summary>
internal sealed class ScaleContext(ScaleOptions options, ScaleHttp http, ServerUnderTest? server, FailureLog failures, ScaleReport report)
{
    private readonly ConcurrentDictionary<string, BenchNode> _nodes = new();

    public ScaleOptions Options => options;
    public ScaleHttp Http => http;
    public ServerUnderTest? Server => server;
    public FailureLog Failures => failures;
    public ScaleReport Report => report;

    /// <summary>Names of this run's nodes start with it, so runs on a reused data directory never collide.</summary>
    public string Prefix { get; } = "scale-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>Whether the server was restarted (so that nodes are cold) before the cold reads.</summary>
    public bool Restarted { get; set; }

    /// <summary>The nodes created and not deleted, in creation order.</summary>
    public IReadOnlyList<BenchNode> Nodes => _nodes.Values.OrderBy(n => n.Index).ToList();

    public void Created(BenchNode node) => _nodes[node.Uuid] = node;

    public void Deleted(BenchNode node) => _nodes.TryRemove(node.Uuid, out _);

    public ResourceSample Sample() =>
        new(server?.CpuTime, Process.GetCurrentProcess().TotalProcessorTime, server?.ResidentBytes);

    /// <summary>
    /// Runs a phase and reports it with its failures, the server's RSS after it and CPU per operation, after
    /// what <paramref name="describe"/> (called once the phase ended) adds.
    /// </summary>
    public async Task<Phase> MeasureAsync(string label, string target, Func<Task<Phase>> run, Func<string>? describe = null)
    {
        var before = Sample();
        var phase = await run();
        var notes = Notes(before, Sample(), phase.Count);
        if (describe is not null)
            notes = describe() + "; " + notes;
        report.Add(new ScaleRow(label, target, phase, null, failures.For(label), notes));
        return phase;
    }

    /// <summary>"RSS 512 MiB; CPU/op server 0.85 ms, client 0.30 ms" between two samples over <paramref name="operations"/>.</summary>
    public static string Notes(ResourceSample before, ResourceSample after, int operations)
    {
        var n = Math.Max(1, operations);
        var client = string.Create(CultureInfo.InvariantCulture, $"client {(after.ClientCpu - before.ClientCpu).TotalMilliseconds / n:0.00} ms");
        if (after.ServerCpu is not { } serverAfter || before.ServerCpu is not { } serverBefore)
            return $"CPU/op {client}";
        return string.Create(CultureInfo.InvariantCulture,
            $"RSS {ProcStats.Mib(after.ServerResident)}; CPU/op server {(serverAfter - serverBefore).TotalMilliseconds / n:0.00} ms, {client}");
    }
}
