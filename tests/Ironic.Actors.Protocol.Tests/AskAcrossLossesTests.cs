using System.Threading.Channels;
using Akka.Actor;
using Ironic.Actors.Protocol.Conductors;
using NUnit.Framework;

namespace Ironic.Actors.Protocol.Tests;

/// <summary>
/// Asks that survive a conductor's death: a message is sent again after a conductor is removed while its answer is awaited
/// (it may have been lost with that member), never otherwise, and the first answer to any copy is the answer.
/// </summary>
public sealed class AskAcrossLossesTests
{
    private ActorSystem _system = null!;
    private Channel<(object Message, IActorRef Sender)> _received = null!;
    private IActorRef _target = null!;

    [SetUp]
    public void Start()
    {
        _system = ActorSystem.Create("ask-across-losses");
        _received = Channel.CreateUnbounded<(object, IActorRef)>();
        var received = _received.Writer;
        _target = _system.ActorOf(Props.Create(() => new Recorder(received)));
    }

    [TearDown]
    public async Task Stop() => await _system.Terminate();

    [Test]
    public async Task A_message_is_sent_again_after_a_conductor_is_removed_and_the_first_answer_to_a_copy_is_the_answer()
    {
        var losses = new ConductorLosses();
        var asked = _target.AskAcrossLossesAsync("claim", TimeSpan.FromSeconds(20), losses);
        var first = await ReceiveAsync();
        Assert.That(first.Message, Is.EqualTo("claim"));

        losses.Lost(Loss(wasOldest: false)); // the first copy went to the removed conductor: it is never answered
        var copy = await ReceiveAsync();
        Assert.That(copy.Message, Is.EqualTo("claim"), "sent again after the removal");
        Assert.That(asked.IsCompleted, Is.False);
        copy.Sender.Tell("claimed");
        Assert.That(await asked, Is.EqualTo("claimed"));
    }

    [Test]
    public async Task Without_a_removal_a_message_is_sent_once_and_times_out_as_a_plain_ask()
    {
        var losses = new ConductorLosses();
        var asked = _target.AskAcrossLossesAsync("claim", TimeSpan.FromMilliseconds(400), losses);
        await ReceiveAsync();
        Assert.ThrowsAsync<AskTimeoutException>(async () => await asked);
        Assert.That(_received.Reader.TryRead(out var extra), Is.False, $"sent again without a removal: {extra.Message}");
    }

    [Test]
    public async Task With_renewal_a_copy_sent_after_a_late_removal_has_the_whole_time_out()
    {
        var losses = new ConductorLosses();
        var timeout = TimeSpan.FromSeconds(2);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var asked = _target.AskAcrossLossesAsync("release", timeout, losses, renewOnLoss: true, singleton: true);
        await ReceiveAsync();
        await Task.Delay(TimeSpan.FromSeconds(1.6)); // the removal comes late: what is left of the first ask's time-out is less than the copy's delay
        losses.Lost(Loss(wasOldest: true));
        var copy = await ReceiveAsync();
        Assert.That(clock.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(2)), "the copy went out after the first ask's time-out");
        copy.Sender.Tell("released");
        Assert.That(await asked, Is.EqualTo("released"));
    }

    [Test]
    public async Task A_singleton_is_asked_again_only_when_the_oldest_conductor_its_host_is_removed()
    {
        var losses = new ConductorLosses();
        var asked = _target.AskAcrossLossesAsync("claim", TimeSpan.FromSeconds(20), losses, singleton: true);
        await ReceiveAsync();
        losses.Lost(Loss(wasOldest: false)); // a younger conductor: the singleton still has the first copy
        losses.Lost(Loss(wasOldest: true));
        var copy = await ReceiveAsync();
        Assert.That(copy.Message, Is.EqualTo("claim"));
        copy.Sender.Tell("claimed");
        Assert.That(await asked, Is.EqualTo("claimed"));
        // Only the oldest's removal sent copies (0.5 s and 3 s after it): the second is the last.
        var last = await ReceiveAsync();
        Assert.That(last.Message, Is.EqualTo("claim"));
        using var quiet = new CancellationTokenSource(TimeSpan.FromSeconds(1)); // copies for the younger one would have come with these
        Assert.That(async () => await _received.Reader.ReadAsync(quiet.Token), Throws.InstanceOf<OperationCanceledException>(),
            "no copy for the younger conductor's removal");
    }

    private static ConductorLoss Loss(bool wasOldest) => new(new Address("akka.tcp", "ironic", "127.0.0.1", 2552), wasOldest);

    private async Task<(object Message, IActorRef Sender)> ReceiveAsync()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await _received.Reader.ReadAsync(deadline.Token);
    }

    /// <summary>Hands every message and its sender to the test, answering nothing itself.</summary>
    private sealed class Recorder : ReceiveActor
    {
        public Recorder(ChannelWriter<(object, IActorRef)> received) => ReceiveAny(message => received.TryWrite((message, Sender)));
    }
}
