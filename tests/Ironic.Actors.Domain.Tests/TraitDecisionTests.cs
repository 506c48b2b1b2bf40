using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Decisions;
using Ironic.Actors.Domain.Events;
using Ironic.Actors.Domain.Nodes;
using NUnit.Framework;
using static Ironic.Actors.Domain.Tests.TestNodes;

namespace Ironic.Actors.Domain.Tests;

/// <summary>The traits API's decisions (<see cref="NodeDecisions.SetTraits"/> and friends) and <see cref="TraitRules"/>.</summary>
public class TraitDecisionTests
{
    private static Node WithTraits(params string[] traits) => InState("manageable") with { Traits = [.. traits] };

    private static string[] Many(int count) => Enumerable.Range(0, count).Select(i => $"CUSTOM_T{i:D3}").ToArray();

    [TestCase("CUSTOM_X")]
    [TestCase("CUSTOM_GPU_A100_80GB")]
    [TestCase("CUSTOM__")]
    [TestCase("HW_CPU_X86_AVX2")]
    [TestCase("COMPUTE_VOLUME_MULTI_ATTACH")]
    [TestCase("STORAGE_DISK_SSD")]
    [TestCase("MISC_SHARES_VIA_AGGREGATE")]
    [TestCase("OWNER_NOVA")]
    public void Standard_and_custom_names_are_valid(string trait) =>
        Assert.That(TraitRules.Check(trait), Is.Null);

    [TestCase("custom_x")]
    [TestCase("hw_cpu_x86_avx2")]
    [TestCase("CUSTOM-X")]
    [TestCase("CUSTOM_x")]
    [TestCase("CUSTOM X")]
    [TestCase("CUSTOM_X\n")]
    [TestCase("HW_CPU.X86")]
    [TestCase("FOO_BAR")]
    [TestCase("CUSTOM")]
    [TestCase("CUSTOM_")]
    [TestCase("HW")]
    [TestCase("HW_")]
    [TestCase("CUSTOM_É")]
    public void Other_names_are_not_valid_under_any_schema(string trait) =>
        Assert.That(TraitRules.Check(trait), Is.EqualTo($"{TraitRules.PyRepr(trait)} is not valid under any of the given schemas. Possible root cause: {TraitRules.PyRepr(trait)} does not match '^CUSTOM_[A-Z0-9_]+$'"));

    [Test]
    public void Names_are_at_most_255_characters()
    {
        var longest = "CUSTOM_" + new string('A', 248);
        var tooLong = longest + "A";
        Assert.Multiple(() =>
        {
            Assert.That(TraitRules.Check(longest), Is.Null);
            Assert.That(TraitRules.Check(tooLong), Is.EqualTo($"'{tooLong}' is too long"));
            Assert.That(TraitRules.Check(""), Is.EqualTo("'' is too short"));
        });
    }

    [TestCase("abc", "'abc'")]
    [TestCase("it's", "\"it's\"")]
    [TestCase("say \"hi\" it's", "'say \"hi\" it\\'s'")]
    [TestCase("a\\b\n", "'a\\\\b\\n'")]
    public void Values_are_quoted_as_Python_repr_does(string value, string repr) =>
        Assert.That(TraitRules.PyRepr(value), Is.EqualTo(repr));

    [Test]
    public void Set_replaces_all_traits_sorted_and_without_duplicates()
    {
        var node = WithTraits("CUSTOM_OLD");
        var decision = NodeDecisions.SetTraits(node, ["HW_CPU_X86_AVX2", "CUSTOM_B", "CUSTOM_A", "CUSTOM_B"], Ctx(5));

        var changed = decision.Single<TraitsChanged>();
        Assert.Multiple(() =>
        {
            Assert.That(changed.NodeId, Is.EqualTo(Uuid));
            Assert.That(changed.Traits, Is.EqualTo(new[] { "CUSTOM_A", "CUSTOM_B", "HW_CPU_X86_AVX2" }));
            Assert.That(changed.At, Is.EqualTo(Ctx(5).Now));
            Assert.That(decision.Work, Is.Null);
        });
        var after = node.Fold(decision);
        Assert.That(after.Traits, Is.EqualTo(new[] { "CUSTOM_A", "CUSTOM_B", "HW_CPU_X86_AVX2" }));
        Assert.That(after.UpdatedAt, Is.EqualTo(Ctx(5).Now));
    }

    [Test]
    public void Set_to_an_empty_list_removes_every_trait()
    {
        var after = WithTraits("CUSTOM_A", "CUSTOM_B").Fold(NodeDecisions.SetTraits(WithTraits("CUSTOM_A", "CUSTOM_B"), [], Ctx()));
        Assert.That(after.Traits, Is.Empty);
    }

    [Test]
    public void Set_to_the_same_traits_stores_nothing()
    {
        var decision = NodeDecisions.SetTraits(WithTraits("CUSTOM_A", "CUSTOM_B"), ["CUSTOM_B", "CUSTOM_A"], Ctx());
        Assert.That(decision.IsAccepted, Is.True);
        Assert.That(decision.Events, Is.Empty);
    }

    [Test]
    public void Fifty_traits_are_allowed_and_fifty_one_are_not()
    {
        var node = WithTraits();
        Assert.That(node.Fold(NodeDecisions.SetTraits(node, Many(50), Ctx())).Traits, Has.Length.EqualTo(50));

        var message = NodeDecisions.SetTraits(node, Many(51), Ctx()).Rejected(RejectionKind.Invalid);
        Assert.That(message, Is.EqualTo(
            $"Could not modify traits for node {Uuid} as it would exceed the maximum number of traits per node (51 vs. 50)"));
    }

    [Test]
    public void Duplicates_do_not_count_towards_the_limit()
    {
        var fifty = Many(50);
        var decision = NodeDecisions.SetTraits(WithTraits(), [.. fifty, .. fifty], Ctx());
        Assert.That(decision.Single<TraitsChanged>().Traits, Has.Length.EqualTo(50));
    }

    [Test]
    public void An_invalid_trait_in_the_list_is_refused()
    {
        var message = NodeDecisions.SetTraits(WithTraits(), ["CUSTOM_OK", "not_ok"], Ctx()).Rejected(RejectionKind.Invalid);
        Assert.That(message, Is.EqualTo("Schema error for trait: 'not_ok' is not valid under any of the given schemas. Possible root cause: 'not_ok' does not match '^CUSTOM_[A-Z0-9_]+$'"));
    }

    [Test]
    public void Add_keeps_the_traits_sorted()
    {
        var node = WithTraits("CUSTOM_A", "CUSTOM_C");
        var after = node.Fold(NodeDecisions.AddTrait(node, "CUSTOM_B", Ctx()));
        Assert.That(after.Traits, Is.EqualTo(new[] { "CUSTOM_A", "CUSTOM_B", "CUSTOM_C" }));
    }

    [Test]
    public void Adding_a_trait_the_node_has_changes_nothing()
    {
        var decision = NodeDecisions.AddTrait(WithTraits("CUSTOM_A"), "CUSTOM_A", Ctx());
        Assert.That(decision.IsAccepted, Is.True);
        Assert.That(decision.Events, Is.Empty);
    }

    [Test]
    public void Adding_a_fifty_first_trait_is_refused()
    {
        var message = NodeDecisions.AddTrait(WithTraits(Many(50)), "CUSTOM_ONE_MORE", Ctx()).Rejected(RejectionKind.Invalid);
        Assert.That(message, Does.EndWith("(51 vs. 50)"));
    }

    [Test]
    public void Adding_an_invalid_trait_is_refused()
    {
        var message = NodeDecisions.AddTrait(WithTraits(), "custom_x", Ctx()).Rejected(RejectionKind.Invalid);
        Assert.That(message, Is.EqualTo("Schema error for trait: 'custom_x' is not valid under any of the given schemas. Possible root cause: 'custom_x' does not match '^CUSTOM_[A-Z0-9_]+$'"));
    }

    [Test]
    public void Remove_one_takes_only_that_trait()
    {
        var node = WithTraits("CUSTOM_A", "CUSTOM_B");
        var changed = NodeDecisions.RemoveTrait(node, "CUSTOM_A", Ctx()).Single<TraitsChanged>();
        Assert.That(changed.Traits, Is.EqualTo(new[] { "CUSTOM_B" }));
    }

    [Test]
    public void Removing_a_trait_the_node_lacks_is_404()
    {
        var message = NodeDecisions.RemoveTrait(WithTraits("CUSTOM_A"), "CUSTOM_B", Ctx()).Rejected(RejectionKind.NotFound);
        Assert.That(message, Is.EqualTo($"Node {Uuid} doesn't have a trait 'CUSTOM_B'"));
    }

    [Test]
    public void Remove_all_empties_the_list_and_is_a_no_op_when_empty()
    {
        var node = WithTraits("CUSTOM_A", "CUSTOM_B");
        Assert.That(node.Fold(NodeDecisions.RemoveTraits(node, Ctx())).Traits, Is.Empty);
        var none = NodeDecisions.RemoveTraits(WithTraits(), Ctx());
        Assert.That(none.IsAccepted, Is.True);
        Assert.That(none.Events, Is.Empty);
    }

    private static IEnumerable<TestCaseData> EveryTraitChange()
    {
        yield return new TestCaseData((Func<Node, NodeContext, Decision>)((n, c) => NodeDecisions.SetTraits(n, ["CUSTOM_X"], c))).SetName("set");
        yield return new TestCaseData((Func<Node, NodeContext, Decision>)((n, c) => NodeDecisions.AddTrait(n, "CUSTOM_X", c))).SetName("add");
        yield return new TestCaseData((Func<Node, NodeContext, Decision>)((n, c) => NodeDecisions.RemoveTraits(n, c))).SetName("remove all");
        yield return new TestCaseData((Func<Node, NodeContext, Decision>)((n, c) => NodeDecisions.RemoveTrait(n, "CUSTOM_A", c))).SetName("remove one");
    }

    [TestCaseSource(nameof(EveryTraitChange))]
    public void Every_trait_change_is_409_while_the_node_is_locked(Func<Node, NodeContext, Decision> change)
    {
        var message = change(WithTraits("CUSTOM_A"), Locked()).Rejected(RejectionKind.Conflict);
        Assert.That(message, Is.EqualTo(NodeLockedMessage));
    }

    [TestCase("enroll")]
    [TestCase("active")]
    [TestCase("deploying")]
    [TestCase("clean failed")]
    public void Traits_change_in_any_provision_state_and_in_maintenance(string state)
    {
        var node = InState(state) with { Maintenance = true };
        Assert.That(node.Fold(NodeDecisions.AddTrait(node, "CUSTOM_X", Ctx())).Traits, Is.EqualTo(new[] { "CUSTOM_X" }));
    }

    [Test]
    public void Traits_changed_replaces_the_set_when_folded()
    {
        var node = WithTraits("CUSTOM_A");
        var after = node.Apply(new TraitsChanged(Uuid, ImmutableArray.Create("CUSTOM_Z"), Ctx(9).Now))!;
        Assert.That(after.Traits, Is.EqualTo(new[] { "CUSTOM_Z" }));
        Assert.That(node.Traits, Is.EqualTo(new[] { "CUSTOM_A" }), "the old record is untouched");
    }

    [Test]
    public void Instance_traits_must_be_node_traits()
    {
        var node = WithTraits("CUSTOM_A") with
        {
            InstanceInfo = new JsonObject { ["traits"] = new JsonArray("CUSTOM_A", "CUSTOM_C", "CUSTOM_B") },
        };
        Assert.That(TraitRules.InstanceTraitsError(node), Is.EqualTo(
            "Cannot specify instance traits that are not also node traits. Missing traits: CUSTOM_B, CUSTOM_C"));
        Assert.That(TraitRules.InstanceTraitsError(node with { Traits = ["CUSTOM_A", "CUSTOM_B", "CUSTOM_C"] }), Is.Null);
    }

    [TestCase("""{"traits": "CUSTOM_A"}""")]
    [TestCase("""{"traits": ["CUSTOM_A", 5]}""")]
    [TestCase("""{"traits": {"a": 1}}""")]
    public void Instance_traits_must_be_a_list_of_strings(string instanceInfo)
    {
        var node = WithTraits("CUSTOM_A") with { InstanceInfo = (JsonObject)JsonNode.Parse(instanceInfo)! };
        Assert.That(TraitRules.InstanceTraitsError(node), Is.EqualTo(
            $"Error parsing traits from Node {Uuid} instance_info field. A list of strings is expected."));
    }

    [TestCase("{}")]
    [TestCase("""{"traits": null}""")]
    [TestCase("""{"traits": []}""")]
    [TestCase("""{"traits": ""}""")]
    public void Absent_or_empty_instance_traits_ask_for_nothing(string instanceInfo)
    {
        var node = WithTraits() with { InstanceInfo = (JsonObject)JsonNode.Parse(instanceInfo)! };
        Assert.That(TraitRules.InstanceTraitsError(node), Is.Null);
    }
}
