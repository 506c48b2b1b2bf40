using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Data;
using System.Data.Common;
using System.Threading.Channels;
using Akka.Actor;
using Akka.Configuration;
using Akka.Event;
using Akka.Persistence;
using Akka.Persistence.Sql.Journal;
using Ironic.Actors.Conductor.Nodes;
using Ironic.Actors.Conductor.ReadModel;
using Ironic.Actors.Conductor.ReadModel.Sql;
using Ironic.Actors.Protocol.Nodes;

namespace Ironic.Actors.Hosting.Journal;

/// <summary>
/// Akka.Persistence.Sql's journal, its three hot paths (storing events, a recovery's highest sequence number, replay)
/// done in plain ADO.NET on the same table, rows and serialization, so that either plugin reads what the other wrote.
/// Writes of all entities are group-committed: whatever every entity asked to store while the last transaction ran
/// goes into the next one (one prepared statement, one commit), and each asker hears back once its events are stored.
/// A transaction that fails is retried write by write, so one entity's failure (a sequence number already taken) fails
/// that entity's write alone. The plugin keeps the rest: creating the tables, deleting events, its configuration.
/// </summary>
/// <remarks>
/// The generic plugin built SQL through linq2db for every operation and, on SQLite, stored each entity's write in a
/// transaction of its own (see <c>SqliteTuning</c>); per node created that was about half of the server's CPU.
/// SQL Server (untested here) and a system without a registered read-model database keep the plugin's own paths.
/// </remarks>
public sealed class BatchingSqlJournal : SqlWriteJournal
{
    /// <summary>Akka.Persistence.Sql's default journal table (its default table mapping; <see cref="JournalScan"/> reads it too).</summary>
    private const string Table = "journal";

    /// <summary>At most this many rows go into one transaction; more wait for the next.</summary>
    private const int MaxRowsPerTransaction = 2000;

    /// <summary>The columns a stored event fills, each with its parameter's type, in the order of <see cref="ValuesOf"/>.</summary>
    private static readonly (string Column, DbType Type)[] Columns =
    [
        ("created", DbType.Int64), ("deleted", DbType.Boolean), ("persistence_id", DbType.String), ("sequence_number", DbType.Int64),
        ("message", DbType.Binary), ("manifest", DbType.String), ("identifier", DbType.Int32), ("writer_uuid", DbType.String),
    ];

    private static readonly string InsertSql =
        $"INSERT INTO {Table} ({string.Join(", ", Columns.Select(c => c.Column))}) VALUES ({string.Join(", ", Columns.Select(c => "@" + c.Column))})";

    private readonly ExtendedActorSystem _system;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly string _writerUuid = Guid.NewGuid().ToString("N");
    private readonly Channel<PendingWrite> _queue = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<string, Task> _inFlight = new();
    private readonly CancellationTokenSource _stopping = new();
    private ReadModelDatabase? _database;

    public BatchingSqlJournal(Config journalConfig) : base(journalConfig)
    {
        _system = (ExtendedActorSystem)Context.System;
    }

    /// <summary>One entity's events of one write request, serialized, and who waits for them.</summary>
    private sealed record PendingWrite(IReadOnlyList<Row> Rows)
    {
        public TaskCompletionSource Stored { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>The entity and the sequence number its write ends at (a write request comes from one entity).</summary>
        public (string PersistenceId, long ToSequenceNr) End => (Rows[^1].PersistenceId, Rows[^1].SequenceNr);
    }

    private readonly record struct Row(string PersistenceId, long SequenceNr, long Created, byte[] Message, string Manifest, int Serializer);

    protected override void PreStart()
    {
        base.PreStart();
        // The database the node entities' read model lives in, the journal's own (same connection string). Decided once:
        // without it (a member that registered none) this journal is the plugin as it comes.
        if (JournalSql.DatabaseFor(_system) is { } database)
        {
            _database = database;
            RowsWithEvents.For(_system).JournalStoresRows();
            var log = _log;
            _ = Task.Run(() => WriteLoopAsync(database, _stopping.Token)).ContinueWith(
                t => log.Error(t.Exception, "The journal's writer stopped"), TaskContinuationOptions.OnlyOnFaulted);
        }
    }

    protected override void PostStop()
    {
        _stopping.Cancel();
        while (_queue.Reader.TryRead(out var left))
            left.Stored.TrySetException(new OperationCanceledException("The journal stopped before these events were stored."));
        base.PostStop();
    }

    protected override Task<IImmutableList<Exception>> WriteMessagesAsync(IEnumerable<AtomicWrite> messages, CancellationToken cancellationToken)
    {
        if (_database is null)
            return base.WriteMessagesAsync(messages, cancellationToken);

        var created = DateTime.UtcNow.Ticks;
        var rows = new List<Row>();
        var rejections = new List<Exception>();
        string? persistenceId = null;
        foreach (var write in messages)
        {
            persistenceId ??= write.PersistenceId;
            try
            {
                var events = (IImmutableList<IPersistentRepresentation>)write.Payload;
                var serialized = new Row[events.Count];
                for (var i = 0; i < events.Count; i++)
                    serialized[i] = ToRow(events[i], created);
                rows.AddRange(serialized);
                rejections.Add(null!);
            }
            catch (Exception e)
            {
                rejections.Add(e); // not serializable: this write is rejected, the others are stored
            }
        }
        var rejected = rejections.Any(r => r is not null) ? rejections.ToImmutableList()! : null; // null: all accepted
        if (rows.Count == 0)
            return Task.FromResult<IImmutableList<Exception>>(rejected!);

        var pending = new PendingWrite(rows);
        if (!_queue.Writer.TryWrite(pending))
            return Task.FromException<IImmutableList<Exception>>(new InvalidOperationException("The journal is stopping."));
        var stored = pending.Stored.Task;
        if (persistenceId is not null)
        {
            // A recovery of the same entity while this write is under way waits for it (as the plugin does).
            _inFlight[persistenceId] = stored;
            stored.ContinueWith(t => _inFlight.TryRemove(KeyValuePair.Create(persistenceId, t)), TaskScheduler.Default);
        }
        return AfterStored(stored, rejected);

        static async Task<IImmutableList<Exception>> AfterStored(Task stored, IImmutableList<Exception>? rejected)
        {
            await stored.ConfigureAwait(false);
            return rejected!;
        }
    }

    public override async Task<long> ReadHighestSequenceNrAsync(string persistenceId, long fromSequenceNr, CancellationToken cancellationToken)
    {
        if (_database is not { } database)
            return await base.ReadHighestSequenceNrAsync(persistenceId, fromSequenceNr, cancellationToken);
        if (IsFreshNode(persistenceId))
            return 0L; // a node whose UUID this member generated for its create moments ago: nothing stored yet
        if (_inFlight.TryGetValue(persistenceId, out var writing))
            await writing.ContinueWith(_ => { }, TaskScheduler.Default); // stored or failed: either way it is over
        return await database.RunAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT MAX(sequence_number) FROM {Table} WHERE persistence_id = @pid";
            JournalSql.Add(command, "@pid", DbType.String, persistenceId);
            return await command.ExecuteScalarAsync().ConfigureAwait(false) is { } max and not DBNull
                ? Convert.ToInt64(max, System.Globalization.CultureInfo.InvariantCulture)
                : 0L;
        }).ConfigureAwait(false);
    }

    public override async Task ReplayMessagesAsync(IActorContext context, string persistenceId, long fromSequenceNr, long toSequenceNr,
        long max, Action<IPersistentRepresentation> recoveryCallback)
    {
        if (_database is not { } database)
        {
            await base.ReplayMessagesAsync(context, persistenceId, fromSequenceNr, toSequenceNr, max, recoveryCallback);
            return;
        }
        if (max <= 0 || toSequenceNr < fromSequenceNr)
            return;
        var serialization = _system.Serialization;
        await database.RunAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText =
                $"SELECT sequence_number, message, manifest, identifier, writer_uuid, created FROM {Table} " +
                "WHERE persistence_id = @pid AND sequence_number >= @from AND sequence_number <= @to AND deleted = @deleted " +
                "ORDER BY sequence_number LIMIT @max";
            JournalSql.Add(command, "@pid", DbType.String, persistenceId);
            JournalSql.Add(command, "@from", DbType.Int64, fromSequenceNr);
            JournalSql.Add(command, "@to", DbType.Int64, toSequenceNr);
            JournalSql.Add(command, "@deleted", DbType.Boolean, false);
            JournalSql.Add(command, "@max", DbType.Int64, max);
            await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
            while (await reader.ReadAsync().ConfigureAwait(false))
            {
                var manifest = reader.IsDBNull(2) ? string.Empty : reader.GetString(2);
                var payload = serialization.Deserialize((byte[])reader.GetValue(1), reader.GetInt32(3), manifest);
                recoveryCallback(new Persistent(payload, reader.GetInt64(0), persistenceId, manifest, isDeleted: false,
                    ActorRefs.NoSender, reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetInt64(5)));
            }
            return true;
        }).ConfigureAwait(false);
    }

    /// <summary>Takes the <see cref="FreshNodeIds"/> mark of a node entity's persistence id, if it has one.</summary>
    private bool IsFreshNode(string persistenceId) =>
        NodeActor.TryParsePersistenceId(persistenceId, out var nodeId) && FreshNodeIds.For(_system).Take(nodeId);

    private Row ToRow(IPersistentRepresentation e, long created)
    {
        var serializer = _system.Serialization.FindSerializerFor(e.Payload);
        var manifest = Akka.Serialization.Serialization.ManifestFor(serializer, e.Payload);
        // As the plugin does: actor references inside an event are written with this member's address.
        var bytes = Akka.Serialization.Serialization.WithTransport(_system, (serializer, e.Payload), s => s.serializer.ToBinary(s.Payload));
        return new Row(e.PersistenceId, e.SequenceNr, e.Timestamp == 0 ? created : e.Timestamp, bytes, manifest, serializer.Identifier);
    }

    /// <summary>What <paramref name="row"/> stores in each of <see cref="Columns"/>.</summary>
    private static object[] ValuesOf(Row row, string writerUuid) =>
        [row.Created, false, row.PersistenceId, row.SequenceNr, row.Message, row.Manifest, row.Serializer, writerUuid];

    /// <summary>Takes every write waiting, stores them in one transaction, tells each asker; until the journal stops.</summary>
    private async Task WriteLoopAsync(ReadModelDatabase database, CancellationToken stopping)
    {
        var batch = new List<PendingWrite>();
        // On SQLite the writer need not wait for a checkpoint's fsyncs at its commits (WalCheckpoints).
        await using var checkpoints = database is { Dialect.Provider: SqlProvider.Sqlite, CheckpointsInBackground: true } ? new WalCheckpoints(database, _log) : null;
        var writer = new RowWriter(database, _writerUuid, RowsWithEvents.For(_system), NodeViewCache.For(_system), NodeRowCache.For(_system), checkpoints);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stopping).ConfigureAwait(false))
            {
                if (checkpoints is { RestartWanted: true })
                {
                    try
                    {
                        if (!await writer.CheckpointAsync().ConfigureAwait(false))
                            _log.Debug("The writer's checkpoint found readers of older snapshots after {0} ms: the WAL goes on growing until the next try", WalCheckpoints.RestartWait.TotalMilliseconds);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        _log.Warning("The writer's checkpoint failed ({0}); the background ones go on", e.Message);
                    }
                }
                batch.Clear();
                var rows = 0;
                while (rows < MaxRowsPerTransaction && _queue.Reader.TryRead(out var next))
                {
                    batch.Add(next);
                    rows += next.Rows.Count;
                }
                try
                {
                    await writer.StoreAsync(batch, withNodeRows: true).ConfigureAwait(false);
                    foreach (var stored in batch)
                        stored.Stored.TrySetResult();
                }
                catch (Exception failure)
                {
                    if (batch.Count == 1 && !writer.TriedNodeRows) // nothing to try without
                    {
                        batch[0].Stored.TrySetException(failure);
                        continue;
                    }
                    _log.Warning("Storing {0} writes at once failed ({1}); storing them one by one, without node rows", batch.Count, failure.Message);
                    // One write's failure (a sequence number taken by another member) must not fail the others. The events
                    // go alone, without the node rows offered for them: a row that failed must not fail its events (the
                    // entity hands the row to the read-model writer instead, which retries it).
                    foreach (var alone in batch)
                    {
                        try
                        {
                            await writer.StoreAsync([alone], withNodeRows: false).ConfigureAwait(false);
                            alone.Stored.TrySetResult();
                        }
                        catch (Exception e)
                        {
                            alone.Stored.TrySetException(e);
                        }
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        finally
        {
            await writer.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The writer's connection, kept open between transactions with its insert prepared once (SQLite re-runs the compiled
    /// statement; PostgreSQL gets every row of a transaction in one round trip, as a batch). Reopened after a failure.
    /// The node rows offered for the stored writes (<see cref="RowsWithEvents"/>) go into the same transaction; once
    /// committed, this member's cache of nodes read (<see cref="NodeViewCache"/>) is emptied, and its cache of rows list
    /// pages read (<see cref="NodeRowCache"/>) told which nodes changed.
    /// </summary>
    private sealed class RowWriter(
        ReadModelDatabase database, string writerUuid, RowsWithEvents nodeRows, NodeViewCache nodeViews, NodeRowCache listedRows,
        WalCheckpoints? checkpoints)
        : IAsyncDisposable
    {
        private DbConnection? _connection;
        private DbCommand? _insert;

        /// <summary>Whether the last <see cref="StoreAsync"/> had node rows to write with the events.</summary>
        public bool TriedNodeRows { get; private set; }

        public async Task StoreAsync(IReadOnlyList<PendingWrite> writes, bool withNodeRows)
        {
            TriedNodeRows = false;
            try
            {
                if (_connection is null)
                {
                    _connection = await database.OpenConnectionAsync().ConfigureAwait(false);
                    if (checkpoints is not null)
                        await WalCheckpoints.TakeOverAsync(_connection).ConfigureAwait(false);
                }
                await using var tx = await _connection.BeginTransactionAsync().ConfigureAwait(false);
                if (_connection.CanCreateBatch)
                    await StoreAsBatchAsync(_connection, tx, writes, writerUuid).ConfigureAwait(false);
                else
                    await StoreRowByRowAsync(_connection, tx, writes).ConfigureAwait(false);
                var rowWriter = withNodeRows ? nodeRows.Writer : null;
                var rows = rowWriter is null ? [] : nodeRows.RowsFor(writes.Select(w => w.End));
                TriedNodeRows = rows.Count > 0;
                if (rows.Count > 0)
                    await rowWriter!.WriteAsync(_connection, tx, rows.Select(r => r.Row).ToList()).ConfigureAwait(false);
                await tx.CommitAsync().ConfigureAwait(false);
                if (rows.Count > 0)
                {
                    nodeRows.MarkStored(rows);
                    nodeViews.Invalidate(); // before the writes are answered: a read after the answer finds the new rows
                    listedRows.Changed(rows.Select(r => r.Row.NodeId));
                }
            }
            catch
            {
                await DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }

        /// <summary>Checkpoints on the writer's connection, between two transactions, so that its next one starts the WAL over.</summary>
        public async Task<bool> CheckpointAsync()
        {
            if (_connection is null || checkpoints is null)
                return true;
            try
            {
                return await checkpoints.CheckpointAsync(_connection).ConfigureAwait(false);
            }
            catch
            {
                await DisposeAsync().ConfigureAwait(false); // opened again for the next transaction
                throw;
            }
        }

        private async Task StoreRowByRowAsync(DbConnection connection, DbTransaction tx, IReadOnlyList<PendingWrite> writes)
        {
            if (_insert is null)
            {
                _insert = connection.CreateCommand();
                _insert.CommandText = InsertSql;
                foreach (var (column, type) in Columns)
                    JournalSql.Add(_insert, "@" + column, type, null);
            }
            _insert.Transaction = tx;
            foreach (var write in writes)
                foreach (var row in write.Rows)
                {
                    var values = ValuesOf(row, writerUuid);
                    for (var i = 0; i < values.Length; i++)
                        _insert.Parameters[i].Value = values[i];
                    await _insert.ExecuteNonQueryAsync().ConfigureAwait(false);
                }
        }

        private static async Task StoreAsBatchAsync(DbConnection connection, DbTransaction tx, IReadOnlyList<PendingWrite> writes, string writerUuid)
        {
            await using var batch = connection.CreateBatch();
            batch.Transaction = tx;
            foreach (var write in writes)
                foreach (var row in write.Rows)
                {
                    var command = batch.CreateBatchCommand();
                    command.CommandText = InsertSql;
                    var values = ValuesOf(row, writerUuid);
                    for (var i = 0; i < values.Length; i++)
                        command.Parameters.Add(JournalSql.Parameter(command.CreateParameter(), "@" + Columns[i].Column, Columns[i].Type, values[i]));
                    batch.BatchCommands.Add(command);
                }
            await batch.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        public async ValueTask DisposeAsync()
        {
            if (_insert is not null)
                await _insert.DisposeAsync().ConfigureAwait(false);
            if (_connection is not null)
                await _connection.DisposeAsync().ConfigureAwait(false);
            _insert = null;
            _connection = null;
        }
    }
}
