using System.Collections.Concurrent;
using Akka.Actor;
using Ironic.Actors.Conductor.ReadModel.Sql;
using static Ironic.Actors.Conductor.ReadModel.ReadModelWrites;

namespace Ironic.Actors.Conductor.ReadModel;

/// <summary>
/// Node rows stored in the same transaction as the events they show. Before it persists, a node entity offers the row
/// it will have once its events are applied (<see cref="Offer"/>); a journal that writes to the read model's database
/// (Ironic.Actors.Hosting's BatchingSqlJournal) takes the offered rows of the writes it stores and writes them with
/// their events, in one commit (<see cref="RowsFor"/>, <see cref="MarkStored"/>). Once its events are stored the entity
/// asks whether its row went with them (<see cref="TakeStored"/>): then it goes on at once, with no second write and no
/// wait on the <see cref="ReadModelWriterActor"/>; otherwise (another journal, a batch retried without rows) it hands
/// the row to the writer as before. A client that hears of a change still finds it in every list: the row was committed
/// with the change itself.
/// </summary>
/// <remarks>
/// Active only when both sides are there: this member's <see cref="NodeRowWriter"/> (<see cref="UseWriter"/>, by the
/// conductor) and a journal that stores rows (<see cref="JournalStoresRows"/>). One offer per entity at a time (an entity
/// persists one write at a time); a newer offer replaces an older one that was never taken (a failed write).
/// </remarks>
public sealed class RowsWithEvents : IExtension
{
    private readonly ConcurrentDictionary<string, Offered> _offers = new();
    private volatile NodeRowWriter? _writer;
    private volatile bool _journal;

    public static RowsWithEvents For(ActorSystem system) => system.WithExtension<RowsWithEvents, Provider>();

    /// <summary>Whether entities should offer their rows: a writer is registered and the journal takes them.</summary>
    public bool Active => _writer is not null && _journal;

    /// <summary>The writer the journal writes the offered rows with (its SQL, in the journal's transaction).</summary>
    public NodeRowWriter? Writer => _writer;

    /// <summary>The conductor's row writer, for the rows that go with events.</summary>
    public void UseWriter(NodeRowWriter writer) => _writer = writer;

    /// <summary>The journal says it stores offered rows with their events.</summary>
    public void JournalStoresRows() => _journal = true;

    /// <summary>The entity of <paramref name="persistenceId"/> is about to persist events ending at <c>row.Version</c>.</summary>
    public void Offer(string persistenceId, StoreNode row) => _offers[persistenceId] = new Offered(row);

    /// <summary>
    /// The rows offered for writes ending at these sequence numbers, for the journal to store in the transaction of
    /// their events. An offer for another sequence number (an older, failed write) is left alone.
    /// </summary>
    public IReadOnlyList<(string PersistenceId, StoreNode Row)> RowsFor(IEnumerable<(string PersistenceId, long ToSequenceNr)> writes)
    {
        List<(string, StoreNode)>? rows = null;
        foreach (var (persistenceId, toSequenceNr) in writes)
        {
            if (_offers.TryGetValue(persistenceId, out var offered) && offered.Row.Version == toSequenceNr)
                (rows ??= []).Add((persistenceId, offered.Row));
        }
        return rows ?? (IReadOnlyList<(string, StoreNode)>)[];
    }

    /// <summary>The transaction holding <paramref name="rows"/> and their events committed.</summary>
    public void MarkStored(IReadOnlyList<(string PersistenceId, StoreNode Row)> rows)
    {
        foreach (var (persistenceId, row) in rows)
        {
            if (_offers.TryGetValue(persistenceId, out var offered) && ReferenceEquals(offered.Row, row))
                offered.Stored = true;
        }
    }

    /// <summary>
    /// Whether the row offered for the write that ended at <paramref name="version"/> was stored with it. The offer is
    /// gone after, either way.
    /// </summary>
    public bool TakeStored(string persistenceId, long version) =>
        _offers.TryRemove(persistenceId, out var offered) && offered.Row.Version == version && offered.Stored;

    /// <summary>How many offers wait (tests).</summary>
    public int Count => _offers.Count;

    private sealed class Offered(StoreNode row)
    {
        public StoreNode Row { get; } = row;

        public volatile bool Stored;
    }

    private sealed class Provider : ExtensionIdProvider<RowsWithEvents>
    {
        public override RowsWithEvents CreateExtension(ExtendedActorSystem system) => new();
    }
}
