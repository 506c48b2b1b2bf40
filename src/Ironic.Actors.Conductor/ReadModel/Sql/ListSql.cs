using System.Globalization;
using System.Text;

namespace Ironic.Actors.Conductor.ReadModel.Sql;

/// <summary>
/// Builds one page query: filters, then the rows after the marker in the requested order (keyset paging: a page costs
/// the same wherever it starts), then the limit. NULL sorts before every value, as in Ironic's MySQL, and ties are
/// broken by a unique column (<paramref name="tieBreaker"/>: the row's <c>id</c> for nodes), so every order is total
/// and a marker always names one place in it.
/// </summary>
public sealed class ListSql(SqlDialect dialect, string table, string tieBreaker = "id")
{
    private readonly StringBuilder _where = new();
    private readonly List<(string Name, object? Value)> _parameters = [];

    public IReadOnlyList<(string Name, object? Value)> Parameters => _parameters;

    /// <summary><c>column = value</c>.</summary>
    public ListSql Equal(string column, object? value) => value is null ? this : And($"{column} = {Add(value)}");

    /// <summary><c>column IS NULL</c> or <c>IS NOT NULL</c>.</summary>
    public ListSql IsNull(string column, bool? isNull) =>
        isNull is null ? this : And(isNull.Value ? $"{column} IS NULL" : $"{column} IS NOT NULL");

    /// <summary><c>column IN (values)</c>; an empty list keeps nothing.</summary>
    public ListSql In(string column, IReadOnlyCollection<object>? values)
    {
        if (values is null)
            return this;
        if (values.Count == 0)
            return And("1 = 0");
        return And($"{column} IN ({string.Join(", ", values.Select(Add))})");
    }

    public ListSql Contains(string column, string? value) => value is null ? this : And(dialect.Contains(column, Add(value)));

    /// <summary>Applies <paramref name="filter"/> (a condition built by a helper) and goes on with the same query.</summary>
    public ListSql Also(Func<ListSql, ListSql> filter) => filter(this);

    /// <summary>Any raw condition, with its parameters named by <see cref="Add"/>.</summary>
    public ListSql And(string condition)
    {
        _where.Append(_where.Length == 0 ? " WHERE " : " AND ").Append('(').Append(condition).Append(')');
        return this;
    }

    /// <summary>Names a parameter holding <paramref name="value"/>.</summary>
    public string Add(object? value)
    {
        var name = "@p" + _parameters.Count.ToString(CultureInfo.InvariantCulture);
        _parameters.Add((name, value));
        return name;
    }

    /// <summary>
    /// Keeps the rows after the marker row, whose sort column holds <paramref name="markerValue"/> and whose tie-breaker
    /// holds <paramref name="markerTie"/>, in the order of <paramref name="column"/> (then the tie-breaker) ascending or
    /// descending.
    /// </summary>
    public ListSql After(string column, bool nullable, bool descending, object? markerValue, object markerTie)
    {
        var tie = Add(markerTie);
        var t = tieBreaker;
        if (column == t)
            return And(descending ? $"{t} < {tie}" : $"{t} > {tie}");
        if (markerValue is null)
            return And(descending
                ? $"{column} IS NULL AND {t} < {tie}"
                : $"({column} IS NULL AND {t} > {tie}) OR {column} IS NOT NULL");
        var value = Add(markerValue);
        var before = dialect.ComparesRows ? $"({column}, {t}) < ({value}, {tie})" : $"{column} < {value} OR ({column} = {value} AND {t} < {tie})";
        var after = dialect.ComparesRows ? $"({column}, {t}) > ({value}, {tie})" : $"{column} > {value} OR ({column} = {value} AND {t} > {tie})";
        return And(descending ? before + (nullable ? $" OR {column} IS NULL" : "") : after);
    }

    /// <summary>
    /// The whole statement: <paramref name="select"/> from the table, filtered, ordered, limited; read through
    /// <paramref name="indexedBy"/> when given (SQLite's <c>INDEXED BY</c>: walk that index in order).
    /// </summary>
    public string Build(string select, string column, bool nullable, bool descending, int limit, string? indexedBy = null)
    {
        var order = column == tieBreaker
            ? dialect.OrderTerm(tieBreaker, descending, nullable: false)
            : $"{dialect.OrderTerm(column, descending, nullable)}, {dialect.OrderTerm(tieBreaker, descending, nullable: false)}";
        var from = indexedBy is null ? table : $"{table} INDEXED BY {indexedBy}";
        return $"SELECT {select} FROM {from}{_where} ORDER BY {order} {dialect.Limit(Add((long)limit))}";
    }

    /// <summary>True when a filter was added.</summary>
    public bool Filtered => _where.Length > 0;

    /// <summary>The statement without order or limit.</summary>
    public string BuildUnordered(string select) => $"SELECT {select} FROM {table}{_where}";
}
