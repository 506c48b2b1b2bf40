using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Templates;
using NUnit.Framework;

namespace Ironic.Actors.Domain.Tests;

/// <summary>
/// The deploy steps left for the agent (no interface offered them when the deploy started) and their final check after
/// the agent's call-back, as Ironic's <c>continue_node_deploy</c> re-validates them.
/// </summary>
public sealed class FinalDeployStepsTests
{
    private static readonly Guid Node = Guid.Parse("1be26c0b-03f2-4d2e-ae87-c02d7f33c123");

    private static DeployTemplate Template(string name, params DeployStep[] steps) => new()
    {
        Uuid = Guid.NewGuid(), Name = name, Steps = [.. steps], CreatedAt = DateTimeOffset.UnixEpoch,
    };

    private static DeployStep Step(string iface, string step, int priority) => new(iface, step, new JsonObject(), priority);

    private static JsonArray Plan(params (string Interface, string Step, int Priority)[] steps) =>
        new([.. steps.Select(s => (JsonNode)new JsonObject { ["step"] = s.Step, ["priority"] = s.Priority, ["argsinfo"] = null, ["interface"] = s.Interface })]);

    private static readonly JsonObject Agent = FinalDeploySteps.ByInterface(new JsonObject
    {
        ["deploy_steps"] = new JsonObject
        {
            ["GenericHardwareManager"] = new JsonArray(
                new JsonObject { ["step"] = "write_image", ["priority"] = 0, ["interface"] = "deploy" },
                new JsonObject { ["step"] = "inject_files", ["priority"] = 0, ["interface"] = "deploy" }),
            ["CustomManager"] = new JsonArray(new JsonObject { ["step"] = "tune", ["priority"] = 0, ["interface"] = "bios" }),
        },
    });

    [Test]
    public void Steps_no_interface_offers_are_pending_unless_the_request_replaces_them()
    {
        var templates = new[] { Template("CUSTOM_A", Step("deploy", "inject_files", 70), Step("deploy", "write_image", 80), Step("bios", "tune", 50)) };
        var pending = FinalDeploySteps.Pending(templates, [("deploy", "write_image")], [Step("bios", "tune", 45)]);
        Assert.That(pending.ToJsonString(), Is.EqualTo(
            """[{"source":"templates","templates":"CUSTOM_A","step":{"interface":"deploy","step":"inject_files","args":{},"priority":70}},""" +
            """{"source":"request","step":{"interface":"bios","step":"tune","args":{},"priority":45}}]"""));
    }

    [Test]
    public void Offered_steps_join_the_plan_by_priority_and_the_current_step_keeps_its_place()
    {
        var plan = Plan(("deploy", "deploy", 100), ("deploy", "write_image", 80), ("deploy", "prepare_instance_boot", 60), ("deploy", "boot_instance", 20));
        var pending = FinalDeploySteps.Pending(
            [Template("CUSTOM_A", Step("deploy", "inject_files", 80), Step("bios", "tune", 0))], [], [Step("deploy", "inject_files", 80)]);

        var (final, index, error) = FinalDeploySteps.Check(Node, plan, 0, pending, Agent);

        Assert.That(error, Is.Null);
        Assert.That(final.Select(s => $"{s!["interface"]}.{s["step"]}"), Is.EqualTo(new[]
        {
            "deploy.deploy", "deploy.write_image", "deploy.inject_files", "deploy.prepare_instance_boot", "deploy.boot_instance",
        }), "a tie goes after the steps already planned; priority 0 stays out");
        Assert.That(index, Is.EqualTo(0));
    }

    [Test]
    public void Steps_the_agent_does_not_offer_fail_the_templates_first_then_the_request()
    {
        var plan = Plan(("deploy", "deploy", 100));
        var both = FinalDeploySteps.Pending([Template("CUSTOM_A", Step("deploy", "nope", 70)), Template("CUSTOM_B")], [], [Step("raid", "nope_either", 10)]);
        Assert.That(FinalDeploySteps.Check(Node, plan, 0, both, Agent).Error, Is.EqualTo(
            $"Failed to validate the final deploy steps list for node {Node}: Validation of deploy steps from deploy templates matching this " +
            "node's instance traits failed. Matching deploy templates: CUSTOM_A,CUSTOM_B. Errors: node does not support this deploy step: " +
            "{'interface': 'deploy', 'step': 'nope', 'args': {}, 'priority': 70}"));

        var request = FinalDeploySteps.Pending([], [], [Step("raid", "nope_either", 10)]);
        Assert.That(FinalDeploySteps.Check(Node, plan, 0, request, Agent).Error, Is.EqualTo(
            $"Failed to validate the final deploy steps list for node {Node}: Validation of deploy steps from \"deploy steps\" argument " +
            "failed.node does not support this deploy step: {'interface': 'raid', 'step': 'nope_either', 'args': {}, 'priority': 10}"));
    }
}
