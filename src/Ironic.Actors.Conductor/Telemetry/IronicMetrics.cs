using System.Diagnostics.Metrics;

namespace Ironic.Actors.Conductor.Telemetry;

/// <summary>
/// Every instrument of meter <see cref="MeterName"/>, in one place. Plain System.Diagnostics.Metrics: the host decides
/// whether anything listens (Ironic.Actors.Hosting exports them as Prometheus text); recording with no listener costs
/// next to nothing.
/// </summary>
/// <remarks>
/// The gauges report what <see cref="ReportNodes"/> and <see cref="ReportShards"/> last stored (the host refreshes them in
/// the background), so a scrape never runs SQL or asks an actor. The meter is one per process: hosts started side by
/// side in one process (tests) share it.
/// </remarks>
public static class IronicMetrics
{
    public const string MeterName = "Ironic.Actors";

    private static readonly Meter Meter = new(MeterName);

    // Seconds; from 1 ms (a SQLite write) to 30 s (a power-sync pass over many BMCs).
    private static readonly double[] SecondsBuckets =
        [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    private static volatile IReadOnlyList<Measurement<long>> _nodes = [];
    private static volatile IReadOnlyList<Measurement<long>> _shards = [];
    private static volatile IReadOnlyList<Measurement<long>> _entities = [];

    /// <summary>Time from a node entity's <c>PersistAll</c> to the handler of its last event (one journal write).</summary>
    public static readonly Histogram<double> JournalWriteDuration = Meter.CreateHistogram(
        "ironic.journal.write.duration", "s", "Time a node entity waits for its events to be stored in the journal",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });

    /// <summary>Time of one read-model batch (one transaction writing the rows of many nodes).</summary>
    public static readonly Histogram<double> ReadModelWriteDuration = Meter.CreateHistogram(
        "ironic.read_model.write.duration", "s", "Time of one read-model transaction writing a batch of node rows",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });

    /// <summary>Nodes in one read-model batch.</summary>
    public static readonly Histogram<int> ReadModelWriteBatchSize = Meter.CreateHistogram(
        "ironic.read_model.write.batch_size", "{node}", "Node rows written in one read-model transaction",
        advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512] });

    /// <summary>Duration of one periodic power pass; tag <c>pass</c>: <c>power-sync</c> or <c>power-failure-recovery</c>.</summary>
    public static readonly Histogram<double> PowerSyncDuration = Meter.CreateHistogram(
        "ironic.power_sync.duration", "s", "Duration of one power-state sync (or power-failure recovery) pass of this conductor",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });

    static IronicMetrics()
    {
        Meter.CreateObservableGauge("ironic.nodes", () => _nodes, "{node}",
            "Nodes in the read model by provision state (the whole cluster's, as every member sees the same database)");
        Meter.CreateObservableGauge("ironic.shards", () => _shards, "{shard}", "Node shards this conductor member hosts");
        Meter.CreateObservableGauge("ironic.entities", () => _entities, "{node}",
            "Awake node entities on this conductor member (sleeping nodes are not counted)");
    }

    /// <summary>Stores the node counts per provision state that gauge <c>ironic.nodes</c> reports.</summary>
    public static void ReportNodes(IEnumerable<KeyValuePair<string, long>> byProvisionState) =>
        _nodes = byProvisionState
            .Select(s => new Measurement<long>(s.Value, new KeyValuePair<string, object?>("provision_state", s.Key)))
            .ToList();

    /// <summary>Stores this member's shard and awake-entity counts (gauges <c>ironic.shards</c>, <c>ironic.entities</c>).</summary>
    public static void ReportShards(int shards, int entities)
    {
        _shards = [new Measurement<long>(shards)];
        _entities = [new Measurement<long>(entities)];
    }
}
