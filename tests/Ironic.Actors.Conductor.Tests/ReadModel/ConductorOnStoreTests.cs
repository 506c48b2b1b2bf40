using NUnit.Framework;

namespace Ironic.Actors.Conductor.Tests.ReadModel;

/// <summary>Fixtures whose every test gets a store of its own (SQLite or PostgreSQL) and a real conductor on it.</summary>
public abstract class ConductorOnStoreTests(string provider)
{
    protected TestStore Store { get; private set; } = null!;

    protected ConductorHost Host { get; private set; } = null!;

    [SetUp]
    public async Task StartConductor()
    {
        Store = await TestStore.CreateAsync(provider);
        Host = await ConductorHost.StartAsync(Store.Directory, Store.Apply);
    }

    [TearDown]
    public async Task StopConductor()
    {
        if (Host is not null) await Host.DisposeAsync();
        if (Store is not null) await Store.DisposeAsync();
    }
}
