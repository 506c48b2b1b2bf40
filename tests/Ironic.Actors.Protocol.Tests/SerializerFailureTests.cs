using System.Runtime.Serialization;
using System.Text;
using Akka.Actor;
using Ironic.Actors.Domain.Events;
using Ironic.Actors.Protocol.Serialization;
using Ironic.Actors.TestKit;
using NUnit.Framework;

namespace Ironic.Actors.Protocol.Tests;

/// <summary>What the serializer refuses: manifests it does not know, and types that have none.</summary>
public sealed class SerializerFailureTests() : ActorTestBase(IronicSerializerConfig.Hocon)
{
    /// <summary>A message someone forgot to register in <see cref="Manifests"/>.</summary>
    private sealed record Unregistered(Guid NodeId, string Text) : IIronicMessage;

    /// <summary>A node event someone forgot to register.</summary>
    private sealed record UnregisteredEvent(Guid NodeId, DateTimeOffset At) : INodeEvent;

    private IronicSerializer Serializer => new((ExtendedActorSystem)Sys);

    [TestCase("ne.enrolled.v0")]
    [TestCase("ne.enrolled.v2")]
    [TestCase("NE.ENROLLED.V1")]
    [TestCase("")]
    [TestCase("Ironic.Actors.Domain.Events.NodeEnrolled, Ironic.Actors.Domain")]
    public void An_unknown_manifest_is_a_SerializationException(string manifest)
    {
        var ex = Assert.Throws<SerializationException>(() => Serializer.FromBinary("{}"u8.ToArray(), manifest));
        Assert.That(ex!.Message, Does.Contain($"'{manifest}'"));
    }

    [Test]
    public void An_unknown_manifest_through_the_registry_is_a_SerializationException() =>
        Assert.Throws<SerializationException>(() =>
            Sys.Serialization.Deserialize("{}"u8.ToArray(), IronicSerializer.SerializerId, "xx.unknown.v1"));

    [Test]
    public void A_bound_type_without_manifest_gets_the_Ironic_serializer_by_its_marker()
    {
        Assert.That(Sys.Serialization.FindSerializerFor(new Unregistered(Samples.NodeId, "x")), Is.TypeOf<IronicSerializer>());
        Assert.That(Sys.Serialization.FindSerializerFor(new UnregisteredEvent(Samples.NodeId, Samples.EventAt)), Is.TypeOf<IronicSerializer>());
    }

    [Test]
    public void A_message_without_manifest_has_no_Manifest()
    {
        var ex = Assert.Throws<SerializationException>(() => Serializer.Manifest(new Unregistered(Samples.NodeId, "x")));
        Assert.That(ex!.Message, Does.Contain(nameof(Unregistered)).And.Contain(nameof(Manifests)));
    }

    [Test]
    public void A_message_without_manifest_is_refused_by_ToBinary() =>
        Assert.Throws<SerializationException>(() => Serializer.ToBinary(new Unregistered(Samples.NodeId, "x")));

    [Test]
    public void An_event_without_manifest_is_refused_by_ToBinary() =>
        Assert.Throws<SerializationException>(() => Serializer.ToBinary(new UnregisteredEvent(Samples.NodeId, Samples.EventAt)));

    [Test]
    public void Objects_that_are_not_Ironic_messages_are_refused()
    {
        Assert.Throws<SerializationException>(() => Serializer.ToBinary(new object()));
        Assert.Throws<SerializationException>(() => Serializer.ToBinary("a string"));
    }

    [Test]
    public void Malformed_bytes_under_a_known_manifest_are_a_JSON_error_not_a_wrong_object()
    {
        var manifest = Manifests.ByType[typeof(ProvisionStateChanged)];
        Assert.Catch<Exception>(() => Serializer.FromBinary(Encoding.UTF8.GetBytes("{\"NodeId\":"), manifest));
        Assert.Catch<Exception>(() => Serializer.FromBinary([0xFF, 0xFE, 0x00], manifest));
    }

    [Test]
    public void A_JSON_null_payload_is_a_SerializationException() =>
        Assert.Throws<SerializationException>(() =>
            Serializer.FromBinary("null"u8.ToArray(), Manifests.ByType[typeof(NodeDeleted)]));

    [Test]
    public void A_stored_node_missing_a_required_field_is_refused()
    {
        // A Node without "Driver" (a required member) must not decode into a node with a null driver.
        var json = CanonicalJson.Of(new NodeEnrolled(Samples.MinimalNode())).Replace("\"Driver\":\"fake-hardware\",", "");
        Assert.That(json, Does.Not.Contain("\"Driver\""));
        Assert.Catch<Exception>(() => Serializer.FromBinary(Encoding.UTF8.GetBytes(json), Manifests.ByType[typeof(NodeEnrolled)]));
    }
}
