namespace Ironic.Actors.Conductor.ReadModel.Sql;

/// <summary>
/// Reads the journal table of Akka.Persistence.Sql in its global order (<c>ordering</c>, its primary key), only the
/// columns that say which entity stored which sequence number and when: the reconciler never needs the events
/// themselves. Reading by primary-key range costs the same whatever the journal's length. Also keeps the
/// reconciler's own offset in the read model's database.
/// </summary>
public sealed class JournalScan(ReadModelDatabase database, string journalTable = "journal")
{
    /// <summary>One stored event: its place in the journal, whose it is, its sequence number, when it was written.</summary>
    public sealed record Entry(long Ordering, string PersistenceId, long SequenceNr, DateTimeOffset Created);

    /// <summary>Up to <paramref name="limit"/> entries after <paramref name="offset"/>, in journal order.</summary>
    public Task<IReadOnlyList<Entry>> ReadAsync(long offset, int limit) => database.RunAsync(async connection =>
    {
        var sql = new ListSql(database.Dialect, journalTable, tieBreaker: "ordering").And($"ordering > @offset");
        await using var command = NodeRowReader.Command(connection,
            sql.Build("ordering, persistence_id, sequence_number, created", "ordering", false, false, limit),
            [.. sql.Parameters, ("@offset", offset)]);
        await using var reader = await command.ExecuteReaderAsync();
        var entries = new List<Entry>();
        while (await reader.ReadAsync())
            entries.Add(new Entry(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2),
                new DateTimeOffset(reader.GetInt64(3), TimeSpan.Zero)));
        return (IReadOnlyList<Entry>)entries;
    });

    /// <summary>The stored offset of reader <paramref name="name"/>; 0 before its first save.</summary>
    public Task<long> LoadOffsetAsync(string name) => database.RunAsync(async connection =>
    {
        await using var command = DbCommands.Create(connection, $"SELECT ordering FROM {ReadModelSchema.Offsets} WHERE name = @name").With("@name", name);
        return await command.ExecuteScalarAsync() is { } value and not DBNull ? Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) : 0L;
    });

    public Task SaveOffsetAsync(string name, long ordering) => database.RunAsync(async connection =>
    {
        await using var command = DbCommands.Create(connection,
                database.Dialect.Upsert(ReadModelSchema.Offsets, "name", ["name", "ordering"], "1 = 1", "{new}.ordering > {old}.ordering"))
            .With("@name", name).With("@ordering", ordering);
        return await command.ExecuteNonQueryAsync();
    });
}
