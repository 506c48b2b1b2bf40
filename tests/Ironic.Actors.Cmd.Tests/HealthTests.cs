using Akka.Cluster;
using Ironic.Actors.Hosting.Management;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NUnit.Framework;
using OpenTelemetry.Metrics;

namespace Ironic.Actors.Cmd.Tests;

/// <summary>The readiness decision and the metrics switch (pure functions and service registration, no processes).</summary>
public class HealthTests
{
    [Test]
    public void Ready_when_the_member_is_up_and_the_database_answers()
    {
        var (status, body) = Health.Decide("Up", databaseError: null);
        Assert.That(status, Is.EqualTo(200));
        Assert.That(body, Is.EqualTo(new ReadinessView("ready", new ReadinessChecks("Up", "ok"))));
    }

    [TestCase("Joining", null, "Joining", "ok")]
    [TestCase("WeaklyUp", null, "WeaklyUp", "ok")]
    [TestCase("Leaving", null, "Leaving", "ok")]
    [TestCase("Exiting", null, "Exiting", "ok")]
    [TestCase("not joined", null, "not joined", "ok")]
    [TestCase("not started", null, "not started", "ok")]
    [TestCase("Up", "Failed to connect to 127.0.0.1:5432", "Up", "Failed to connect to 127.0.0.1:5432")]
    [TestCase("Joining", "no answer within 2000 ms", "Joining", "no answer within 2000 ms")]
    public void Not_ready_otherwise_saying_what_each_check_found(string member, string? databaseError, string memberShown, string databaseShown)
    {
        var (status, body) = Health.Decide(member, databaseError);
        Assert.That(status, Is.EqualTo(503));
        Assert.That(body, Is.EqualTo(new ReadinessView("not ready", new ReadinessChecks(memberShown, databaseShown))));
    }

    [Test]
    public void The_member_state_names_akkas_status_and_the_states_before_it()
    {
        Assert.That(Health.MemberState(MemberStatus.Up, clusterTerminated: false), Is.EqualTo("Up"));
        Assert.That(Health.MemberState(MemberStatus.Joining, clusterTerminated: false), Is.EqualTo("Joining"));
        Assert.That(Health.MemberState(null, clusterTerminated: false), Is.EqualTo("not started"));
        // Before a join Akka reports its own member as Removed; after leaving, the cluster extension has shut down.
        Assert.That(Health.MemberState(MemberStatus.Removed, clusterTerminated: false), Is.EqualTo("not joined"));
        Assert.That(Health.MemberState(MemberStatus.Removed, clusterTerminated: true), Is.EqualTo("Removed"));
    }

    [TestCase(null, true)]
    [TestCase("true", true)]
    [TestCase("false", false)]
    public void Metrics_are_wired_unless_switched_off(string? setting, bool wired)
    {
        var settings = new Dictionary<string, string?> { ["urls"] = "http://127.0.0.1:6385" };
        if (setting is not null)
            settings["Ironic:Management:Metrics"] = setting;
        var services = new ServiceCollection();
        services.AddIronicManagement(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        Assert.That(services.Any(s => s.ServiceType == typeof(MeterProvider)), Is.EqualTo(wired));
    }

    [TestCase("Ironic:Management:MetricsInterval", "00:00:00")]
    [TestCase("Ironic:Management:ReadinessTimeout", "-00:00:01")]
    public void Durations_must_be_positive(string key, string value)
    {
        var settings = new Dictionary<string, string?> { ["urls"] = "http://127.0.0.1:6385", [key] = value };
        var e = Assert.Throws<InvalidOperationException>(() =>
            new ServiceCollection().AddIronicManagement(new ConfigurationBuilder().AddInMemoryCollection(settings).Build()));
        Assert.That(e!.Message, Does.StartWith(key));
    }

    [Test]
    public void No_metrics_without_a_management_endpoint()
    {
        var settings = new Dictionary<string, string?> { ["urls"] = "http://127.0.0.1:6385", ["Ironic:Management:Urls"] = "" };
        var services = new ServiceCollection();
        services.AddIronicManagement(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        Assert.That(services.Any(s => s.ServiceType == typeof(MeterProvider)), Is.False);
    }
}
