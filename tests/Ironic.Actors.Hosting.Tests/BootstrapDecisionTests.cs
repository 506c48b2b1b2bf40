using Ironic.Actors.Hosting.Bootstrap;
using NUnit.Framework;

namespace Ironic.Actors.Hosting.Tests;

/// <summary>The cluster bootstrap's decision: join a cluster a contact point is in, else the lowest of a stable, complete set forms it.</summary>
public sealed class BootstrapDecisionTests
{
    private const string A = "akka.tcp://ironic@10.0.0.1:4053";
    private const string B = "akka.tcp://ironic@10.0.0.2:4053";
    private const string C = "akka.tcp://ironic@10.0.0.3:4053";
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(3);

    private static ContactProbe Probe(string self, params string[] members) => new($"{self[^13..]}", self, members);

    [Test]
    public void A_contact_point_in_a_cluster_gives_the_seeds_to_join()
    {
        var step = BootstrapDecision.Decide(C, [Probe(A, A, B), Probe(B, A, B), Probe(C)], discovered: 3, required: 3, TimeSpan.Zero, Margin);
        Assert.That(step, Is.TypeOf<BootstrapStep.Join>());
        Assert.That(((BootstrapStep.Join)step).SeedNodes, Is.EqualTo(new[] { A, B }));
    }

    [Test]
    public void The_lowest_address_forms_a_new_cluster_once_every_required_contact_point_answered_for_the_stable_margin()
    {
        BootstrapStep Decide(string self, TimeSpan stable, int answered = 3, int discovered = 3) =>
            BootstrapDecision.Decide(self, new[] { Probe(B), Probe(A), Probe(C) }.Take(answered).ToList(), discovered, required: 3, stable, Margin);

        Assert.Multiple(() =>
        {
            Assert.That(Decide(A, Margin), Is.TypeOf<BootstrapStep.Form>(), "the lowest forms");
            Assert.That(Decide(B, Margin), Is.TypeOf<BootstrapStep.Wait>(), "the others wait to see it");
            Assert.That(Decide(A, Margin - TimeSpan.FromSeconds(1)), Is.TypeOf<BootstrapStep.Wait>(), "not before the set has been stable");
            Assert.That(Decide(A, Margin, discovered: 2), Is.TypeOf<BootstrapStep.Wait>(), "not before enough are discovered");
            Assert.That(Decide(A, Margin, answered: 2), Is.TypeOf<BootstrapStep.Wait>(), "not before enough answer");
        });
    }
}
