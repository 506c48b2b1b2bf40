using Ironic.Actors.Gateway.Actors;
using Ironic.Actors.Protocol.Nodes;
using NUnit.Framework;

namespace Ironic.Actors.Gateway.UnitTests;

public sealed class NodePlacementsTests
{
    [Test]
    public void A_learnt_placement_is_found_and_a_changed_one_replaces_it()
    {
        var placements = new NodePlacements();
        var node = Guid.NewGuid();
        placements.Learn(node, new NodePlacement("", "fake-hardware"));
        placements.Learn(node, new NodePlacement("", "fake-hardware"));
        Assert.That(placements.Known(node), Is.EqualTo(new NodePlacement("", "fake-hardware")));

        placements.Learn(node, new NodePlacement("rack-a", "redfish"));
        Assert.That(placements.Known(node), Is.EqualTo(new NodePlacement("rack-a", "redfish")));
    }

    [Test]
    public void Past_its_capacity_it_forgets_and_starts_again()
    {
        var placements = new NodePlacements(capacity: 3);
        var nodes = Enumerable.Range(0, 4).Select(_ => Guid.NewGuid()).ToList();
        foreach (var node in nodes)
            placements.Learn(node, new NodePlacement("", "fake-hardware"));

        // The fourth went past the bound: everything is forgotten (the read model answers then), and learning goes on.
        foreach (var node in nodes)
            Assert.That(placements.Known(node), Is.Null);
        placements.Learn(nodes[0], new NodePlacement("", "ipmi"));
        Assert.That(placements.Known(nodes[0]), Is.EqualTo(new NodePlacement("", "ipmi")));
    }
}
