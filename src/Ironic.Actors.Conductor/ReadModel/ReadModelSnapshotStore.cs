using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Akka.Persistence.Snapshot;
using Ironic.Actors.Conductor.Nodes;
using Ironic.Actors.Conductor.ReadModel.Sql;
using Ironic.Actors.Protocol.Nodes;

namespace Ironic.Actors.Conductor.ReadModel;

/// <summary>
/// The snapshot store of node entities: their rows in the read model. Every stored change of a node is in its row before
/// the entity goes on, so the row is a snapshot at its version (the node, its ports and portgroups; a tombstone for a
/// deleted node), and an entity that wakes recovers from it and replays only the events its row missed (none, unless its
/// last host died between the two writes). One indexed read instead of a snapshot query, and no snapshots to write.
/// Saving and deleting are refused: the rows are the read model, written by the entities through
/// <see cref="ReadModelWriterActor"/>.
/// </summary>
public sealed class ReadModelSnapshotStore : SnapshotStore
{
    /// <summary>The configuration path of this plugin (node entities name it as their snapshot plugin).</summary>
    public const string PluginId = "akka.persistence.snapshot-store.ironic-read-model";

    /// <summary>The plugin's configuration: its class.</summary>
    public static readonly string Hocon =
        $"{PluginId} {{ class = \"{typeof(ReadModelSnapshotStore).FullName}, {typeof(ReadModelSnapshotStore).Assembly.GetName().Name}\" }}";

    private readonly NodeRowReader _rows = new(ReadModelDatabases.For(Context.System).Database);
    private readonly ILoggingAdapter _log = Context.GetLogger();

    protected override async Task<SelectedSnapshot?> LoadAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken cancellationToken)
    {
        if (!NodeActor.TryParsePersistenceId(persistenceId, out var nodeId) ||
            criteria.MaxSequenceNr <= 0 ||
            FreshNodeIds.For(Context.System).IsFresh(nodeId)) // generated here for its create: no row can exist yet
            return null;
        NodeRowReader.StoredState? state;
        try
        {
            state = await _rows.StateAsync(nodeId, criteria.MaxSequenceNr);
        }
        catch (Exception e) when (e is not System.Data.Common.DbException and not TimeoutException)
        {
            // A row that cannot be read back is no snapshot: the journal has every event, recover from it alone.
            _log.Warning(e, "The read-model row of {0} cannot be read back; recovering it from its journal alone", persistenceId);
            return null;
        }
        if (state is null || state.Version < criteria.MinSequenceNr)
            return null;
        var snapshot = new NodeSnapshot(state.Node)
        {
            Ports = state.Ports, Portgroups = state.Portgroups, History = state.History,
            VolumeConnectors = state.Connectors, VolumeTargets = state.Targets, BiosSettings = state.Bios, Inventory = state.Inventory,
        };
        return new SelectedSnapshot(new SnapshotMetadata(persistenceId, state.Version, DateTime.UtcNow), snapshot);
    }

    protected override Task SaveAsync(SnapshotMetadata metadata, object snapshot, CancellationToken cancellationToken) =>
        Task.FromException(new NotSupportedException("Node snapshots are their read-model rows, which the node entities write themselves."));

    protected override Task DeleteAsync(SnapshotMetadata metadata, CancellationToken cancellationToken) =>
        Task.FromException(new NotSupportedException("Node snapshots are their read-model rows: they are not deleted."));

    protected override Task DeleteAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken cancellationToken) =>
        Task.FromException(new NotSupportedException("Node snapshots are their read-model rows: they are not deleted."));
}

/// <summary>Hands this actor system's read-model database to the plugins Akka creates by configuration (<see cref="ReadModelSnapshotStore"/>).</summary>
public sealed class ReadModelDatabases : ExtensionIdProvider<ReadModelDatabases.Holder>
{
    public sealed class Holder : IExtension
    {
        public ReadModelDatabase Database { get; set; } = null!;
    }

    public override Holder CreateExtension(ExtendedActorSystem system) => new();

    public static Holder For(ActorSystem system) => system.WithExtension<Holder, ReadModelDatabases>();

    /// <summary>Registers <paramref name="database"/> as this system's read model (before any node entity starts).</summary>
    public static void Register(ActorSystem system, ReadModelDatabase database) => For(system).Database = database;
}
