using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Event;
using Ironic.Actors.Domain.Events;
using Ironic.Actors.TestKit;
using NUnit.Framework;

namespace Ironic.Actors.Protocol.Tests;

/// <summary>
/// These tests rely on <c>akka.actor.serialize-messages</c>: every local message goes through the serializer,
/// as it would between cluster members. Check that it is really on, and that it really uses the Ironic serializer.
/// </summary>
public sealed class SerializationVerificationTests() : ActorTestBase(IronicSerializerConfig.Hocon)
{
    private sealed record Unregistered(Guid NodeId) : IIronicMessage;

    private sealed class Echo : ReceiveActor
    {
        public Echo() => ReceiveAny(m => Sender.Tell(m));
    }

    [Test]
    public void Serialize_all_messages_is_on() =>
        Assert.That(Sys.Settings.SerializeAllMessages, Is.True);

    [TestCaseSource(typeof(Samples), nameof(Samples.AllCases))]
    public void A_message_sent_to_an_actor_arrives_as_a_deserialized_copy(object message)
    {
        var echo = Sys.ActorOf(Props.Create(() => new Echo()));

        echo.Tell(message, TestActor);

        var received = ExpectMsg<object>(TimeSpan.FromSeconds(3));
        Assert.That(received, Is.TypeOf(message.GetType()));
        Assert.That(CanonicalJson.Of(received), Is.EqualTo(CanonicalJson.Of(message)));
    }

    [Test]
    public void A_node_carrying_message_is_copied_not_shared()
    {
        var echo = Sys.ActorOf(Props.Create(() => new Echo()));
        var sent = new NodeEnrolled(Samples.FullNode());

        echo.Tell(sent, TestActor);

        var received = ExpectMsg<NodeEnrolled>(TimeSpan.FromSeconds(3));
        Assert.That(received, Is.Not.SameAs(sent));
        Assert.That(received.Node.Extra, Is.Not.SameAs(sent.Node.Extra), "JSON objects travel by value, as between members");
    }

    [Test]
    public void A_message_without_manifest_is_refused_at_send_and_never_reaches_the_actor()
    {
        var echo = Sys.ActorOf(Props.Create(() => new Echo()));
        // Wait until the actor has started: a send to a still-unstarted cell fails the same way, but Akka then
        // reports a NullReferenceException (it formats the error with the not-yet-created actor's type).
        echo.Tell(new Nodes.NodeCommands.GetNode(Samples.NodeId), TestActor);
        ExpectMsg<Nodes.NodeCommands.GetNode>(TimeSpan.FromSeconds(3));
        var errors = CreateTestProbe();
        Sys.EventStream.Subscribe(errors, typeof(Error));

        echo.Tell(new Unregistered(Samples.NodeId), TestActor); // Akka logs and swallows the failure

        var error = errors.ExpectMsg<Error>(TimeSpan.FromSeconds(3));
        Assert.That(error.Cause, Is.InstanceOf<SerializationException>());
        Assert.That(error.Cause.InnerException, Is.TypeOf<SerializationException>()
            .With.Message.Contains("No manifest for").And.Message.Contains(nameof(Unregistered)));
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }
}

/// <summary>A fixture that asks for serialize-messages off still gets it on: the test kit enforces it.</summary>
public sealed class SerializationVerificationEnforcedTests()
    : ActorTestBase(IronicSerializerConfig.Hocon + "\nakka.actor.serialize-messages = off\n")
{
    [Test]
    public void Serialize_all_messages_cannot_be_turned_off() =>
        Assert.That(Sys.Settings.SerializeAllMessages, Is.True);
}
