using System.Data.Common;
using Ironic.Actors.Conductor.ReadModel;
using Ironic.Actors.Conductor.ReadModel.Sql;
using Ironic.Actors.Domain.States;
using Ironic.Actors.Hosting;
using Ironic.Actors.Protocol.Queries;
using NUnit.Framework;

namespace Ironic.Actors.Conductor.Tests.ReadModel;

/// <summary>
/// PostgreSQL reads a sorted page along an index in the page's order, from its marker on, so that a page costs the same
/// wherever it starts and however many rows its filter keeps. Its indexes put NULL last unless told, and from the marker's
/// condition written as an OR it starts its walk at the index's first row: both showed as 151–168 ms pages among 100,000
/// nodes where walking the index takes 24. The plans are asked for with sorting and whole-table scans priced out, so they
/// show what the indexes allow whatever the table's size or statistics. And the planner's statistics follow a table that
/// grew: a page read finds them stale and has the table analyzed.
/// </summary>
public sealed class PostgresPagePlanTests
{
    private TestStore _store = null!;
    private ReadModelDatabase _database = null!;

    [SetUp]
    public async Task CreateDatabase()
    {
        _store = await TestStore.CreateAsync("postgresql");
        _database = PersistenceHostingExtensions.CreateReadModel(new PersistenceOptions { Provider = "postgresql", ConnectionString = _store.ConnectionString });
        await _database.EnsureSchemaAsync();
    }

    [TearDown]
    public async Task DropDatabase()
    {
        await _database.DisposeAsync();
        await _store.DisposeAsync();
    }

    [TestCase("name", false)]
    [TestCase("name", true)]
    [TestCase("resource_class", false)]
    [TestCase("resource_class", true)]
    public async Task A_filtered_page_sorted_by_a_column_that_may_be_null_walks_that_columns_index(string column, bool descending)
    {
        var sql = new ListSql(_database.Dialect, NodeColumns.Table).Equal("provision_state", ProvisionStates.Enroll);

        var plan = await PlanAsync(sql.Build("id", column, nullable: true, descending, limit: 1000), sql.Parameters);

        Assert.That(plan, Does.Contain(ReadModelSchema.SortIndexOf(_database.Dialect, column)), "read along the sort column's index");
        Assert.That(plan, Does.Not.Contain("Sort"), "in its order: nothing left to sort");
    }

    [Test]
    public async Task A_page_after_a_marker_starts_its_walk_at_the_marker()
    {
        var sql = new ListSql(_database.Dialect, NodeColumns.Table).Equal("provision_state", ProvisionStates.Enroll)
            .After("name", nullable: true, descending: false, markerValue: "node-0500", markerTie: 500L);

        var plan = await PlanAsync(sql.Build("id", "name", nullable: true, descending: false, limit: 1000), sql.Parameters);

        Assert.That(plan, Does.Contain(ReadModelSchema.SortIndexOf(_database.Dialect, "name")));
        Assert.That(plan, Does.Match(@"Index Cond: \(ROW\(\(?name\)?"), "the marker bounds the walk; as a filter only, every row before it is read");
        Assert.That(plan, Does.Not.Contain("Sort"));
    }

    [Test]
    public async Task A_table_that_grew_since_its_statistics_is_analyzed_once_a_page_is_read()
    {
        var writer = new NodeRowWriter(_database, (_, _) => "0");
        await using (var connection = await _database.OpenConnectionAsync())
        {
            // Autovacuum would analyze the table too, within its minute: only the pages may do it here.
            await Execute(connection, $"ALTER TABLE {NodeColumns.Table} SET (autovacuum_enabled = false)");
            await using var tx = await connection.BeginTransactionAsync();
            var rows = Enumerable.Range(0, 1500).Select(i => Row(Guid.NewGuid(), i)).ToList();
            await writer.WriteAsync(connection, tx, rows);
            await tx.CommitAsync();
        }
        Assert.That(await CountedRowsAsync(), Is.LessThan(0), "never analyzed: the planner takes the table for empty");

        var reader = new NodeRowReader(_database);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        float counted;
        while ((counted = await CountedRowsAsync()) < 0 && DateTime.UtcNow < deadline)
        {
            // Reads as a client would, the statistics looked at once a second at most (and the server's live count of
            // the rows may reach them a moment after the writer's commit).
            await reader.PageAsync(new NodeQueries.ListNodes(SortKey: "name", Limit: 10), ShardHosts.Unknown);
            await Task.Delay(100);
        }
        Assert.That(counted, Is.EqualTo(1500).Within(150), "analyzed: the planner knows how many rows there are");
    }

    private static ReadModelWrites.StoreNode Row(Guid id, int index) =>
        RowWrites.Store(RowWrites.Node(id, new DateTimeOffset(2026, 12, 7, 5, 0, 0, TimeSpan.Zero), $"node-{index:D4}"), 1);

    /// <summary>The plan of <paramref name="sql"/> with sorting and sequential scans priced out (what the indexes allow).</summary>
    private async Task<string> PlanAsync(string sql, IReadOnlyList<(string Name, object? Value)> parameters)
    {
        await using var connection = await _database.OpenConnectionAsync();
        foreach (var setting in new[] { "SET enable_sort = off", "SET enable_seqscan = off", "SET enable_bitmapscan = off" })
            await Execute(connection, setting);
        await using var explain = connection.CreateCommand();
        explain.CommandText = "EXPLAIN " + sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = explain.CreateParameter();
            (parameter.ParameterName, parameter.Value) = (name, value);
            explain.Parameters.Add(parameter);
        }
        await using var reader = await explain.ExecuteReaderAsync();
        var lines = new List<string>();
        while (await reader.ReadAsync())
            lines.Add(reader.GetString(0));
        return string.Join('\n', lines);
    }

    private async Task<float> CountedRowsAsync()
    {
        await using var connection = await _database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT reltuples FROM pg_class WHERE oid = to_regclass('{NodeColumns.Table}')";
        return (float)(await command.ExecuteScalarAsync())!;
    }

    private static async Task Execute(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
