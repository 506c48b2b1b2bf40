using Akka.Actor;
using Akka.Actor.Internal;
using Akka.Actor.Setup;
using Akka.Configuration;
using Akka.TestKit;
using NUnit.Framework;

namespace Ironic.Actors.TestKit;

/// <summary>
/// Base class for NUnit fixtures that test actors. Every test gets a fresh <see cref="ActorSystem"/>,
/// created in a <c>[SetUp]</c> method and shut down in a <c>[TearDown]</c> method.
/// </summary>
/// <remarks>
/// <para>
/// Configuration is layered, highest priority first: <see cref="EnforcedConfig"/>
/// (<c>akka.actor.serialize-messages = on</c>, <c>akka.actor.serialize-creators = off</c>; a fixture
/// cannot turn these off), then the fixture's own config, then <see cref="FallbackConfig"/>
/// (log level WARNING, in-memory journal and snapshot store), then Akka.TestKit's defaults.
/// </para>
/// <para>
/// The class carries <c>[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]</c>; NUnit inherits the
/// attribute, so each test runs on its own fixture instance and subclasses need not repeat it.
/// Because the system only exists once <see cref="StartActorSystem"/> has run, do not touch
/// <see cref="TestKitBase.Sys"/>, <see cref="TestKitBase.TestActor"/> and friends in a constructor:
/// put per-test wiring in your own <c>[SetUp]</c> method (NUnit runs base-class set-ups first and
/// base-class tear-downs last, so your tear-down still sees a running system).
/// </para>
/// </remarks>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public abstract class ActorTestBase : TestKitBase
{
    private static readonly NUnitAssertions SharedAssertions = new();

    private readonly Config _config;
    private readonly string? _actorSystemName;
    private bool _setUpStarted;
    private bool _systemStarted;
    private SynchronizationContext? _previousContext;

    /// <summary>Settings every test system gets, whatever the fixture passes in.</summary>
    public static Config EnforcedConfig { get; } = ConfigurationFactory.ParseString("""
        akka.actor.serialize-messages = on
        akka.actor.serialize-creators = off
        """);

    /// <summary>Defaults a fixture's own config may override.</summary>
    public static Config FallbackConfig { get; } = ConfigurationFactory.ParseString("""
        akka.loglevel = WARNING
        akka.stdout-loglevel = WARNING
        akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
        akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
        """);

    /// <summary>Creates the fixture; the actor system itself is created per test in <see cref="StartActorSystem"/>.</summary>
    /// <param name="config">Extra configuration for this fixture, or <c>null</c> for the defaults.</param>
    /// <param name="actorSystemName">Name of the actor system; Akka.TestKit uses <c>test</c> when null.</param>
    protected ActorTestBase(Config? config = null, string? actorSystemName = null)
        : base(SharedAssertions, (ActorSystem?)null)
    {
        _config = ComposeConfig(config);
        _actorSystemName = actorSystemName;
    }

    /// <summary>Creates the fixture from a HOCON string.</summary>
    /// <param name="hocon">Extra configuration for this fixture, as HOCON text.</param>
    /// <param name="actorSystemName">Name of the actor system; Akka.TestKit uses <c>test</c> when null.</param>
    protected ActorTestBase(string hocon, string? actorSystemName = null)
        : this(ConfigurationFactory.ParseString(hocon), actorSystemName)
    {
    }

    /// <summary>
    /// Layers <paramref name="config"/> between <see cref="EnforcedConfig"/> and <see cref="FallbackConfig"/>;
    /// Akka.TestKit adds its own defaults beneath when the system is created.
    /// </summary>
    public static Config ComposeConfig(Config? config)
    {
        var withFixture = config is null || config.IsEmpty ? EnforcedConfig : EnforcedConfig.WithFallback(config);
        return withFixture.WithFallback(FallbackConfig);
    }

    /// <summary>Creates this test's actor system and test actor, pinning the test actor as implicit sender.</summary>
    [SetUp]
    public void StartActorSystem()
    {
        _previousContext = SynchronizationContext.Current;
        _setUpStarted = true;
        InitializeTest(null, _config, _actorSystemName, null);
        _systemStarted = true;
    }

    /// <summary>Shuts this test's actor system down via <see cref="AfterAllAsync"/>.</summary>
    [TearDown]
    public async Task StopActorSystemAsync()
    {
        // Undo the thread-bound state InitializeTest left on this NUnit worker thread before the
        // first await, so the next fixture on this thread does not inherit a dead implicit sender.
        InternalCurrentActorCellKeeper.Current = null;
        SynchronizationContext.SetSynchronizationContext(_previousContext);
        if (!_systemStarted)
            return;
        _systemStarted = false;
        await AfterAllAsync();
    }

    /// <summary>
    /// Called after each test (after the subclass's own tear-downs); shuts the system down.
    /// Override to add work, but call the base implementation.
    /// </summary>
    protected virtual Task AfterAllAsync() => ShutdownAsync();

    /// <summary>
    /// TestKitBase's constructor calls this eagerly; that call is ignored so that the system is
    /// created in <see cref="StartActorSystem"/>, on the thread that then runs the test.
    /// </summary>
    protected override void InitializeTest(ActorSystem system, ActorSystemSetup config, string actorSystemName, string testActorName)
    {
        if (!_setUpStarted)
            return;
        base.InitializeTest(system, config, actorSystemName, testActorName);
    }
}
