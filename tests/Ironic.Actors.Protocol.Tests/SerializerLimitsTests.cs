using System.Text.Json;
using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Decisions;
using Ironic.Actors.Domain.Events;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Domain.States;
using Ironic.Actors.Protocol.Nodes;
using Ironic.Actors.Protocol.Queries;
using Ironic.Actors.Protocol.Serialization;
using Ironic.Actors.TestKit;
using NUnit.Framework;

namespace Ironic.Actors.Protocol.Tests;

/// <summary>
/// Edge values the API lets users put into a node's free-form JSON fields must survive the serializer,
/// or the event that stores them fails to persist (and the command or reply carrying them fails between members).
/// </summary>
public sealed class SerializerLimitsTests() : ActorTestBase(IronicSerializerConfig.Hocon)
{
    /// <summary>The gateway parses request bodies with <c>JsonDocumentOptions.MaxDepth = 64</c> (Gateway/Api/JsonBody.cs).</summary>
    private const int GatewayMaxDepth = 64;

    private object RoundTrip(object message)
    {
        var serializer = (IronicSerializer)Sys.Serialization.FindSerializerFor(message);
        return serializer.FromBinary(serializer.ToBinary(message), serializer.Manifest(message));
    }

    /// <summary>{"a":{"a":...{"a":1}}} with <paramref name="levels"/> objects.</summary>
    private static JsonObject Nested(int levels)
    {
        var o = new JsonObject { ["a"] = 1 };
        for (var i = 1; i < levels; i++)
            o = new JsonObject { ["a"] = o };
        return o;
    }

    private static bool GatewayAccepts(string body)
    {
        try
        {
            JsonNode.Parse(body, documentOptions: new JsonDocumentOptions { MaxDepth = GatewayMaxDepth });
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>The most object levels a value can have inside <paramref name="bodyAround"/> and still be accepted.</summary>
    private static int DeepestAccepted(Func<string, string> bodyAround)
    {
        var levels = 1;
        while (GatewayAccepts(bodyAround(Nested(levels + 1).ToJsonString())))
            levels++;
        return levels;
    }

    private static string PostBody(string extra) => "{\"driver\":\"fake-hardware\",\"extra\":" + extra + "}";

    private static string PatchBody(string value) => "[{\"op\":\"add\",\"path\":\"/extra/a\",\"value\":" + value + "}]";

    /// <summary>Every message that carries a whole node, for a node with <paramref name="extra"/>.</summary>
    private static IEnumerable<object> MessagesCarrying(JsonObject extra)
    {
        Node Node() => Samples.MinimalNode() with { Extra = extra.Clone() };
        yield return new NodeEnrolled(Node());
        yield return new NodeUpdated(Node(), Samples.EventAt);
        yield return new NodeSnapshot(Node());
        yield return Samples.View(Node());
        yield return new NodeReplies.Accepted(Samples.View(Node()));
        yield return new NodeQueries.NodePage([Samples.View(Node())], true);
        yield return new DriverWork.Run(Samples.NodeId, 1, new NodeWork(WorkKind.Deploy), Node());
    }

    [Test]
    public void The_gateway_limits_are_what_these_tests_assume()
    {
        Assert.Multiple(() =>
        {
            Assert.That(DeepestAccepted(PostBody), Is.EqualTo(63), "POST body: 1 level of body + 63 levels of extra");
            Assert.That(DeepestAccepted(PatchBody), Is.EqualTo(62), "PATCH body: list + operation + 62 levels of value");
        });
    }

    [Test]
    public void Node_JSON_a_few_levels_below_the_limit_round_trips_in_every_message()
    {
        var extra = Nested(50);
        Assert.Multiple(() =>
        {
            foreach (var m in MessagesCarrying(extra))
                Assert.That(CanonicalJson.Of(RoundTrip(m)), Is.EqualTo(CanonicalJson.Of(m)), m.GetType().Name);
        });
    }

    [Test]
    public void Node_JSON_the_gateway_accepts_can_be_carried_by_every_message()
    {
        var postExtra = Nested(DeepestAccepted(PostBody));
        var postBody = JsonNode.Parse(PostBody(postExtra.ToJsonString()))!.AsObject();
        var patchValue = Nested(DeepestAccepted(PatchBody));
        var patch = new NodeCommands.PatchNode(Samples.NodeId, [new PatchOperation("add", "/extra/a", patchValue, true)], false);
        var patchedExtra = new JsonObject { ["a"] = patchValue.DeepClone() };

        Assert.Multiple(() =>
        {
            Assert.That(() => RoundTrip(new NodeCommands.CreateNode(Samples.NodeId, postBody, ProvisionStates.Enroll)), Throws.Nothing,
                "CreateNode with the deepest POST body");
            Assert.That(() => RoundTrip(patch), Throws.Nothing, "PatchNode with the deepest PATCH value");
            foreach (var m in MessagesCarrying(postExtra))
                Assert.That(() => RoundTrip(m), Throws.Nothing, $"{m.GetType().Name} of a node enrolled with the deepest POST body");
            foreach (var m in MessagesCarrying(patchedExtra))
                Assert.That(() => RoundTrip(m), Throws.Nothing, $"{m.GetType().Name} of a node patched with the deepest PATCH value");
            // Repeated patches on nested paths can grow a node's JSON past one body's depth; the domain caps it
            // (FieldRules.MaxJsonDepth), and every message must carry a node at that cap.
            foreach (var m in MessagesCarrying(Nested(Domain.Nodes.FieldRules.MaxJsonDepth)))
                Assert.That(() => RoundTrip(m), Throws.Nothing, $"{m.GetType().Name} of a node with the deepest JSON the domain allows");
        });
    }


    [Test]
    public void Large_and_precise_numbers_in_JSON_fields_keep_their_exact_text()
    {
        var extra = JsonNode.Parse("""{"huge":123456789012345678901234567890,"tiny":1e-320,"pi":3.14159265358979323846264338327950288,"neg0":-0.0}""")!.AsObject();
        var e = new NodeUpdated(Samples.MinimalNode() with { Extra = extra }, Samples.EventAt);

        var decoded = (NodeUpdated)RoundTrip(e);

        Assert.That(decoded.Node.Extra.ToJsonString(), Is.EqualTo(extra.ToJsonString()));
    }

    [Test]
    public void Non_ASCII_control_and_markup_characters_in_JSON_fields_survive()
    {
        var extra = new JsonObject { ["s"] = "日本語 😀 \u0000 \u001f \\ \" </script> \u2028 & +" };
        var decoded = (NodeUpdated)RoundTrip(new NodeUpdated(Samples.MinimalNode() with { Extra = extra }, Samples.EventAt));
        Assert.That(decoded.Node.Extra["s"]!.GetValue<string>(), Is.EqualTo(extra["s"]!.GetValue<string>()));
    }

    [Test]
    public void A_large_node_round_trips()
    {
        var extra = new JsonObject();
        for (var i = 0; i < 2000; i++)
            extra["key-" + i] = new JsonObject { ["value"] = new string('x', 100), ["n"] = i };
        var e = new NodeUpdated(
            Samples.MinimalNode() with { Extra = extra, Traits = [.. Enumerable.Range(0, 50).Select(i => "CUSTOM_T" + i)] },
            Samples.EventAt);

        Assert.That(CanonicalJson.Of(RoundTrip(e)), Is.EqualTo(CanonicalJson.Of(e)));
    }
}
