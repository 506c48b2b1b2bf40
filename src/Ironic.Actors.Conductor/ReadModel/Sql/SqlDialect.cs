namespace Ironic.Actors.Conductor.ReadModel.Sql;

/// <summary>The databases the read model lives in: the same one as the journal.</summary>
public enum SqlProvider
{
    Sqlite,
    PostgreSql,
    SqlServer,
}

/// <summary>
/// What differs between SQLite, PostgreSQL and SQL Server in the read model's SQL: column types, the conditional
/// upsert, limits, NULL ordering and substring search. Everything else is plain SQL shared by all three.
/// Text columns compare byte-wise (binary collation), so that sorting and equality mean the same everywhere.
/// </summary>
public abstract class SqlDialect
{
    public static SqlDialect For(SqlProvider provider) => provider switch
    {
        SqlProvider.Sqlite => new SqliteDialect(),
        SqlProvider.PostgreSql => new PostgresDialect(),
        SqlProvider.SqlServer => new SqlServerDialect(),
        _ => throw new ArgumentOutOfRangeException(nameof(provider)),
    };

    public abstract SqlProvider Provider { get; }

    /// <summary>A short text column that may be indexed and sorted (names, states, UUIDs).</summary>
    public abstract string Text { get; }

    /// <summary>An unbounded text column (descriptions, errors).</summary>
    public abstract string LongText { get; }

    public abstract string BigInt { get; }

    public abstract string Blob { get; }

    /// <summary>A 64-bit auto-increment primary key column definition (without the column name).</summary>
    public abstract string Identity { get; }

    /// <summary>Creates a table when it does not exist yet.</summary>
    public abstract string CreateTable(string table, string columns);

    /// <summary>Creates an index when it does not exist yet; with <paramref name="where"/>, of the rows it holds for only (a partial index).</summary>
    public abstract string CreateIndex(string name, string table, string columns, bool unique = false, string? where = null);

    /// <summary>Drops an index of <paramref name="table"/> when it exists (one of a former shape).</summary>
    public abstract string DropIndex(string name, string table);

    /// <summary>
    /// Inserts <paramref name="columns"/> (parameters named after them, prefixed '@') into <paramref name="table"/>,
    /// or updates the row with the same <paramref name="key"/>, but only where <paramref name="insertGuard"/> holds for
    /// an insert and <paramref name="updateGuard"/> for an update. In <paramref name="updateGuard"/>, <c>{new}</c> stands
    /// for the incoming row and <c>{old}</c> for the stored one.
    /// </summary>
    public abstract string Upsert(string table, string key, IReadOnlyList<string> columns, string insertGuard, string updateGuard);

    /// <summary>ORDER BY one term, NULL sorting before every value (as Ironic's MySQL does) in both directions.</summary>
    public abstract string OrderTerm(string column, bool descending, bool nullable);

    /// <summary>
    /// A column of an index that holds a page's order, NULL before every value as <see cref="OrderTerm"/> sorts it, so that an
    /// ascending page walks the index forwards and a descending one backwards. SQLite and SQL Server put NULL first in an
    /// index of their own accord; PostgreSQL puts it last unless told, and then sorts every row a filter keeps instead.
    /// </summary>
    public virtual string IndexTerm(string column, bool nullable) => column;

    /// <summary>
    /// True when the rows after a page's marker are best asked as a row comparison, <c>(column, id) &gt; (@value, @tie)</c>:
    /// PostgreSQL starts its index walk at the marker from that form only, and from the equivalent OR of two conditions walks
    /// from the index's start, a page costing as much as the rows before it. SQLite finds the start from either.
    /// </summary>
    public virtual bool ComparesRows => false;

    /// <summary>The statement tail that keeps the first <paramref name="limitParameter"/> rows (after ORDER BY).</summary>
    public abstract string Limit(string limitParameter);

    /// <summary>True when <paramref name="column"/> contains <paramref name="parameter"/>, case-sensitively.</summary>
    public abstract string Contains(string column, string parameter);
}

/// <summary>What SQLite and PostgreSQL share: IF NOT EXISTS, INSERT … ON CONFLICT DO UPDATE … WHERE, LIMIT.</summary>
internal abstract class ConflictUpsertDialect : SqlDialect
{
    public override string CreateTable(string table, string columns) => $"CREATE TABLE IF NOT EXISTS {table} ({columns})";

    public override string CreateIndex(string name, string table, string columns, bool unique = false, string? where = null) =>
        $"CREATE {(unique ? "UNIQUE " : "")}INDEX IF NOT EXISTS {name} ON {table} ({columns}){(where is null ? "" : $" WHERE {where}")}";

    public override string DropIndex(string name, string table) => $"DROP INDEX IF EXISTS {name}";

    /// <summary>INSERT … SELECT … WHERE guard ON CONFLICT DO UPDATE … WHERE guard.</summary>
    public override string Upsert(string table, string key, IReadOnlyList<string> columns, string insertGuard, string updateGuard)
    {
        var names = string.Join(", ", columns);
        var values = string.Join(", ", columns.Select(c => "@" + c));
        var sets = string.Join(", ", columns.Where(c => c != key).Select(c => $"{c} = excluded.{c}"));
        var guard = updateGuard.Replace("{new}", "excluded", StringComparison.Ordinal).Replace("{old}", table, StringComparison.Ordinal);
        return $"INSERT INTO {table} ({names}) SELECT {values} WHERE {insertGuard} " +
               $"ON CONFLICT ({key}) DO UPDATE SET {sets} WHERE {guard}";
    }

    public override string OrderTerm(string column, bool descending, bool nullable) =>
        descending ? $"{column} DESC{(nullable ? " NULLS LAST" : "")}" : $"{column} ASC{(nullable ? " NULLS FIRST" : "")}";

    public override string Limit(string limitParameter) => $"LIMIT {limitParameter}";
}

internal sealed class SqliteDialect : ConflictUpsertDialect
{
    public override SqlProvider Provider => SqlProvider.Sqlite;
    public override string Text => "TEXT";
    public override string LongText => "TEXT";
    public override string BigInt => "INTEGER";
    public override string Blob => "BLOB";
    public override string Identity => "INTEGER PRIMARY KEY AUTOINCREMENT";

    public override string Contains(string column, string parameter) => $"instr({column}, {parameter}) > 0";
}

internal sealed class PostgresDialect : ConflictUpsertDialect
{
    public override SqlProvider Provider => SqlProvider.PostgreSql;
    public override string Text => "varchar(255) COLLATE \"C\"";
    public override string LongText => "text COLLATE \"C\"";
    public override string BigInt => "bigint";
    public override string Blob => "bytea";
    public override string Identity => "bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY";

    public override string Contains(string column, string parameter) => $"strpos({column}, {parameter}) > 0";

    public override string IndexTerm(string column, bool nullable) => nullable ? $"{column} NULLS FIRST" : column;

    public override bool ComparesRows => true;
}

/// <summary>SQL Server: supported by configuration; not exercised by the test suite (no server on the test machines).</summary>
internal sealed class SqlServerDialect : SqlDialect
{
    public override SqlProvider Provider => SqlProvider.SqlServer;
    public override string Text => "nvarchar(255) COLLATE Latin1_General_BIN2";
    public override string LongText => "nvarchar(max) COLLATE Latin1_General_BIN2";
    public override string BigInt => "bigint";
    public override string Blob => "varbinary(max)";
    public override string Identity => "bigint IDENTITY(1,1) PRIMARY KEY";

    public override string CreateTable(string table, string columns) =>
        $"IF OBJECT_ID(N'{table}', N'U') IS NULL CREATE TABLE {table} ({columns})";

    public override string CreateIndex(string name, string table, string columns, bool unique = false, string? where = null) =>
        $"IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'{name}') " +
        $"CREATE {(unique ? "UNIQUE " : "")}INDEX {name} ON {table} ({columns}){(where is null ? "" : $" WHERE {where}")}";

    public override string DropIndex(string name, string table) => $"DROP INDEX IF EXISTS {name} ON {table}";

    public override string Upsert(string table, string key, IReadOnlyList<string> columns, string insertGuard, string updateGuard)
    {
        var names = string.Join(", ", columns);
        var source = string.Join(", ", columns.Select(c => $"@{c} AS {c}"));
        var sets = string.Join(", ", columns.Where(c => c != key).Select(c => $"t.{c} = s.{c}"));
        var guard = updateGuard.Replace("{new}", "s", StringComparison.Ordinal).Replace("{old}", "t", StringComparison.Ordinal);
        return $"MERGE INTO {table} WITH (HOLDLOCK) AS t USING (SELECT {source}) AS s ON t.{key} = s.{key} " +
               $"WHEN MATCHED AND {guard} THEN UPDATE SET {sets} " +
               $"WHEN NOT MATCHED AND {insertGuard} THEN INSERT ({names}) VALUES ({string.Join(", ", columns.Select(c => "s." + c))});";
    }

    // SQL Server sorts NULL first ascending and last descending: what the other dialects spell out.
    public override string OrderTerm(string column, bool descending, bool nullable) => descending ? $"{column} DESC" : $"{column} ASC";

    public override string Limit(string limitParameter) => $"OFFSET 0 ROWS FETCH NEXT {limitParameter} ROWS ONLY";

    public override string Contains(string column, string parameter) => $"CHARINDEX({parameter}, {column}) > 0";
}
