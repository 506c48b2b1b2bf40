using Akka.Actor;
using Ironic.Actors.Protocol.Nodes;
using Ironic.Actors.Protocol.Queries;

namespace Ironic.Actors.Conductor.ReadModel;

/// <summary>
/// The node rows list pages read lately, so that a page read again (a client polling its nodes) reads only the ids its
/// filter selects from the filter's index, and the rows themselves only for nodes changed since. While nodes are
/// written, each commit empties a SQLite reader's page cache, and a page of 1,000 read its 1,000 rows back from the file
/// one page each: half of a page's time in the server.
/// </summary>
/// <remarks>
/// <para>
/// Used only while this member is the cluster's only conductor (<see cref="Active"/>): then every write of a node row
/// happens in this process — the journal's transactions, the read-model writer's, the lock releases — and each one
/// reports the nodes it wrote (<see cref="Changed"/>, or <see cref="ChangedAll"/> when it cannot say which) after its
/// commit and before the change is answered. With another conductor in the cluster, rows change where this member does
/// not see it, and pages read every row as before.
/// </para>
/// <para>
/// A read takes a stamp before its query (<see cref="Begin"/>); a change takes one after its commit and leaves it on the
/// node's stripe (one of <see cref="Stripes"/>, by UUID). A row is kept and used only while no change took a later stamp
/// on its stripe than the read that brought it, so a row read before a commit is never used after it; an unrelated
/// node sharing the stripe only costs a re-read. Rows are kept from their second read on (a walk through a fleet keeps
/// nothing), in two generations of half of <see cref="BudgetBytes"/> each (<see cref="TwoGenerations{TKey,TValue}"/>),
/// as <c>RenderedNodeCache</c> keeps text.
/// </para>
/// </remarks>
public sealed class NodeRowCache : IExtension
{
    /// <summary>Stripes of change stamps (a power of two): 512 KiB.</summary>
    public const int Stripes = 65_536;

    /// <summary>The default budget of row bytes (documents): ~25,000 nodes of ~2.5 KB.</summary>
    public const long DefaultBudgetBytes = 64L * 1024 * 1024;

    private readonly long[] _stripes = new long[Stripes];
    private readonly SeenOnce _seen = new(65_536);
    private readonly TwoGenerations<long, Row> _rows;
    private long _clock;
    private long _allChangedAt;
    private volatile bool _active;

    public NodeRowCache(long budgetBytes = DefaultBudgetBytes)
    {
        BudgetBytes = Math.Max(0, budgetBytes);
        _rows = new(BudgetBytes);
    }

    public static NodeRowCache For(ActorSystem system) => system.WithExtension<NodeRowCache, Provider>();

    public long BudgetBytes { get; }

    /// <summary>Rows held now (tests).</summary>
    public int Count => _rows.Count;

    /// <summary>
    /// Whether rows are kept and used: true only while every writer of node rows is in this process. Any change of it
    /// forgets every row kept.
    /// </summary>
    public bool Active
    {
        get => _active && BudgetBytes > 0;
        set
        {
            if (_active == value)
                return;
            ChangedAll();
            _active = value;
            ChangedAll(); // a read that began before the switch keeps nothing
        }
    }

    /// <summary>One row as a list page reads it, with the stamp of the read that brought it.</summary>
    public sealed record Row(
        string Uuid, byte[] Document, string? Reservation, string StoredConductor, string EntityShard, long Version, long ReadStamp)
    {
        /// <summary>The row as a page shows it: the conductor hosting its shard now, else the one that wrote it.</summary>
        public NodeQueries.StoredNode ToStored(ShardHosts hosts) =>
            new(Document, Reservation, hosts.HostOf(EntityShard) ?? StoredConductor, Version, Uuid);
    }

    /// <summary>The stamp of a read about to start (taken before its query).</summary>
    public long Begin() => Interlocked.Increment(ref _clock);

    /// <summary>The row of <paramref name="id"/>, if kept and unchanged since it was read.</summary>
    public bool TryGet(long id, out Row row)
    {
        if (Active && _rows.TryGet(id, out row, static r => r.Document.Length) && Valid(row))
            return true;
        row = null!;
        return false;
    }

    /// <summary>
    /// Offers the row of <paramref name="id"/> that a read stamped <see cref="Row.ReadStamp"/> brought: kept when it is
    /// read for the second time and nothing changed it (or its stripe) since that read began.
    /// </summary>
    public void Offer(long id, Row row)
    {
        if (Active && Valid(row) && _seen.SeenBefore(HashCode.Combine(id)))
            _rows.Keep(id, row, row.Document.Length);
    }

    /// <summary>Nodes whose rows this process just committed: called after the commit, before the change is answered.</summary>
    public void Changed(IEnumerable<Guid> nodes)
    {
        var stamp = Interlocked.Increment(ref _clock);
        foreach (var node in nodes)
            RaiseTo(ref _stripes[StripeOf(NodeRowKey(node))], stamp);
    }

    /// <summary>Rows this process changed without knowing which (a conductor's locks released): every row kept is read again.</summary>
    public void ChangedAll() => RaiseTo(ref _allChangedAt, Interlocked.Increment(ref _clock));

    private bool Valid(Row row) =>
        row.ReadStamp > Volatile.Read(ref _allChangedAt) && row.ReadStamp > Volatile.Read(ref _stripes[StripeOf(row.Uuid)]);

    /// <summary>Stamps only move forward: two changes finishing out of order leave the later stamp.</summary>
    private static void RaiseTo(ref long location, long stamp)
    {
        var seen = Volatile.Read(ref location);
        while (seen < stamp)
        {
            var was = Interlocked.CompareExchange(ref location, stamp, seen);
            if (was == seen)
                return;
            seen = was;
        }
    }

    /// <summary>A node's UUID as its row stores it (<see cref="Sql.NodeRowWriter.Key"/>).</summary>
    private static string NodeRowKey(Guid node) => Sql.NodeRowWriter.Key(node);

    private static int StripeOf(string uuid) => StringComparer.Ordinal.GetHashCode(uuid) & (Stripes - 1);

    private sealed class Provider : ExtensionIdProvider<NodeRowCache>
    {
        public override NodeRowCache CreateExtension(ExtendedActorSystem system) => new();
    }
}
