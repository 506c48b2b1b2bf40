using System.Reflection;
using Ironic.Actors.Domain.States;
using NUnit.Framework;

namespace Ironic.Actors.Domain.Tests;

/// <summary><see cref="ProvisionStateMachine"/> against Ironic 21.4's dumped state machine.</summary>
public class StateMachineTableTests
{
    private static IEnumerable<string> AllEvents() =>
        typeof(ProvisionEvents).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!);

    [Test]
    public void Reference_data_file_has_all_63_rows_and_12_verbs()
    {
        Assert.That(ReferenceTable.Rows, Has.Count.EqualTo(63));
        Assert.That(ReferenceTable.Verbs, Has.Count.EqualTo(12));
    }

    [Test]
    public void Transitions_equal_the_reference_table_as_a_set()
    {
        var expected = ReferenceTable.Rows.Select(r => new Transition(r.From, r.Event, r.To)).ToHashSet();
        var actual = ProvisionStateMachine.Transitions.ToHashSet();

        Assert.Multiple(() =>
        {
            Assert.That(expected.Except(actual), Is.Empty, "missing transitions");
            Assert.That(actual.Except(expected), Is.Empty, "extra transitions");
            Assert.That(ProvisionStateMachine.Transitions, Has.Count.EqualTo(63), "duplicates in the table");
        });
    }

    [Test]
    public void Every_reference_row_is_allowed_and_leads_to_its_target_state()
    {
        Assert.Multiple(() =>
        {
            foreach (var row in ReferenceTable.Rows)
            {
                Assert.That(ProvisionStateMachine.Next(row.From, row.Event), Is.EqualTo(row.To), $"{row.From} --{row.Event}-->");
                Assert.That(ProvisionStateMachine.IsAllowed(row.From, row.Event), Is.True, $"{row.From} --{row.Event}-->");
            }
        });
    }

    [Test]
    public void States_are_exactly_the_states_of_the_table()
    {
        Assert.That(ProvisionStates.All, Is.EquivalentTo(ReferenceTable.States));
        Assert.That(ProvisionStates.All, Is.Unique);
        Assert.That(ProvisionStates.All, Has.Count.EqualTo(24));
        Assert.That(ProvisionStates.All.All(ProvisionStates.IsKnown), Is.True);
        Assert.That(ProvisionStates.IsKnown("deleted"), Is.False, "'deleted' is a verb, not a state");
        Assert.That(ProvisionStates.IsKnown("Active"), Is.False, "state names are case-sensitive");
    }

    [Test]
    public void Events_are_exactly_the_events_of_the_table()
    {
        Assert.That(AllEvents().ToList(), Is.EquivalentTo(ReferenceTable.Events));
    }

    [Test]
    public void Stable_states_match_the_stable_column()
    {
        var stableFromTable = ReferenceTable.Rows.Where(r => r.StableFrom).Select(r => r.From).ToHashSet();
        var unstableFromTable = ReferenceTable.Rows.Where(r => !r.StableFrom).Select(r => r.From).ToHashSet();

        Assert.That(ProvisionStates.Stable, Is.EquivalentTo(stableFromTable));
        Assert.That(stableFromTable.Intersect(unstableFromTable), Is.Empty, "the table is self-consistent");
    }

    [Test]
    public void DefaultTarget_matches_the_target_column_for_every_state()
    {
        var byState = ReferenceTable.Rows.GroupBy(r => r.From).ToDictionary(g => g.Key, g => g.Select(r => r.TargetFrom).Distinct().ToList());
        Assert.Multiple(() =>
        {
            foreach (var (state, targets) in byState)
            {
                Assert.That(targets, Has.Count.EqualTo(1), $"table target for {state} is ambiguous");
                Assert.That(ProvisionStateMachine.DefaultTarget(state), Is.EqualTo(targets[0]), state);
            }
        });
        Assert.That(byState.Keys, Is.EquivalentTo(ProvisionStates.All), "every state appears as a source state");
    }

    [Test]
    public void Non_stable_states_all_have_a_target_and_stable_ones_none()
    {
        Assert.Multiple(() =>
        {
            foreach (var state in ProvisionStates.All)
            {
                if (ProvisionStates.Stable.Contains(state))
                    Assert.That(ProvisionStateMachine.DefaultTarget(state), Is.Null, state);
                else
                    Assert.That(ProvisionStateMachine.DefaultTarget(state), Is.Not.Null, state);
            }
        });
    }

    [Test]
    public void ApiVerbs_contain_the_reference_verb_mapping()
    {
        Assert.Multiple(() =>
        {
            foreach (var (verb, evt) in ReferenceTable.Verbs)
            {
                Assert.That(ProvisionStateMachine.ApiVerbs.ContainsKey(verb), Is.True, $"verb '{verb}' missing");
                Assert.That(ProvisionStateMachine.ApiVerbs.GetValueOrDefault(verb), Is.EqualTo(evt), verb);
            }
        });
    }

    [Test]
    public void ApiVerbs_beyond_the_reference_mapping_are_only_rebuild()
    {
        // Ironic's VERBS dict has no 'rebuild' key, but the API looks up VERBS.get(target, target),
        // so the target "rebuild" fires the "rebuild" event (spec §4.3).
        var extra = ProvisionStateMachine.ApiVerbs.Where(kv => !ReferenceTable.Verbs.ContainsKey(kv.Key)).ToList();
        Assert.That(extra, Is.EqualTo(new[] { new KeyValuePair<string, string>("rebuild", "rebuild") }));
    }

    [Test]
    public void Every_api_verb_maps_to_an_event_the_table_knows_and_has_a_min_version()
    {
        Assert.Multiple(() =>
        {
            foreach (var (verb, evt) in ProvisionStateMachine.ApiVerbs)
            {
                Assert.That(ReferenceTable.Events, Does.Contain(evt), verb);
                Assert.That(ProvisionEvents.InternalOnly, Does.Not.Contain(evt), verb);
                Assert.That(ProvisionStateMachine.VerbMinVersion.ContainsKey(verb), Is.True, verb);
            }
        });
        Assert.That(ProvisionStateMachine.VerbMinVersion.Keys, Is.EquivalentTo(ProvisionStateMachine.ApiVerbs.Keys));
    }

    [TestCase("active", 1)]
    [TestCase("deleted", 1)]
    [TestCase("rebuild", 1)]
    [TestCase("manage", 4)]
    [TestCase("provide", 4)]
    [TestCase("inspect", 6)]
    [TestCase("abort", 13)]
    [TestCase("clean", 15)]
    [TestCase("adopt", 17)]
    [TestCase("rescue", 38)]
    [TestCase("unrescue", 38)]
    [TestCase("deploy", 73)]
    [TestCase("undeploy", 73)]
    public void Verb_min_versions_follow_the_spec(string verb, int minor)
    {
        Assert.That(ProvisionStateMachine.VerbMinVersion[verb], Is.EqualTo(minor));
    }

    [Test]
    public void Internal_only_events_are_the_events_no_verb_maps_to()
    {
        var apiEvents = ProvisionStateMachine.ApiVerbs.Values.ToHashSet();
        var notFromApi = ReferenceTable.Events.Where(e => !apiEvents.Contains(e)).ToHashSet();
        Assert.That(ProvisionEvents.InternalOnly, Is.EquivalentTo(notFromApi));
        Assert.That(ProvisionEvents.InternalOnly, Is.EquivalentTo(new[] { "done", "fail", "wait", "resume" }));
    }

    private static IEnumerable<TestCaseData> PairsNotInTable()
    {
        var events = AllEvents().Concat(["deleted", "bogus", ""]).ToList();
        foreach (var state in ProvisionStates.All)
            foreach (var evt in events)
                if (ReferenceTable.Next(state, evt) is null)
                    yield return new TestCaseData(state, evt).SetName($"Refused: {state} --{evt}-->");
    }

    [TestCaseSource(nameof(PairsNotInTable))]
    public void Pairs_not_in_the_table_are_refused(string state, string evt)
    {
        Assert.That(ProvisionStateMachine.Next(state, evt), Is.Null);
        Assert.That(ProvisionStateMachine.IsAllowed(state, evt), Is.False);
    }

    [Test]
    public void Unknown_source_states_are_refused()
    {
        Assert.That(ProvisionStateMachine.Next("deleted", "manage"), Is.Null);
        Assert.That(ProvisionStateMachine.Next("", "done"), Is.Null);
        Assert.That(ProvisionStateMachine.Next("ENROLL", "manage"), Is.Null);
    }

    [Test]
    public void Refused_pairs_plus_table_rows_cover_every_state_event_pair()
    {
        var all = ProvisionStates.All.Count * AllEvents().Count();
        var refused = ProvisionStates.All.Sum(s => AllEvents().Count(e => !ProvisionStateMachine.IsAllowed(s, e)));
        Assert.That(all - refused, Is.EqualTo(63));
    }

    [Test]
    public void Spec_groupings_match_the_spec()
    {
        Assert.That(ProvisionStates.Stuck, Is.EquivalentTo(new[]
        {
            "deploying", "cleaning", "verifying", "inspecting", "adopting", "rescuing", "unrescuing", "deleting",
        }));
        Assert.That(ProvisionStates.UpdateAllowedDuringTransition, Is.EquivalentTo(new[]
        {
            "deploy failed", "inspecting", "inspect failed", "inspect wait", "clean failed", "error", "verifying",
            "adopt failed", "rescue failed", "unrescue failed",
        }));
        Assert.That(ProvisionStates.DeleteAllowed, Is.EqualTo(new[] { "manageable", "enroll", "adopt failed", "available" }));
        Assert.That(ProvisionStates.InterfaceChangeAllowed, Is.EquivalentTo(new[]
        {
            "enroll", "inspecting", "inspect wait", "manageable", "available",
        }));
    }

    [Test]
    public void Every_stuck_state_has_a_fail_transition()
    {
        Assert.Multiple(() =>
        {
            foreach (var state in ProvisionStates.Stuck)
                Assert.That(ReferenceTable.Next(state, ProvisionEvents.Fail), Is.Not.Null, state);
        });
    }
}
