using Akka.Actor;
using Akka.Hosting;
using Akka.Persistence;
using Ironic.Actors.Conductor.ReadModel;
using Ironic.Actors.Conductor.ReadModel.Sql;
using Ironic.Actors.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NUnit.Framework;

namespace Ironic.Actors.Conductor.Tests.Journal;

/// <summary>A test's own data directory, and the persistence options of a SQLite file in it or of the test PostgreSQL.</summary>
public abstract class PersistenceFixture
{
    protected string Dir { get; private set; } = null!;

    [SetUp]
    public void CreateDataDirectory() => Dir = Directory.CreateTempSubdirectory("persistence-").FullName;

    [TearDown]
    public void RemoveDataDirectory()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(Dir, recursive: true);
    }

    protected PersistenceOptions Sqlite() => new() { Provider = "sqlite", DataDirectory = Dir };

    protected static PersistenceOptions Postgres() => new()
    {
        Provider = "postgresql",
        ConnectionString = Environment.GetEnvironmentVariable("IRONIC_TEST_POSTGRES") is { Length: > 0 } cs
            ? cs
            : throw new AssertionException("IRONIC_TEST_POSTGRES is not set: run the suite with `bash test.sh`, which starts PostgreSQL."),
    };

    /// <summary><see cref="Sqlite"/> or <see cref="Postgres"/> by the provider's name.</summary>
    protected PersistenceOptions Options(string provider) => provider == "sqlite" ? Sqlite() : Postgres();
}

/// <summary>A persistent actor that stores strings, saves and deletes snapshots of them, and tells what it recovered.</summary>
internal sealed class Recorder : UntypedPersistentActor
{
    private readonly List<string> _events = [];

    public Recorder(string id) => PersistenceId = id;

    public override string PersistenceId { get; }

    public sealed record Store(string[] Events);

    public sealed record Stored(long LastSequenceNr);

    /// <summary>What recovery gave: the strings, the last sequence number, and the snapshot it started from (if any).</summary>
    public sealed record Recovered(string[] Events, long LastSequenceNr, long? FromSnapshot = null);

    /// <summary>Save a snapshot of the strings so far; answered <see cref="Snapped"/> once saved.</summary>
    public sealed record Snap;

    public sealed record Snapped(long SequenceNr);

    /// <summary>Delete the snapshots up to <paramref name="MaxSequenceNr"/>; answered <see cref="SnapsDeleted"/>.</summary>
    public sealed record DeleteSnaps(long MaxSequenceNr);

    public sealed record SnapsDeleted;

    public sealed class GetRecovered
    {
        public static readonly GetRecovered Instance = new();
    }

    private long? _fromSnapshot;
    private IActorRef _snapshotAsker = ActorRefs.Nobody;

    protected override void OnRecover(object message)
    {
        switch (message)
        {
            case SnapshotOffer { Snapshot: string[] saved } offer:
                _events.Clear();
                _events.AddRange(saved);
                _fromSnapshot = offer.Metadata.SequenceNr;
                break;
            case string e:
                _events.Add(e);
                break;
        }
    }

    protected override void OnCommand(object message)
    {
        switch (message)
        {
            case Store store:
                var replyTo = Sender;
                var left = store.Events.Length;
                // PersistAsync: the five events of an entity go to the journal together with other entities' writes.
                PersistAllAsync(store.Events, e =>
                {
                    _events.Add(e);
                    if (--left == 0)
                        replyTo.Tell(new Stored(LastSequenceNr));
                });
                break;
            case GetRecovered:
                Sender.Tell(new Recovered([.. _events], LastSequenceNr, _fromSnapshot));
                break;
            case Snap:
                _snapshotAsker = Sender;
                SaveSnapshot(_events.ToArray());
                break;
            case SaveSnapshotSuccess saved:
                _snapshotAsker.Tell(new Snapped(saved.Metadata.SequenceNr));
                break;
            case DeleteSnaps delete:
                _snapshotAsker = Sender;
                DeleteSnapshots(new SnapshotSelectionCriteria(delete.MaxSequenceNr));
                break;
            case DeleteSnapshotsSuccess:
                _snapshotAsker.Tell(new SnapsDeleted());
                break;
        }
    }
}

/// <summary>An actor system with only the Ironic persistence set-up, as a conductor member has it.</summary>
internal sealed class JournalSystem : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly Dictionary<string, IActorRef> _entities = [];

    private JournalSystem(IHost host) => _host = host;

    public ActorSystem System => _host.Services.GetRequiredService<ActorSystem>();

    /// <summary>The registered read-model database the journal writes to (batching only).</summary>
    public ReadModelDatabase? Database { get; private set; }

    /// <param name="batching">False: no read-model database is registered, so the journal is the stock plugin.</param>
    public static async Task<JournalSystem> StartAsync(PersistenceOptions options, bool batching)
    {
        var builder = Host.CreateApplicationBuilder();
        ReadModelDatabase? registered = null;
        builder.Services.AddAkka("journal-test", (akka, _) =>
        {
            akka.WithIronicPersistence(options);
            if (batching)
                akka.WithActors((system, _) =>
                {
                    var database = PersistenceHostingExtensions.CreateReadModel(options);
                    ReadModelDatabases.Register(system, database);
                    registered = database;
                    system.RegisterOnTermination(database.Dispose);
                });
        });
        var host = builder.Build();
        await host.StartAsync();
        return new JournalSystem(host) { Database = registered };
    }

    public IActorRef Entity(string id)
    {
        if (!_entities.TryGetValue(id, out var entity))
            _entities[id] = entity = System.ActorOf(Props.Create(() => new Recorder(id)));
        return entity;
    }

    public async Task<bool> Watch(IActorRef entity)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await entity.WatchAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
