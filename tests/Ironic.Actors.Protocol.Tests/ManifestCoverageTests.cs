using System.Reflection;
using Ironic.Actors.Domain.Events;
using Ironic.Actors.Protocol.Serialization;
using NUnit.Framework;

namespace Ironic.Actors.Protocol.Tests;

/// <summary>Every message and event type has exactly one manifest, and no manifest is shared.</summary>
[TestFixture]
public sealed class ManifestCoverageTests
{
    private static readonly Assembly[] Scanned = [typeof(IIronicMessage).Assembly, typeof(INodeEvent).Assembly];

    /// <summary>Concrete types of the Protocol and Domain assemblies that are bound to the Ironic serializer.</summary>
    private static IEnumerable<Type> SerializableTypes() =>
        Scanned.SelectMany(a => a.GetTypes())
            .Where(t => t is { IsAbstract: false, IsInterface: false, ContainsGenericParameters: false })
            .Where(t => typeof(IIronicMessage).IsAssignableFrom(t) || typeof(INodeEvent).IsAssignableFrom(t))
            .OrderBy(t => t.FullName, StringComparer.Ordinal);

    private static IEnumerable<TestCaseData> SerializableTypeCases() =>
        SerializableTypes().Select(t => new TestCaseData(t).SetArgDisplayNames(Samples.Describe(t)));

    [Test]
    public void The_scan_finds_the_known_messages_and_events()
    {
        var types = SerializableTypes().ToList();
        Assert.That(types, Does.Contain(typeof(NodeEnrolled)).And.Contain(typeof(Nodes.NodeCommands.CreateNode)));
        Assert.That(types, Has.Count.GreaterThanOrEqualTo(45), "a scan finding fewer types than exist today is broken");
    }

    [TestCaseSource(nameof(SerializableTypeCases))]
    public void Every_message_and_event_type_has_a_manifest(Type type) =>
        Assert.That(Manifests.ByType.ContainsKey(type), Is.True,
            $"{type.FullName} is bound to the Ironic serializer but has no entry in {nameof(Manifests)}.{nameof(Manifests.ByType)}");

    [Test]
    public void Every_manifest_entry_is_a_serializable_concrete_type()
    {
        Assert.Multiple(() =>
        {
            foreach (var type in Manifests.ByType.Keys)
            {
                Assert.That(type.IsAbstract || type.IsInterface, Is.False, $"{type} is not concrete");
                Assert.That(typeof(IIronicMessage).IsAssignableFrom(type) || typeof(INodeEvent).IsAssignableFrom(type), Is.True,
                    $"{type} has a manifest but is not bound to the Ironic serializer by a marker interface");
            }
        });
    }

    [Test]
    public void Manifests_are_unique()
    {
        var duplicates = Manifests.ByType
            .GroupBy(kv => kv.Value, StringComparer.Ordinal)
            .Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(kv => kv.Key.Name))}")
            .ToList();
        Assert.That(duplicates, Is.Empty);
    }

    [Test]
    public void No_manifest_maps_to_two_types_and_the_reverse_map_agrees()
    {
        Assert.That(Manifests.ByManifest, Has.Count.EqualTo(Manifests.ByType.Count));
        Assert.Multiple(() =>
        {
            foreach (var (type, manifest) in Manifests.ByType)
                Assert.That(Manifests.ByManifest[manifest], Is.EqualTo(type), manifest);
        });
    }

    [Test]
    public void Manifests_are_non_blank_and_case_insensitively_distinct()
    {
        var manifests = Manifests.ByType.Values.ToList();
        Assert.Multiple(() =>
        {
            Assert.That(manifests, Has.All.Not.Null.And.Not.Empty.And.Not.Contain(" "));
            Assert.That(manifests.Distinct(StringComparer.OrdinalIgnoreCase).Count(), Is.EqualTo(manifests.Count));
        });
    }

    [Test]
    public void Stored_types_carry_a_version_suffix()
    {
        // Events and snapshots outlive the code: their manifests must be versioned so a changed shape gets ".v2".
        var stored = Manifests.ByType.Where(kv => typeof(INodeEvent).IsAssignableFrom(kv.Key)
                                                  || kv.Key == typeof(Nodes.NodeSnapshot)
                                                  || kv.Key.DeclaringType == typeof(Registry.RegistryEvents));
        Assert.Multiple(() =>
        {
            foreach (var (type, manifest) in stored)
                Assert.That(manifest, Does.Match(@"\.v[0-9]+$"), type.Name);
        });
    }

    [Test]
    public void The_round_trip_samples_cover_every_manifest()
    {
        var sampled = Samples.OnePerType().Select(s => s.GetType()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(sampled, Is.Unique, "one sample per type");
            Assert.That(sampled, Is.EquivalentTo(Manifests.ByType.Keys), "add a sample to Samples.OnePerType for each new manifest");
        });
    }
}
