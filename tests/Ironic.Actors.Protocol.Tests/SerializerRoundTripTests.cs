using System.Text;
using System.Text.Json;
using Akka.Actor;
using Ironic.Actors.Protocol.Serialization;
using Ironic.Actors.TestKit;
using NUnit.Framework;

namespace Ironic.Actors.Protocol.Tests;

/// <summary>
/// Every message and event type, in a realistic fully populated sample, goes through the serializer the
/// actor system picks for it and comes back as the same type with the same content.
/// </summary>
public sealed class SerializerRoundTripTests() : ActorTestBase(IronicSerializerConfig.Hocon)
{
    private static IEnumerable<TestCaseData> Cases() => Samples.AllCases();

    [TestCaseSource(nameof(Cases))]
    public void The_actor_system_binds_it_to_the_Ironic_serializer(object message)
    {
        var serializer = Sys.Serialization.FindSerializerFor(message);
        Assert.That(serializer, Is.TypeOf<IronicSerializer>());
        Assert.That(serializer.Identifier, Is.EqualTo(IronicSerializer.SerializerId));
    }

    [TestCaseSource(nameof(Cases))]
    public void It_round_trips_through_its_manifest(object message)
    {
        var serializer = (IronicSerializer)Sys.Serialization.FindSerializerFor(message);
        var expectedJson = CanonicalJson.Of(message);

        var manifest = serializer.Manifest(message);
        var bytes = serializer.ToBinary(message);
        var decoded = serializer.FromBinary(bytes, manifest);

        Assert.Multiple(() =>
        {
            Assert.That(manifest, Is.EqualTo(Manifests.ByType[message.GetType()]));
            Assert.That(decoded, Is.TypeOf(message.GetType()));
            Assert.That(decoded, Is.Not.SameAs(message));
            Assert.That(CanonicalJson.Of(decoded), Is.EqualTo(expectedJson));
            // The original must be untouched by serialization (JSON objects are shared, never copied).
            Assert.That(CanonicalJson.Of(message), Is.EqualTo(expectedJson));
        });
    }

    [TestCaseSource(nameof(Cases))]
    public void It_round_trips_through_the_actor_systems_registry(object message)
    {
        var serializer = Sys.Serialization.FindSerializerFor(message);
        var bytes = serializer.ToBinary(message);
        var manifest = Akka.Serialization.Serialization.ManifestFor(serializer, message);

        var decoded = Sys.Serialization.Deserialize(bytes, serializer.Identifier, manifest);

        Assert.That(decoded, Is.TypeOf(message.GetType()));
        Assert.That(CanonicalJson.Of(decoded), Is.EqualTo(CanonicalJson.Of(message)));
    }

    [TestCaseSource(nameof(Cases))]
    public void Its_bytes_are_one_readable_UTF8_JSON_object(object message)
    {
        var bytes = Sys.Serialization.FindSerializerFor(message).ToBinary(message);

        Assert.That(bytes, Is.Not.Empty);
        var strictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        string text = null!;
        Assert.That(() => text = strictUtf8.GetString(bytes), Throws.Nothing, "not valid UTF-8");
        Assert.Multiple(() =>
        {
            Assert.That(bytes.AsSpan().StartsWith("\uFEFF"u8), Is.False, "no byte order mark");
            Assert.That(text, Does.Not.Contain("\n"), "one line per stored event");
            using var doc = JsonDocument.Parse(bytes);
            Assert.That(doc.RootElement.ValueKind, Is.EqualTo(JsonValueKind.Object));
            Assert.That(CanonicalJson.Canonical(text), Is.EqualTo(CanonicalJson.Of(message)),
                "the stored JSON is the message's plain System.Text.Json form");
        });
    }

    [TestCaseSource(nameof(Cases))]
    public void Encoding_is_deterministic(object message)
    {
        var serializer = Sys.Serialization.FindSerializerFor(message);
        Assert.That(serializer.ToBinary(message), Is.EqualTo(serializer.ToBinary(message)));
    }

    [Test]
    public void A_decoded_stateless_message_equals_its_singleton()
    {
        // Singletons decode to a new instance: handlers must match them by type (or record equality), never by reference.
        var serializer = (IronicSerializer)Sys.Serialization.FindSerializerFor(Nodes.StopNode.Instance);
        var decoded = serializer.FromBinary(serializer.ToBinary(Nodes.StopNode.Instance), serializer.Manifest(Nodes.StopNode.Instance));
        Assert.That(decoded, Is.EqualTo(Nodes.StopNode.Instance));
    }
}
