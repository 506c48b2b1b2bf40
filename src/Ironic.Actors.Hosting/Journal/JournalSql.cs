using System.Data;
using System.Data.Common;
using Akka.Actor;
using Ironic.Actors.Conductor.ReadModel;
using Ironic.Actors.Conductor.ReadModel.Sql;

namespace Ironic.Actors.Hosting.Journal;

/// <summary>What the journal and the snapshot store share for their plain ADO.NET paths.</summary>
internal static class JournalSql
{
    /// <summary>
    /// The database those paths run on: the read model's, the journal's own (same connection string), when it is SQLite
    /// or PostgreSQL; null otherwise (SQL Server, or a member that registered none), where the plugin keeps its own paths.
    /// </summary>
    public static ReadModelDatabase? DatabaseFor(ActorSystem system) =>
        ReadModelDatabases.For(system).Database is { Dialect.Provider: SqlProvider.Sqlite or SqlProvider.PostgreSql } database ? database : null;

    /// <summary>Adds parameter <paramref name="name"/> of <paramref name="type"/> (null as SQL NULL).</summary>
    public static void Add(DbCommand command, string name, DbType type, object? value) =>
        command.Parameters.Add(Parameter(command.CreateParameter(), name, type, value));

    public static DbParameter Parameter(DbParameter parameter, string name, DbType type, object? value)
    {
        parameter.ParameterName = name;
        parameter.DbType = type;
        parameter.Value = value ?? DBNull.Value;
        return parameter;
    }
}
