using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Ironic.Actors.Bench.Scale;

/// <summary>A node the benchmark created: its name, uuid, and place in the creation order.</summary>
internal sealed record BenchNode(string Name, string Uuid, int Index);

/// <summary>
/// CPU used so far by the server (null without one), by this process and by the whole machine (null without
/// /proc/stat), the server's resident memory, and when (a <see cref="Stopwatch"/> timestamp).
/// </summary>
internal readonly record struct ResourceSample(TimeSpan? ServerCpu, TimeSpan ClientCpu, TimeSpan? MachineBusy, long? ServerResident, long Timestamp);

/// <summary>
/// What the phases share: options, the HTTP client, the server (null against an external endpoint), the nodes
/// created so far, the failure log and the report; and <see cref="MeasureAsync"/>, which runs one phase and adds
/// its row with the server's memory and CPU use around it.
/// </summary>
internal sealed class ScaleContext(ScaleOptions options, ScaleHttp http, ServerUnderTest? server, FailureLog failures, ScaleReport report)
{
    private readonly ConcurrentDictionary<string, BenchNode> _nodes = new();
    private TimeSpan _otherCpu;
    private TimeSpan _observed;

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
        new(server?.CpuTime, Process.GetCurrentProcess().TotalProcessorTime, ProcStats.MachineBusy(), server?.ResidentBytes, Stopwatch.GetTimestamp());

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

    /// <summary>
    /// "RSS 512 MiB; CPU/op server 0.85 ms, client 0.30 ms" between two samples over <paramref name="operations"/>,
    /// plus a warning when other processes kept the machine busy meanwhile (more than a tenth of a core): the
    /// figures of that phase are then not those of a quiet machine.
    /// </summary>
    public string Notes(ResourceSample before, ResourceSample after, int operations)
    {
        var n = Math.Max(1, operations);
        var client = string.Create(CultureInfo.InvariantCulture, $"client {(after.ClientCpu - before.ClientCpu).TotalMilliseconds / n:0.00} ms");
        if (after.ServerCpu is not { } serverAfter || before.ServerCpu is not { } serverBefore)
            return $"CPU/op {client}";
        var notes = string.Create(CultureInfo.InvariantCulture,
            $"RSS {ProcStats.Mib(after.ServerResident)}; CPU/op server {(serverAfter - serverBefore).TotalMilliseconds / n:0.00} ms, {client}");
        if (after.MachineBusy is { } busyAfter && before.MachineBusy is { } busyBefore)
        {
            var others = busyAfter - busyBefore - (serverAfter - serverBefore) - (after.ClientCpu - before.ClientCpu);
            var wall = Stopwatch.GetElapsedTime(before.Timestamp, after.Timestamp);
            lock (_nodes)
            {
                _otherCpu += others;
                _observed += wall;
            }

            if (others.TotalSeconds > 0.1 * wall.TotalSeconds)
                notes += string.Create(CultureInfo.InvariantCulture, $"; OTHER PROCESSES busy {others.TotalSeconds / wall.TotalSeconds:0.0} cores");
        }

        return notes;
    }

    /// <summary>How busy other processes kept the machine over the phases measured so far, or null when unknown.</summary>
    public string? OtherProcessesSummary()
    {
        lock (_nodes)
        {
            return _observed <= TimeSpan.Zero
                ? null
                : string.Create(CultureInfo.InvariantCulture,
                    $"Other processes on the machine used {Math.Max(0, _otherCpu.TotalSeconds):0.0} CPU-s over the {_observed.TotalSeconds:0} s of measured phases "
                    + $"(mean {Math.Max(0, _otherCpu.TotalSeconds) / _observed.TotalSeconds:0.00} cores; the restart is not included).");
        }
    }
}
