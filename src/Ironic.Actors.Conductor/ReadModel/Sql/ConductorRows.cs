using Ironic.Actors.Protocol.Conductors;
using Ironic.Actors.Protocol.Serialization;

namespace Ironic.Actors.Conductor.ReadModel.Sql;

/// <summary>
/// The registrations of conductors (<see cref="ReadModelSchema.Conductors"/>): each conductor records itself when it starts,
/// as Ironic's conductor registers in its conductors table; the API lists them all, alive or not.
/// </summary>
public sealed class ConductorRows(ReadModelDatabase database)
{
    public Task RegisterAsync(ConductorMessages.ConductorInfo info) => database.RunAsync(async connection =>
    {
        await using var command = DbCommands.Create(connection,
                database.Dialect.Upsert(ReadModelSchema.Conductors, "hostname", ["hostname", "registered_at", "doc"], "1 = 1", "1 = 1"))
            .With("@hostname", info.Hostname).With("@registered_at", NodeColumns.Micros(info.StartedAt)).With("@doc", IronicSerializer.ToJson(info));
        return await command.ExecuteNonQueryAsync();
    });

    public Task<IReadOnlyList<ConductorMessages.ConductorInfo>> AllAsync() => database.RunAsync(async connection =>
    {
        await using var command = DbCommands.Create(connection, $"SELECT doc FROM {ReadModelSchema.Conductors} ORDER BY hostname");
        await using var reader = await command.ExecuteReaderAsync();
        var found = new List<ConductorMessages.ConductorInfo>();
        while (await reader.ReadAsync())
            found.Add(IronicSerializer.FromJson<ConductorMessages.ConductorInfo>(reader.Bytes(0)));
        return (IReadOnlyList<ConductorMessages.ConductorInfo>)found;
    });
}
