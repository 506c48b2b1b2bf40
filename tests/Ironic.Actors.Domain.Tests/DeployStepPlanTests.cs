using NUnit.Framework;
using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Decisions;
using Ironic.Actors.Domain.Events;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Domain.Templates;

namespace Ironic.Actors.Domain.Tests;

/// <summary>
/// The deploy plan as Ironic's conductor builds it (driver steps, template steps, the request's deploy_steps) and how a
/// deploy walks it: stored in driver_internal_info, one step after another, failures worded as Ironic words them.
/// </summary>
public class DeployStepPlanTests
{
    private static readonly DriverDeployStep Core = new("deploy", "deploy", 100, null);
    private static readonly DriverDeployStep Bios = new("bios", "apply_configuration", 0,
        new JsonObject { ["settings"] = new JsonObject { ["description"] = "List of BIOS settings", ["required"] = true } });
    private static readonly DriverDeployStep Reset = new("bios", "factory_reset", 0, null);
    private static readonly DriverDeployStep Power = new("power", "cycle", 0, null);
    private static readonly DriverDeployStep Raid = new("raid", "apply_configuration", 0,
        new JsonObject { ["raid_config"] = new JsonObject { ["required"] = true }, ["delete_existing"] = new JsonObject { ["required"] = false } });
    private static readonly DriverDeployStep[] Direct =
    [
        Core, new("deploy", "write_image", 80, null), new("deploy", "prepare_instance_boot", 60, null),
        new("deploy", "tear_down_agent", 40, null), new("deploy", "switch_to_tenant_network", 30, null), new("deploy", "boot_instance", 20, null),
    ];

    private static DeployTemplate Template(string name, params DeployStep[] steps) => new()
    {
        Uuid = Guid.NewGuid(), Name = name, Steps = [.. steps], CreatedAt = TestNodes.Created,
    };

    private static DeployStep Step(string iface, string step, int priority, JsonObject? args = null) => new(iface, step, args ?? [], priority);

    private static JsonObject Settings() => new() { ["settings"] = new JsonArray(new JsonObject { ["name"] = "LogicalProc", ["value"] = "Disabled" }) };

    private static string[] Ids(IReadOnlyList<JsonObject> steps) => [.. steps.Select(DeployStepPlan.StepId)];

    [Test]
    public void Steps_run_by_priority_highest_first_and_the_agent_deploy_keeps_its_order()
    {
        var template = Template("CUSTOM_X", Step("bios", "apply_configuration", 150, Settings()), Step("raid", "apply_configuration", 90,
            new JsonObject { ["raid_config"] = new JsonObject() }));
        var (steps, error) = DeployTemplateDecisions.PlanDeploy([template], [.. Direct, Bios, Raid]);
        Assert.That(error, Is.Null);
        Assert.That(Ids(steps), Is.EqualTo(new[]
        {
            "bios.apply_configuration", "deploy.deploy", "raid.apply_configuration", "deploy.write_image", "deploy.prepare_instance_boot",
            "deploy.tear_down_agent", "deploy.switch_to_tenant_network", "deploy.boot_instance",
        }));
        Assert.That(steps[0].ToJsonString(), Is.EqualTo(
            """{"interface":"bios","step":"apply_configuration","args":{"settings":[{"name":"LogicalProc","value":"Disabled"}]},"priority":150}"""));
    }

    [Test]
    public void Ties_go_by_interface_power_management_deploy_bios_raid()
    {
        var template = Template("CUSTOM_TIE", Step("raid", "apply_configuration", 100, new JsonObject { ["raid_config"] = new JsonObject() }),
            Step("bios", "factory_reset", 100), Step("power", "cycle", 100));
        var (steps, _) = DeployTemplateDecisions.PlanDeploy([template], [Core, Reset, Power, Raid]);
        Assert.That(Ids(steps), Is.EqualTo(new[] { "power.cycle", "deploy.deploy", "bios.factory_reset", "raid.apply_configuration" }));
    }

    [Test]
    public void Priority_zero_disables_a_driver_step()
    {
        var template = Template("CUSTOM_NOBOOT", Step("deploy", "boot_instance", 0));
        var (steps, _) = DeployTemplateDecisions.PlanDeploy([template], Direct);
        Assert.That(Ids(steps), Does.Not.Contain("deploy.boot_instance"));
        Assert.That(steps, Has.Count.EqualTo(5));
    }

    [Test]
    public void A_request_step_wins_over_the_template_step_of_the_same_interface_and_step()
    {
        var template = Template("CUSTOM_X", Step("bios", "apply_configuration", 150, Settings()));
        var requested = new[] { Step("bios", "apply_configuration", 10, new JsonObject { ["settings"] = new JsonArray() }) };
        var (steps, error) = DeployTemplateDecisions.PlanDeploy([template], [Core, Bios], requested);
        Assert.That(error, Is.Null);
        Assert.That(Ids(steps), Is.EqualTo(new[] { "deploy.deploy", "bios.apply_configuration" }), "the request's priority 10 counts, not the template's 150");
        Assert.That(steps[1]["args"]!.ToJsonString(), Is.EqualTo("""{"settings":[]}"""));

        var disabled = DeployTemplateDecisions.PlanDeploy([template], [Core, Bios], [Step("bios", "apply_configuration", 0)]);
        Assert.That(Ids(disabled.Steps), Is.EqualTo(new[] { "deploy.deploy" }), "the request disables the template's step");
    }

    [Test]
    public void Unknown_steps_are_rejected_unless_left_to_the_agent()
    {
        var requested = new[] { Step("bios", "flash_firmware", 50) };
        Assert.That(DeployTemplateDecisions.PlanDeploy([], [Core], requested).Error, Is.Null, "as at deploy time: an agent may offer it later");
        Assert.That(DeployTemplateDecisions.PlanDeploy([], [Core], requested, skipMissing: false).Error, Is.EqualTo(
            "Validation of deploy steps from \"deploy steps\" argument failed.node does not support this deploy step: " +
            "{'interface': 'bios', 'step': 'flash_firmware', 'args': {}, 'priority': 50}"));
    }

    [Test]
    public void Request_steps_are_checked_against_the_schema_and_the_interfaces()
    {
        Assert.That(DeployStepPlan.ReadRequestSteps(JsonNode.Parse("""[{"interface":"nope","step":"x","args":{},"priority":1}]""")!.AsArray()).Error,
            Is.EqualTo("Invalid deploy_steps: 'nope' is not one of ['power', 'management', 'deploy', 'bios', 'raid']"));
        var (read, error) = DeployStepPlan.ReadRequestSteps(JsonNode.Parse("""[{"interface":"bios","step":"factory_reset","args":{},"priority":"7"}]""")!.AsArray());
        Assert.That(error, Is.Null);
        Assert.That(read.Single().Priority, Is.EqualTo(7));

        var node = TestNodes.InState("available");
        var missingArgs = NodeDecisions.RequestProvision(node, new ProvisionRequest("active",
            DeploySteps: JsonNode.Parse("""[{"interface":"bios","step":"apply_configuration","args":{},"priority":5}]""")!.AsArray()), TestNodes.Ctx(), [], [Core, Bios]);
        Assert.That(missingArgs.Rejection!.Message, Is.EqualTo(
            $"Failed to validate deploy or power info for node {node.Uuid}: Validation of deploy steps from \"deploy steps\" argument failed." +
            "deploy step {'interface': 'bios', 'step': 'apply_configuration', 'args': {}, 'priority': 5} is missing these required arguments: " +
            "settings (List of BIOS settings)"));
    }

    [Test]
    public void An_accepted_deploy_stores_its_plan_and_starts_on_the_first_step()
    {
        var node = TestNodes.InState("available");
        var decision = NodeDecisions.RequestProvision(node, new ProvisionRequest("active",
            DeploySteps: new JsonArray(new JsonObject { ["interface"] = "bios", ["step"] = "apply_configuration", ["args"] = Settings(), ["priority"] = 150 })),
            TestNodes.Ctx(), [], [Core, Bios]);
        var after = decision.Events.Aggregate((Node?)node, (n, e) => n.Apply(e))!;
        Assert.That(after.ProvisionState, Is.EqualTo("deploying"));
        Assert.That(Ids([.. DeployStepPlan.Steps(after)!.OfType<JsonObject>()]), Is.EqualTo(new[] { "bios.apply_configuration", "deploy.deploy" }));
        Assert.That(DeployStepPlan.Index(after), Is.EqualTo(0));
        Assert.That(DeployStepPlan.StepId(after.DeployStep), Is.EqualTo("bios.apply_configuration"));
        Assert.That(decision.Work, Is.EqualTo(new NodeWork(WorkKind.Deploy)));
    }

    [Test]
    public void Each_finished_step_moves_to_the_next_and_the_last_ends_the_deploy_clearing_the_plan()
    {
        var node = TestNodes.InState("available");
        var accepted = NodeDecisions.RequestProvision(node, new ProvisionRequest("active",
            DeploySteps: new JsonArray(new JsonObject { ["interface"] = "bios", ["step"] = "factory_reset", ["args"] = new JsonObject(), ["priority"] = 150 })),
            TestNodes.Ctx(), [], [Core, Reset]);
        var deploying = accepted.Events.Aggregate((Node?)node, (n, e) => n.Apply(e))!;

        var first = NodeDecisions.CompleteWork(deploying, new NodeWork(WorkKind.Deploy), WorkOutcome.Ok(), TestNodes.Ctx(2));
        Assert.That(first.Work, Is.EqualTo(new NodeWork(WorkKind.Deploy)), "the next step runs");
        var second = first.Events.Aggregate((Node?)deploying, (n, e) => n.Apply(e))!;
        Assert.That((second.ProvisionState, DeployStepPlan.Index(second), DeployStepPlan.StepId(second.DeployStep)),
            Is.EqualTo(("deploying", (int?)1, "deploy.deploy")));

        var done = NodeDecisions.CompleteWork(second, new NodeWork(WorkKind.Deploy), WorkOutcome.Ok("power on"), TestNodes.Ctx(3));
        var active = done.Events.Aggregate((Node?)second, (n, e) => n.Apply(e))!;
        Assert.That(done.Work, Is.Null);
        Assert.That(active.ProvisionState, Is.EqualTo("active"));
        Assert.That(active.DeployStep, Is.Empty);
        Assert.That(active.DriverInternalInfo.ToJsonString(), Does.Contain("\"deploy_steps\":null").And.Not.Contain("deploy_step_index"));
    }

    [Test]
    public void A_failing_step_fails_the_deploy_with_ironics_words()
    {
        var node = TestNodes.InState("available");
        var accepted = NodeDecisions.RequestProvision(node, new ProvisionRequest("active",
            DeploySteps: new JsonArray(new JsonObject { ["interface"] = "bios", ["step"] = "factory_reset", ["args"] = new JsonObject(), ["priority"] = 150 })),
            TestNodes.Ctx(), [], [Core, Reset]);
        var deploying = accepted.Events.Aggregate((Node?)node, (n, e) => n.Apply(e))!;

        var failed = NodeDecisions.CompleteWork(deploying, new NodeWork(WorkKind.Deploy), WorkOutcome.Failed("BIOS is locked"), TestNodes.Ctx(2));
        var after = failed.Events.Aggregate((Node?)deploying, (n, e) => n.Apply(e))!;
        Assert.That((after.ProvisionState, after.LastError), Is.EqualTo(("deploy failed", "Deploy step bios.factory_reset failed: BIOS is locked.")));
        Assert.That(after.DeployStep, Is.Empty);
    }

    [Test]
    public void A_raid_step_result_becomes_the_raid_config_and_updates_the_properties()
    {
        var node = TestNodes.InState("clean wait") with { Properties = new JsonObject { ["capabilities"] = "boot_mode:uefi" } };
        var built = new JsonObject
        {
            ["logical_disks"] = new JsonArray(new JsonObject
            {
                ["size_gb"] = 50, ["raid_level"] = "1", ["is_root_volume"] = true, ["root_device_hint"] = new JsonObject { ["name"] = "/dev/md0" },
            }),
        };
        var (raid, properties) = RaidInfo.AfterCreate(node, built, TestNodes.Created);
        Assert.That(raid["last_updated"]!.GetValue<string>(), Is.EqualTo("2024-03-01 12:00:00.000000"));
        Assert.That(properties.ToJsonString(), Is.EqualTo("""{"capabilities":"boot_mode:uefi,raid_level:1","local_gb":50,"root_device":{"name":"/dev/md0"}}"""));
        Assert.That(RaidInfo.AfterDelete(node with { Properties = properties }).Properties.ToJsonString(), Does.Not.Contain("root_device"));

        Assert.That(RaidInfo.FilterTarget(node, true, true).Error, Is.EqualTo($"Node {node.Uuid} has no target RAID configuration."));
        var target = node with { TargetRaidConfig = new JsonObject { ["logical_disks"] = new JsonArray(new JsonObject { ["size_gb"] = 10, ["raid_level"] = "0" }) } };
        Assert.That(RaidInfo.FilterTarget(target, true, false).Error,
            Is.EqualTo($"Node {node.Uuid} has empty target RAID configuration after skipping non-root volumes."));
    }

    [Test]
    public void Steps_no_interface_offers_are_kept_for_the_agent_and_forgotten_when_the_deploy_ends()
    {
        var node = TestNodes.InState("available");
        var decision = NodeDecisions.RequestProvision(node, new ProvisionRequest("active"), TestNodes.Ctx(),
            [Template("CUSTOM_IN_BAND", Step("deploy", "inject_files", 70))], Direct);
        var deploying = decision.Events.Aggregate((Node?)node, (n, e) => n.Apply(e))!;
        Assert.That(Ids([.. DeployStepPlan.Steps(deploying)!.OfType<JsonObject>()]), Does.Not.Contain("deploy.inject_files"),
            "not in the plan until the agent offers it");
        Assert.That(deploying.DriverInternalInfo[FinalDeploySteps.PendingKey]!.ToJsonString(), Is.EqualTo(
            """[{"source":"templates","templates":"CUSTOM_IN_BAND","step":{"interface":"deploy","step":"inject_files","args":{},"priority":70}}]"""));

        var failed = deploying.Fold(NodeDecisions.CompleteWork(deploying, new NodeWork(WorkKind.Deploy), WorkOutcome.Failed("boom"), TestNodes.Ctx(2)));
        Assert.That(failed.ProvisionState, Is.EqualTo("deploy failed"));
        Assert.That(failed.DriverInternalInfo.ContainsKey(FinalDeploySteps.PendingKey), Is.False);
    }
}
