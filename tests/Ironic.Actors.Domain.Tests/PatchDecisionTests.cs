using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Decisions;
using Ironic.Actors.Domain.Events;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Domain.States;
using NUnit.Framework;
using static Ironic.Actors.Domain.Tests.TestNodes;

namespace Ironic.Actors.Domain.Tests;

/// <summary><see cref="NodeDecisions.Patch"/>: PATCH /v1/nodes/{id}.</summary>
public class PatchDecisionTests
{
    private FakeInterfaceResolver _resolver = null!;

    [SetUp]
    public void NewResolver() => _resolver = new FakeInterfaceResolver("manual-management");

    private Decision Patch(Node node, params PatchOperation[] ops) => NodeDecisions.Patch(node, ops, false, _resolver, Ctx());

    private Node Patched(Node node, params PatchOperation[] ops)
    {
        var updated = Patch(node, ops).Single<NodeUpdated>();
        Assert.That(updated.At, Is.EqualTo(Ctx().Now));
        Assert.That(updated.Node.UpdatedAt, Is.EqualTo(Ctx().Now));
        Assert.That(updated.NodeId, Is.EqualTo(Uuid));
        return node.Apply(updated)!;
    }

    private static Node Manageable() => InState(ProvisionStates.Manageable);

    // --- nested paths --------------------------------------------------------------------------

    [Test]
    public void Add_replace_remove_on_nested_paths()
    {
        var node = Manageable() with
        {
            Properties = new JsonObject { ["cpus"] = 4, ["memory_mb"] = 1024 },
            Extra = new JsonObject { ["old"] = "x" },
        };
        var after = Patched(node,
            Add("/extra/k", "v"),
            Add("/driver_info/ipmi_address", "10.0.0.5"),
            Replace("/properties/cpus", 8),
            Remove("/properties/memory_mb"),
            Remove("/extra/old"));

        Assert.Multiple(() =>
        {
            Assert.That(after.Extra.ToJsonString(), Is.EqualTo("{\"k\":\"v\"}"));
            Assert.That(after.DriverInfo.ToJsonString(), Is.EqualTo("{\"ipmi_address\":\"10.0.0.5\"}"));
            Assert.That(after.Properties.ToJsonString(), Is.EqualTo("{\"cpus\":8}"));
            Assert.That(after.ProvisionState, Is.EqualTo("manageable"));
            Assert.That(after.Interfaces, Is.EqualTo(node.Interfaces));
        });
    }

    [Test]
    public void Patching_does_not_mutate_the_original_node()
    {
        var node = Manageable() with { Extra = new JsonObject { ["k"] = "v" } };
        _ = Patched(node, Replace("/extra/k", "changed"), Add("/extra/new", 1));
        Assert.That(node.Extra.ToJsonString(), Is.EqualTo("{\"k\":\"v\"}"));
    }

    [Test]
    public void Replace_of_a_missing_nested_key_is_ironics_exact_error()
    {
        var message = Patch(Manageable(), Replace("/extra/k", "v")).Rejected(RejectionKind.Invalid);
        Assert.That(message, Is.EqualTo(
            "Couldn't apply patch '{'op': 'replace', 'path': '/extra/k', 'value': 'v'}'. Reason: can't replace a non-existent object 'k'"));
    }

    [Test]
    public void Removing_a_root_object_empties_it()
    {
        var node = Manageable() with { Extra = new JsonObject { ["k"] = "v" }, Description = "d" };
        var after = Patched(node, Remove("/extra"), Remove("/description"));
        Assert.That(after.Extra, Is.Empty);
        Assert.That(after.Description, Is.Null);
    }

    [TestCase("/uuid")]
    [TestCase("/provision_state")]
    [TestCase("/power_state")]
    [TestCase("/last_error")]
    [TestCase("/created_at")]
    [TestCase("/driver_internal_info/x")]
    [TestCase("/maintenance_reason")]
    [TestCase("/console_enabled")]
    public void Internal_attributes_are_refused(string path)
    {
        var message = Patch(Manageable(), Replace(path, "x")).Rejected(RejectionKind.Invalid);
        Assert.That(message, Does.Contain("internal attribute"));
    }

    /// <summary>Ironic 21.4's words (api/controllers/v1/node.py) for a patch of a node in a transition.</summary>
    private static string InTransition => $"Node {Uuid} can not be updated while a state transition is in progress.";

    /// <summary>Ironic 21.4's words (conductor/manager.py update_node) for a resource class change outside its states.</summary>
    private static string ResourceClassLocked =>
        $"Node {Uuid} can not have resource_class updated unless it is in one of allowed (enroll, inspecting, inspect wait, manageable, available) states.";

    [Test]
    public void Traits_are_refused()
    {
        Assert.That(Patch(Manageable(), Add("/traits", new JsonArray("CUSTOM_GPU"))).Rejected(RejectionKind.Invalid), Is.EqualTo(
            "Cannot update node traits via node patch. Node traits should be updated via the node traits API."));
    }

    [Test]
    public void Unknown_root_is_refused()
    {
        Assert.That(Patch(Manageable(), Add("/bogus", "x")).Rejected(RejectionKind.Invalid),
            Is.EqualTo("Adding a new attribute (/bogus) to the root of the resource is not allowed"));
    }

    // --- types -----------------------------------------------------------------------------------

    [TestCase("/extra", "\"a string\"")]
    [TestCase("/driver_info", "[1, 2]")]
    [TestCase("/properties", "5")]
    [TestCase("/instance_info", "true")]
    [TestCase("/name", "5")]
    [TestCase("/description", "[]")]
    [TestCase("/conductor_group", "false")]
    [TestCase("/power_interface", "1")]
    [TestCase("/owner", "{}")]
    public void Wrong_types_are_refused(string path, string json)
    {
        var message = Patch(Manageable(), Replace(path, JsonNode.Parse(json))).Rejected(RejectionKind.Invalid);
        Assert.That(message, Does.StartWith("Schema error for patch: ").And.Contain(" is not of type 'string'").Or.Contain(" is not of type 'object'"));
    }

    // Ironic's node schema lets boolean fields be strings, read by oslo's strict bool_from_string: the `baremetal` CLI
    // sends "True" for `node set --automated-clean / --protected / --retired` (found against Ironic 21.4).
    [TestCase("/automated_clean", "\"True\"", true)]
    [TestCase("/retired", "\"yes\"", true)]
    [TestCase("/maintenance", "\" on \"", true)]
    [TestCase("/automated_clean", "\"0\"", false)]
    [TestCase("/retired", "\"False\"", false)]
    public void Boolean_fields_take_the_words_of_bool_from_string(string path, string json, bool expected)
    {
        var after = Patched(Manageable(), Replace(path, JsonNode.Parse(json)));
        var value = path switch
        {
            "/automated_clean" => after.AutomatedClean,
            "/retired" => after.Retired,
            _ => after.Maintenance,
        };
        Assert.That(value, Is.EqualTo(expected));
    }

    [TestCase("/maintenance", "\"maybe\"", "Invalid maintenance: Unrecognized value 'maybe', acceptable values are: " +
        "'0', '1', 'f', 'false', 'n', 'no', 'off', 'on', 't', 'true', 'y', 'yes'")]
    [TestCase("/protected", "1", "Schema error for patch: 1 is not of type 'string', 'boolean', 'null'")]
    [TestCase("/retired", "{}", "Schema error for patch: {} is not of type 'string', 'boolean', 'null'")]
    public void Bad_boolean_values_are_refused_in_ironics_words(string path, string json, string message) =>
        Assert.That(Patch(Manageable(), Replace(path, JsonNode.Parse(json))).Rejected(RejectionKind.Invalid), Is.EqualTo(message));

    [Test]
    public void Protecting_outside_active_or_rescue_is_a_conflict_in_ironics_words() =>
        Assert.That(Patch(Manageable(), Replace("/protected", "True")).Rejected(RejectionKind.Conflict), Is.EqualTo(
            $"Node {Uuid} can only be made protected in provision states 'active' or 'rescue', the current state is 'manageable'"));

    [Test]
    public void A_conductor_group_that_no_conductor_serves_is_no_valid_host()
    {
        var ctx = Ctx() with { CanHost = (group, _) => group == "" };
        var decision = NodeDecisions.Patch(Manageable(), [Replace("/conductor_group", "Group-1")], false, _resolver, ctx);
        Assert.That(decision.Rejected(RejectionKind.Invalid), Is.EqualTo(
            "No valid host was found. Reason: No conductor service registered which supports driver fake-hardware " +
            "for conductor group \"group-1\"."));
        Assert.That(NodeDecisions.Patch(Manageable(), [Replace("/description", "d")], false, _resolver, ctx).Single<NodeUpdated>(), Is.Not.Null,
            "other changes are not affected");
    }

    [TestCase(true, "Node 00000000-0000-0000-0000-000000000000: Cannot change name to invalid name 'bad name!'")]
    [TestCase(false, "Cannot create node with invalid name 'bad name!'")]
    public void Invalid_names_are_worded_as_ironic_words_create_and_rename(bool renaming, string expected)
    {
        var message = renaming
            ? Patch(Manageable(), Replace("/name", "bad name!")).Rejected(RejectionKind.Invalid)
            : NodeDecisions.Enroll(null, Uuid, new JsonObject { ["driver"] = "manual-management", ["name"] = "bad name!" },
                ProvisionStates.Enroll, _resolver, Ctx()).Rejected(RejectionKind.Invalid);
        Assert.That(message, Is.EqualTo(expected.Replace("00000000-0000-0000-0000-000000000000", Uuid.ToString())));
    }

    [Test]
    public void Wrong_type_message_names_field_value_and_types()
    {
        var message = Patch(Manageable(), Replace("/extra", "oops")).Rejected(RejectionKind.Invalid);
        // Ironic 21.4's jsonschema wording (compared with the reference server).
        Assert.That(message, Is.EqualTo("Schema error for patch: 'oops' is not of type 'object', 'null'"));
    }

    [Test]
    public void Driver_of_the_wrong_type_is_a_400_not_a_crash()
    {
        Assert.That(Patch(Manageable(), Replace("/driver", 5)).Rejected(RejectionKind.Invalid),
            Is.EqualTo("Schema error for patch: 5 is not of type 'string'"));
    }

    [Test]
    public void Driver_cannot_be_removed()
    {
        var message = Patch(Manageable(), Remove("/driver")).Rejected(RejectionKind.Invalid);
        Assert.That(message, Is.EqualTo("Schema error for patch: 'driver' is a required property"));
    }

    // --- names ------------------------------------------------------------------------------------

    [TestCase("node-1")]
    [TestCase("Node_2.rack~3")]
    [TestCase("a")]
    [TestCase("1234")]
    public void Valid_names_are_accepted(string name)
    {
        Assert.That(Patched(Manageable(), Replace("/name", name)).Name, Is.EqualTo(name));
    }

    [Test]
    public void Name_of_255_characters_is_accepted_and_256_refused()
    {
        Patched(Manageable(), Replace("/name", new string('n', 255)));
        Assert.That(Patch(Manageable(), Replace("/name", new string('n', 256))).Rejected(RejectionKind.Invalid),
            Is.EqualTo($"Node {Uuid}: Cannot change name to invalid name '{new string('n', 256)}'"));
    }

    [TestCase("detail")]
    [TestCase("validate")]
    [TestCase("states")]
    [TestCase("vendor_passthru")]
    [TestCase("management")]
    [TestCase("maintenance")]
    public void Reserved_words_are_refused_as_names(string name)
    {
        var message = Patch(Manageable(), Replace("/name", name)).Rejected(RejectionKind.Invalid);
        Assert.That(message, Is.EqualTo($"The word \"{name}\" is reserved and can not be used as a node name. " +
                                        "Reserved words are: maintenance, management, states, vendor_passthru, detail, validate."));
    }

    [TestCase("c1b9b5b4-3b8a-4c6e-9a53-0a5c2d9b7e11")]
    [TestCase("C1B9B5B4-3B8A-4C6E-9A53-0A5C2D9B7E11")]
    [TestCase("c1b9b5b43b8a4c6e9a530a5c2d9b7e11")]
    public void Uuid_shaped_names_are_refused(string name)
    {
        Assert.That(Patch(Manageable(), Replace("/name", name)).Rejected(RejectionKind.Invalid),
            Is.EqualTo($"Node {Uuid}: Cannot change name to invalid name '{name}'"));
    }

    [TestCase("has space")]
    [TestCase("a/b")]
    [TestCase("x@y")]
    [TestCase("naïve")]
    [TestCase("")]
    [TestCase("semi;colon")]
    public void Names_with_bad_characters_are_refused(string name)
    {
        var message = Patch(Manageable(), Replace("/name", name)).Rejected(RejectionKind.Invalid);
        Assert.That(message, Is.EqualTo($"Node {Uuid}: Cannot change name to invalid name '{name}'"));
    }

    [Test]
    public void Name_can_be_removed()
    {
        Assert.That(Patched(Manageable(), Remove("/name")).Name, Is.Null);
    }

    // --- simple fields ------------------------------------------------------------------------------

    [Test]
    public void Conductor_group_is_lowercased()
    {
        Assert.That(Patched(Manageable(), Replace("/conductor_group", "Rack-A.Row_1")).ConductorGroup, Is.EqualTo("rack-a.row_1"));
        Assert.That(Patched(Manageable() with { ConductorGroup = "g" }, Remove("/conductor_group")).ConductorGroup, Is.EqualTo(""));
    }

    [TestCase("rack a")]
    [TestCase("rack/a")]
    public void Invalid_conductor_group_is_refused(string group)
    {
        // Ironic's InvalidConductorGroup (ironic/common/utils.py validate_conductor_group).
        Assert.That(Patch(Manageable(), Replace("/conductor_group", group)).Rejected(RejectionKind.Invalid),
            Is.EqualTo($"Expected a conductor group but received {group}."));
    }

    [Test]
    public void Description_longer_than_4096_is_refused()
    {
        Patched(Manageable(), Replace("/description", new string('d', 4096)));
        // Ironic's node patch schema (maxLength 4096), as jsonschema words it.
        Assert.That(Patch(Manageable(), Replace("/description", new string('d', 4097))).Rejected(RejectionKind.Invalid),
            Is.EqualTo($"Schema error for patch: '{new string('d', 4097)}' is too long"));
    }

    [Test]
    public void Resource_class_longer_than_80_is_refused()
    {
        Patched(Manageable(), Replace("/resource_class", new string('r', 80)));
        Assert.That(Patch(Manageable(), Replace("/resource_class", new string('r', 81))).Rejected(RejectionKind.Invalid),
            Is.EqualTo($"Schema error for patch: '{new string('r', 81)}' is too long"));
    }

    [Test]
    public void Owner_lessee_shard_automated_clean_and_chassis_are_writable()
    {
        var chassis = Guid.NewGuid();
        var after = Patched(Manageable(),
            Add("/owner", "proj-a"), Add("/lessee", "proj-b"), Add("/shard", "s1"),
            Replace("/automated_clean", false), Add("/chassis_uuid", chassis.ToString().ToUpperInvariant()));
        Assert.Multiple(() =>
        {
            Assert.That((after.Owner, after.Lessee, after.Shard), Is.EqualTo(("proj-a", "proj-b", "s1")));
            Assert.That(after.AutomatedClean, Is.False);
            Assert.That(after.ChassisUuid, Is.EqualTo(chassis.ToString()), "normalised to lower case");
        });
    }

    // --- protected / retired ----------------------------------------------------------------------

    [Test]
    public void Protected_reason_without_protected_is_refused()
    {
        var message = Patch(Deployed(), Add("/protected_reason", "prod")).Rejected(RejectionKind.Invalid);
        Assert.That(message, Is.EqualTo("The protected_reason field can only be set when protected is True"));
    }

    [TestCase("active")]
    [TestCase("rescue")]
    public void Protected_with_reason_is_accepted_in_active_and_rescue(string state)
    {
        var after = Patched(Deployed(state), Replace("/protected", true), Add("/protected_reason", "prod"));
        Assert.That((after.Protected, after.ProtectedReason), Is.EqualTo((true, "prod")));
    }

    [TestCase("available")]
    [TestCase("manageable")]
    [TestCase("enroll")]
    [TestCase("deploy failed")]
    public void Protected_is_refused_outside_active_and_rescue(string state)
    {
        Assert.That(Patch(InState(state), Replace("/protected", true)).Rejected(RejectionKind.Conflict), Is.EqualTo(
            $"Node {Uuid} can only be made protected in provision states 'active' or 'rescue', the current state is '{state}'"));
    }

    [Test]
    public void Protected_node_without_reason_can_be_unprotected()
    {
        var after = Patched(Deployed() with { Protected = true }, Replace("/protected", false));
        Assert.That(after.Protected, Is.False);
    }

    [Test]
    public void Unprotecting_clears_the_protected_reason()
    {
        var after = Patched(Deployed() with { Protected = true, ProtectedReason = "prod" }, Replace("/protected", false));
        Assert.That((after.Protected, after.ProtectedReason), Is.EqualTo((false, (string?)null)));
    }

    [Test]
    public void Unretiring_clears_the_retired_reason()
    {
        var after = Patched(Manageable() with { Retired = true, RetiredReason = "eol" }, Replace("/retired", false));
        Assert.That((after.Retired, after.RetiredReason), Is.EqualTo((false, (string?)null)));
    }

    [Test]
    public void Removing_retired_or_setting_it_to_null_stores_null_and_clears_the_reason()
    {
        // Ironic 21.4 (Reference/retired-ironic-21.4.txt in the Gateway tests): `node unset --retired` leaves null.
        var removed = Patched(Manageable() with { Retired = true, RetiredReason = "eol" }, Remove("/retired"));
        Assert.That((removed.Retired, removed.RetiredReason), Is.EqualTo(((bool?)null, (string?)null)));
        Assert.That(Patched(Manageable(), Replace("/retired", null)).Retired, Is.Null);
        Assert.That(Patch(removed, Add("/retired_reason", "again")).Rejected(RejectionKind.Invalid),
            Is.EqualTo("The retired_reason field can only be set when retired is True"));
        Assert.That(Patched(removed, Add("/retired", false)).Retired, Is.False);
    }

    [Test]
    public void Other_changes_keep_a_null_retired()
    {
        var node = Manageable() with { Retired = null };
        Assert.That(Patched(node, Add("/extra/k", "v")).Retired, Is.Null);
    }

    [Test]
    public void Retired_reason_without_retired_is_refused()
    {
        Assert.That(Patch(Manageable(), Add("/retired_reason", "eol")).Rejected(RejectionKind.Invalid),
            Is.EqualTo("The retired_reason field can only be set when retired is True"));
    }

    [Test]
    public void Retiring_is_refused_in_available_and_allowed_in_manageable()
    {
        Assert.That(Patch(InState("available"), Replace("/retired", true)).Rejected(RejectionKind.Conflict), Is.EqualTo(
            $"Node {Uuid} can not have 'retired' set in provision state 'available', the current state is 'available'"));
        var after = Patched(Manageable(), Replace("/retired", true), Add("/retired_reason", "eol"));
        Assert.That((after.Retired, after.RetiredReason), Is.EqualTo((true, "eol")));
    }

    // --- transitions -------------------------------------------------------------------------------

    private static IEnumerable<string> BusyStates() => ProvisionStates.All
        .Where(s => ProvisionStateMachine.DefaultTarget(s) is not null && !ProvisionStates.UpdateAllowedDuringTransition.Contains(s));

    [TestCaseSource(nameof(BusyStates))]
    public void Update_during_a_transition_is_409(string state)
    {
        var message = Patch(InState(state), Add("/extra/k", "v")).Rejected(RejectionKind.Conflict);
        Assert.That(message, Is.EqualTo($"Node {Uuid} can not be updated while a state transition is in progress."));
    }

    private static IEnumerable<string> TransitionStatesThatAllowUpdates() =>
        ProvisionStates.UpdateAllowedDuringTransition.Where(s => s != ProvisionStates.Inspecting).OrderBy(s => s);

    [TestCaseSource(nameof(TransitionStatesThatAllowUpdates))]
    public void Update_is_allowed_in_failure_and_some_transient_states(string state)
    {
        var node = InState(state) with { TargetProvisionState = ProvisionStateMachine.DefaultTarget(state) ?? "active" };
        Assert.That(Patched(node, Add("/extra/k", "v")).Extra["k"]!.GetValue<string>(), Is.EqualTo("v"));
    }

    [Test]
    public void Update_while_inspecting_is_409()
    {
        var message = Patch(InState("inspecting"), Add("/extra/k", "v")).Rejected(RejectionKind.Conflict);
        Assert.That(message, Is.EqualTo($"Cannot update node \"{Uuid}\" while it is in state \"inspecting\"."));
    }

    [Test]
    public void Stable_states_have_no_target_so_updates_are_allowed()
    {
        foreach (var state in ProvisionStates.Stable)
            Patched(InState(state), Add("/extra/k", "v"));
    }

    [Test]
    public void Removing_instance_uuid_in_maintenance_is_allowed_mid_transition()
    {
        var node = Deployed("deploying") with { Maintenance = true };
        var after = Patched(node, Remove("/instance_uuid"));
        Assert.That(after.InstanceUuid, Is.Null);
        Assert.That(after.ProvisionState, Is.EqualTo("deploying"));
    }

    [Test]
    public void Removing_instance_uuid_mid_transition_needs_maintenance()
    {
        Assert.That(Patch(Deployed("deploying"), Remove("/instance_uuid")).Rejected(RejectionKind.Conflict), Is.EqualTo(InTransition));
    }

    [Test]
    public void The_instance_uuid_exception_is_only_for_that_exact_patch()
    {
        var node = Deployed("deploying") with { Maintenance = true };
        Assert.That(Patch(node, Remove("/instance_uuid"), Add("/extra/k", "v")).Rejected(RejectionKind.Conflict), Is.EqualTo(InTransition));
        Assert.That(Patch(node, Remove("/instance_info")).Rejected(RejectionKind.Conflict), Is.EqualTo(InTransition));
    }

    // --- interfaces -------------------------------------------------------------------------------

    [Test]
    public void Interface_change_in_active_outside_maintenance_is_409()
    {
        var message = Patch(Deployed(), Replace("/power_interface", "noop")).Rejected(RejectionKind.Conflict);
        Assert.That(message, Is.EqualTo($"Node {Uuid} can not have power_interface updated unless it is in one of allowed " +
                                        "(enroll, inspecting, inspect wait, manageable, available) states or in maintenance mode."));
    }

    [TestCase("enroll")]
    [TestCase("manageable")]
    [TestCase("available")]
    [TestCase("inspect wait")]
    public void Interface_change_is_allowed_in_the_allowed_states(string state)
    {
        var node = InState(state);
        Assert.That(Patched(node, Replace("/power_interface", "noop")).Interfaces.Power, Is.EqualTo("noop"));
    }

    [TestCase("active")]
    [TestCase("deploy failed")]
    [TestCase("error")]
    [TestCase("rescue")]
    public void Interface_change_is_allowed_in_maintenance(string state)
    {
        var node = Deployed(state) with { Maintenance = true };
        var after = Patched(node, Replace("/boot_interface", "noop"));
        Assert.That(after.Interfaces.Boot, Is.EqualTo("noop"));
        Assert.That(after.Interfaces.Power, Is.EqualTo("fake"));
    }

    [Test]
    public void Setting_an_interface_to_its_current_value_is_not_a_change()
    {
        Patched(Deployed(), Replace("/power_interface", "fake"));
    }

    [Test]
    public void Removing_an_interface_resets_it_to_the_default()
    {
        var node = Manageable() with { Interfaces = FakeInterfaceResolver.Defaults with { Power = "noop" } };
        Assert.That(Patched(node, Remove("/power_interface")).Interfaces.Power, Is.EqualTo("fake"));
    }

    [Test]
    public void Unknown_interface_is_400_with_the_resolver_message()
    {
        var message = Patch(Manageable(), Replace("/deploy_interface", "direct")).Rejected(RejectionKind.Invalid);
        Assert.That(message, Is.EqualTo(FakeInterfaceResolver.NotFound("deploy", "direct")));
    }

    [Test]
    public void Changing_to_an_unknown_driver_is_no_valid_host()
    {
        var message = Patch(Manageable() with { ConductorGroup = "rack1" }, Replace("/driver", "ipmi")).Rejected(RejectionKind.Invalid);
        Assert.That(message, Is.EqualTo(
            "No valid host was found. Reason: No conductor service registered which supports driver ipmi for conductor group \"rack1\"."));
    }

    [Test]
    public void Changing_the_driver_keeps_explicit_interfaces()
    {
        var node = Manageable() with { Interfaces = FakeInterfaceResolver.Defaults with { Power = "noop" } };
        var after = Patched(node, Replace("/driver", "manual-management"));
        Assert.That(after.Driver, Is.EqualTo("manual-management"));
        Assert.That(after.Interfaces.Power, Is.EqualTo("noop"));
    }

    [Test]
    public void Reset_interfaces_without_a_driver_change_is_400()
    {
        var message = NodeDecisions.Patch(Manageable(), [Add("/extra/k", "v")], true, _resolver, Ctx()).Rejected(RejectionKind.Invalid);
        Assert.That(message, Is.EqualTo("The reset_interfaces parameter can only be used when changing the node's driver."));
    }

    [Test]
    public void Reset_interfaces_with_a_driver_change_recomputes_all_but_the_explicit_ones()
    {
        var node = Manageable() with
        {
            Interfaces = FakeInterfaceResolver.Defaults with { Power = "noop", Management = "noop", Network = "fake" },
        };
        var decision = NodeDecisions.Patch(node,
            [Replace("/driver", "manual-management"), Replace("/management_interface", "noop")], true, _resolver, Ctx());
        var after = node.Fold(decision);

        Assert.Multiple(() =>
        {
            Assert.That(after.Driver, Is.EqualTo("manual-management"));
            Assert.That(after.Interfaces.Power, Is.EqualTo("fake"), "reset to the default");
            Assert.That(after.Interfaces.Network, Is.EqualTo("noop"), "reset to the default");
            Assert.That(after.Interfaces.Management, Is.EqualTo("noop"), "explicit in the same patch");
            Assert.That(_resolver.LastRequested!["power"], Is.Null);
            Assert.That(_resolver.LastRequested!["management"], Is.EqualTo("noop"));
        });
    }

    [Test]
    public void Interfaces_are_not_resolved_when_neither_driver_nor_interfaces_change()
    {
        Patched(Manageable(), Add("/extra/k", "v"));
        Assert.That(_resolver.ResolveCalls, Is.Zero);
    }

    [Test]
    public void Driver_change_with_console_enabled_is_409()
    {
        var node = Manageable() with { ConsoleEnabled = true };
        var message = Patch(node, Replace("/driver", "manual-management")).Rejected(RejectionKind.Conflict);
        Assert.That(message, Is.EqualTo(
            $"Node {Uuid} can not update the driver while the console is enabled. Please stop the console first."));
    }

    // --- resource class --------------------------------------------------------------------------

    [Test]
    public void Resource_class_can_be_set_once_in_any_state()
    {
        Assert.That(Patched(Deployed(), Add("/resource_class", "baremetal")).ResourceClass, Is.EqualTo("baremetal"));
    }

    [Test]
    public void Changing_a_set_resource_class_of_an_active_node_is_409()
    {
        Assert.That(Patch(Deployed() with { ResourceClass = "small" }, Replace("/resource_class", "large")).Rejected(RejectionKind.Conflict),
            Is.EqualTo(ResourceClassLocked));
    }

    [Test]
    public void Changing_the_resource_class_of_an_available_node_is_allowed()
    {
        Assert.That(Patched(InState("available") with { ResourceClass = "small" }, Replace("/resource_class", "large")).ResourceClass,
            Is.EqualTo("large"));
    }

    [Test]
    public void Changing_a_set_resource_class_of_an_active_node_is_409_even_in_maintenance()
    {
        Assert.That(Patch(Deployed() with { ResourceClass = "small", Maintenance = true }, Replace("/resource_class", "large"))
            .Rejected(RejectionKind.Conflict), Is.EqualTo(ResourceClassLocked));
    }

    // --- instance_uuid ------------------------------------------------------------------------------

    [Test]
    public void Instance_uuid_change_while_associated_is_409()
    {
        var message = Patch(Deployed(), Replace("/instance_uuid", InstanceB.ToString())).Rejected(RejectionKind.Conflict);
        Assert.That(message, Is.EqualTo($"Node {Uuid} is associated with instance {InstanceA}."));
    }

    [Test]
    public void Instance_uuid_can_be_set_when_free_and_is_normalised()
    {
        var after = Patched(InState("available"), Add("/instance_uuid", InstanceB.ToString().ToUpperInvariant()));
        Assert.That(after.InstanceUuid, Is.EqualTo(InstanceB.ToString()));
    }

    [Test]
    public void Instance_uuid_set_to_its_own_value_is_not_a_change()
    {
        Patched(Deployed(), Replace("/instance_uuid", InstanceA.ToString()));
    }

    [Test]
    public void Instance_uuid_can_be_removed_from_an_active_node()
    {
        Assert.That(Patched(Deployed(), Remove("/instance_uuid")).InstanceUuid, Is.Null);
    }

    [Test]
    public void Instance_uuid_must_be_a_uuid()
    {
        Assert.That(Patch(InState("available"), Add("/instance_uuid", "not-a-uuid")).Rejected(RejectionKind.Invalid),
            Is.EqualTo("Expected UUID for instance_uuid: not-a-uuid"));
    }

    // --- maintenance --------------------------------------------------------------------------------

    [Test]
    public void Clearing_maintenance_via_patch_clears_reason_and_fault()
    {
        var node = Deployed() with { Maintenance = true, MaintenanceReason = "power sync", Fault = "power failure" };
        var after = Patched(node, Replace("/maintenance", false));
        Assert.That((after.Maintenance, after.MaintenanceReason, after.Fault), Is.EqualTo((false, (string?)null, (string?)null)));
    }

    [Test]
    public void Unrelated_patch_keeps_maintenance_reason_and_fault()
    {
        var node = Deployed() with { Maintenance = true, MaintenanceReason = "power sync", Fault = "power failure" };
        var after = Patched(node, Add("/extra/k", "v"));
        Assert.That((after.Maintenance, after.MaintenanceReason, after.Fault), Is.EqualTo((true, "power sync", "power failure")));
    }

    [Test]
    public void Setting_maintenance_via_patch()
    {
        Assert.That(Patched(Deployed(), Replace("/maintenance", true)).Maintenance, Is.True);
    }

    // --- lock ---------------------------------------------------------------------------------------

    [Test]
    public void Locked_node_is_409()
    {
        var message = NodeDecisions.Patch(Manageable(), [Add("/extra/k", "v")], false, _resolver, Locked()).Rejected(RejectionKind.Conflict);
        Assert.That(message, Is.EqualTo(NodeLockedMessage));
    }

    [Test]
    public void Patch_keeps_server_owned_fields()
    {
        var node = Deployed() with
        {
            LastError = "e", PowerState = "power on", ProvisionUpdatedAt = Created, Traits = ["CUSTOM_A"],
            DriverInternalInfo = new JsonObject { ["x"] = 1 }, ConsoleEnabled = true,
        };
        var after = Patched(node, Add("/extra/k", "v"));
        Assert.Multiple(() =>
        {
            Assert.That(after.LastError, Is.EqualTo("e"));
            Assert.That(after.PowerState, Is.EqualTo("power on"));
            Assert.That(after.ProvisionUpdatedAt, Is.EqualTo(Created));
            Assert.That(after.Traits, Is.EqualTo(new[] { "CUSTOM_A" }));
            Assert.That(after.DriverInternalInfo.ToJsonString(), Is.EqualTo("{\"x\":1}"));
            Assert.That(after.ConsoleEnabled, Is.True);
            Assert.That(after.CreatedAt, Is.EqualTo(Created));
        });
    }
}
