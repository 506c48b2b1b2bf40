using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Decisions;
using Ironic.Actors.Domain.Events;
using Ironic.Actors.Domain.Nodes;
using NUnit.Framework;
using static Ironic.Actors.Domain.Tests.TestNodes;

namespace Ironic.Actors.Domain.Tests;

/// <summary>
/// PUT /states/console and PUT /states/raid: when the console must be switched, what is stored once it is, and the
/// target RAID configuration's decision (lock, no-op, event) and evolution.
/// </summary>
public class ConsoleAndRaidDecisionTests
{
    private static readonly DateTimeOffset Now = Created.AddHours(1);

    private static NodeContext Ctx(string? lockedBy = null) => new(Now, lockedBy);

    [TestCase(false, true, ExpectedResult = true)]
    [TestCase(true, false, ExpectedResult = true)]
    [TestCase(true, true, ExpectedResult = false)]
    [TestCase(false, false, ExpectedResult = false)]
    [TestCase(false, null, ExpectedResult = false)]
    [TestCase(true, null, ExpectedResult = false)]
    public bool The_console_is_switched_only_when_it_is_not_already_as_asked(bool current, bool? wanted) =>
        NodeDecisions.ConsoleSwitchNeeded(InState("manageable") with { ConsoleEnabled = current }, wanted);

    [Test]
    public void A_switched_console_is_stored_and_clears_last_error()
    {
        var node = InState("manageable") with { LastError = "old failure" };

        var decision = NodeDecisions.ConsoleSwitched(node, true, Ctx());

        Assert.That(decision.Events, Is.EqualTo(new INodeEvent[] { new ConsoleModeChanged(Uuid, true, Now) }));
        var after = node.Apply(decision.Events[0])!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(after.ConsoleEnabled, Is.True);
            Assert.That(after.LastError, Is.Null);
            Assert.That(after.UpdatedAt, Is.EqualTo(Now));
        }
        Assert.That(after.Apply(new ConsoleModeChanged(Uuid, false, Now.AddMinutes(1)))!.ConsoleEnabled, Is.False);
    }

    [Test]
    public void A_console_already_as_asked_stores_nothing()
    {
        var node = InState("manageable") with { ConsoleEnabled = true };

        Assert.That(NodeDecisions.ConsoleSwitched(node, true, Ctx()).Events, Is.Empty);
    }

    [TestCase("{}", ExpectedResult = false)]
    [TestCase("""{"logical_disks": []}""", ExpectedResult = true)]
    [TestCase("""{"foo": 1}""", ExpectedResult = true)]
    public bool Only_a_non_empty_configuration_is_checked_by_the_raid_interface(string config) =>
        NodeDecisions.RaidConfigNeedsCheck(JsonNode.Parse(config)!.AsObject());

    [Test]
    public void A_target_raid_configuration_is_stored_as_given()
    {
        var node = InState("manageable");
        var config = JsonNode.Parse("""{"logical_disks": [{"size_gb": "MAX", "raid_level": "1", "is_root_volume": true}]}""")!.AsObject();

        var decision = NodeDecisions.SetTargetRaidConfig(node, config, Ctx());

        Assert.That(decision.IsAccepted, Is.True);
        var stored = (TargetRaidConfigChanged)decision.Events.Single();
        Assert.That(stored.Config, Is.Not.SameAs(config), "the event keeps its own copy");
        config["logical_disks"]!.AsArray().Clear();
        var after = node.Apply(stored)!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(after.TargetRaidConfig.ToJsonString(), Is.EqualTo("""{"logical_disks":[{"size_gb":"MAX","raid_level":"1","is_root_volume":true}]}"""));
            Assert.That(after.RaidConfig, Is.Empty, "raid_config is what was built, not the target");
            Assert.That(after.UpdatedAt, Is.EqualTo(Now));
        }
    }

    [Test]
    public void An_empty_configuration_clears_the_target_and_the_same_one_again_stores_nothing()
    {
        var node = InState("manageable") with { TargetRaidConfig = JsonNode.Parse("""{"logical_disks": [{"size_gb": 1, "raid_level": "0"}]}""")!.AsObject() };

        var cleared = NodeDecisions.SetTargetRaidConfig(node, [], Ctx());
        Assert.That(node.Apply(cleared.Events.Single())!.TargetRaidConfig, Is.Empty);

        var again = NodeDecisions.SetTargetRaidConfig(node, JsonNode.Parse("""{"logical_disks": [{"size_gb": 1, "raid_level": "0"}]}""")!.AsObject(), Ctx());
        Assert.That(again is { IsAccepted: true, Events.Count: 0 }, Is.True);
    }

    [Test]
    public void Setting_the_target_of_a_locked_node_is_409()
    {
        var decision = NodeDecisions.SetTargetRaidConfig(InState("manageable"), [], Ctx(lockedBy: Host));

        Assert.That(decision.Rejection, Is.EqualTo(Rejection.NodeLocked(Uuid, Host)));
        Assert.That(decision.Events, Is.Empty);
    }
}
