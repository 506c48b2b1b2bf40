using System.Data;
using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using Akka.Persistence.Sql.Snapshot;
using Ironic.Actors.Conductor.ReadModel.Sql;

namespace Ironic.Actors.Hosting.Journal;

/// <summary>
/// Akka.Persistence.Sql's snapshot store (the cluster singletons' snapshots: the registry of unique values, chassis,
/// allocations, deploy templates; nodes keep theirs in the read model), loading, saving and deleting in plain ADO.NET on
/// the same table, rows and serialization, so that either plugin reads what the other wrote — as
/// <see cref="BatchingSqlJournal"/> does for events. The plugin keeps the rest: creating the table, its configuration.
/// </summary>
/// <remarks>
/// The plugin builds each statement through linq2db: a fresh server's first snapshot (the registry's, after 1,000 claims,
/// so within the first 1,000 nodes created) compiled linq2db's query machinery while the creates ran (README "The
/// journal": a few hundred methods and ~0.2 s of JIT fewer). SQL Server and a system without a registered read-model
/// database keep the plugin's own paths.
/// </remarks>
public sealed class PlainSqlSnapshotStore(Config snapshotConfig) : SqlSnapshotStore(snapshotConfig)
{
    /// <summary>Akka.Persistence.Sql's default snapshot table.</summary>
    private const string Table = "snapshot";

    private const string Columns = "persistence_id, sequence_number, created, snapshot, manifest, serializer_id";

    private readonly ExtendedActorSystem _system = (ExtendedActorSystem)Context.System;
    private ReadModelDatabase? _database;

    protected override void PreStart()
    {
        base.PreStart();
        _database = JournalSql.DatabaseFor(_system);
    }

    protected override async Task<SelectedSnapshot?> LoadAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken cancellationToken)
    {
        if (_database is not { } database)
            return await base.LoadAsync(persistenceId, criteria, cancellationToken);
        var row = await database.RunAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText =
                $"SELECT {Columns} FROM {Table} WHERE persistence_id = @pid AND sequence_number <= @max" +
                (criteria.MaxTimeStamp == DateTime.MaxValue ? "" : " AND created <= @maxTime") +
                " ORDER BY sequence_number DESC LIMIT 1";
            JournalSql.Add(command, "@pid", DbType.String, persistenceId);
            JournalSql.Add(command, "@max", DbType.Int64, criteria.MaxSequenceNr);
            if (criteria.MaxTimeStamp != DateTime.MaxValue)
                JournalSql.Add(command, "@maxTime", DbType.Int64, criteria.MaxTimeStamp.Ticks);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                return null;
            return new StoredSnapshot(
                reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), (byte[])reader.GetValue(3),
                reader.IsDBNull(4) ? "" : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetInt32(5));
        });
        if (row is null)
            return null;
        if (row.SerializerId is not { } serializerId)
            return await base.LoadAsync(persistenceId, criteria, cancellationToken); // written by an old plugin without a serializer id: its own reading
        return new SelectedSnapshot(
            new SnapshotMetadata(row.PersistenceId, row.SequenceNr, new DateTime(row.Created)),
            _system.Serialization.Deserialize(row.Payload, serializerId, row.Manifest));
    }

    protected override async Task SaveAsync(SnapshotMetadata metadata, object snapshot, CancellationToken cancellationToken)
    {
        if (_database is not { } database)
        {
            await base.SaveAsync(metadata, snapshot, cancellationToken);
            return;
        }
        var serializer = _system.Serialization.FindSerializerFor(snapshot);
        var manifest = Akka.Serialization.Serialization.ManifestFor(serializer, snapshot);
        var payload = Akka.Serialization.Serialization.WithTransport(_system, (serializer, snapshot), s => s.serializer.ToBinary(s.snapshot));
        await database.RunAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = database.Dialect.Provider == SqlProvider.Sqlite
                ? $"INSERT OR REPLACE INTO {Table} ({Columns}) VALUES (@pid, @seq, @created, @payload, @manifest, @serializer)"
                : $"INSERT INTO {Table} ({Columns}) VALUES (@pid, @seq, @created, @payload, @manifest, @serializer) " +
                  "ON CONFLICT (persistence_id, sequence_number) DO UPDATE SET created = excluded.created, " +
                  "snapshot = excluded.snapshot, manifest = excluded.manifest, serializer_id = excluded.serializer_id";
            JournalSql.Add(command, "@pid", DbType.String, metadata.PersistenceId);
            JournalSql.Add(command, "@seq", DbType.Int64, metadata.SequenceNr);
            JournalSql.Add(command, "@created", DbType.Int64, metadata.Timestamp.Ticks);
            JournalSql.Add(command, "@payload", DbType.Binary, payload);
            JournalSql.Add(command, "@manifest", DbType.String, manifest);
            JournalSql.Add(command, "@serializer", DbType.Int32, serializer.Identifier);
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        });
    }

    protected override async Task DeleteAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken cancellationToken)
    {
        if (_database is not { } database)
        {
            await base.DeleteAsync(persistenceId, criteria, cancellationToken);
            return;
        }
        await database.RunAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"DELETE FROM {Table} WHERE persistence_id = @pid" +
                (criteria.MaxSequenceNr == long.MaxValue ? "" : " AND sequence_number <= @max") +
                (criteria.MaxTimeStamp == DateTime.MaxValue ? "" : " AND created <= @maxTime");
            JournalSql.Add(command, "@pid", DbType.String, persistenceId);
            if (criteria.MaxSequenceNr != long.MaxValue)
                JournalSql.Add(command, "@max", DbType.Int64, criteria.MaxSequenceNr);
            if (criteria.MaxTimeStamp != DateTime.MaxValue)
                JournalSql.Add(command, "@maxTime", DbType.Int64, criteria.MaxTimeStamp.Ticks);
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        });
    }

    private sealed record StoredSnapshot(string PersistenceId, long SequenceNr, long Created, byte[] Payload, string Manifest, int? SerializerId);
}
