using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Decisions;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Domain.Templates;
using NUnit.Framework;

namespace Ironic.Actors.Domain.Tests;

/// <summary>Deploy template rules: the template schema's wording, patching, and how a deploy plans template steps (Ironic 21.4).</summary>
[TestFixture]
public sealed class DeployTemplateDecisionTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private static readonly Guid Id = Guid.Parse("3f9b2c7e-5a1d-4c8e-b2f0-7d6e5a4b3c21");
    private static readonly DriverDeployStep CoreStep = new("deploy", "deploy", 100, null);

    private static JsonObject Body(string steps, string name = "CUSTOM_RAID1") =>
        JsonNode.Parse($$"""{"name": "{{name}}", "steps": {{steps}}}""")!.AsObject();

    private static DeployTemplate Template(string name = "CUSTOM_RAID1", params DeployStep[] steps) => new()
    {
        Uuid = Guid.NewGuid(), Name = name, CreatedAt = Now,
        Steps = [.. steps.Length == 0 ? [new DeployStep("bios", "apply_configuration", new JsonObject(), 10)] : steps],
    };

    private static PatchOperation Op(string op, string path, JsonNode? value = null) => new(op, path, value, op != "remove");

    [Test]
    public void Create_reads_steps_and_normalises_a_priority_of_digits()
    {
        var (template, error) = DeployTemplateDecisions.Create(
            Body("""[{"interface": "raid", "step": "apply_configuration", "args": {"a": 1}, "priority": "10"}]"""), Id, Now);
        Assert.That(error, Is.Null);
        Assert.That(template!.Steps.Single(), Is.EqualTo(template.Steps[0] with { Interface = "raid", Step = "apply_configuration", Priority = 10 }));
        Assert.That(template.Extra, Is.Empty);
        Assert.That(template.UpdatedAt, Is.Null);
    }

    [Test]
    public void Create_takes_the_bodys_uuid_which_is_checked_before_the_schema()
    {
        var given = Guid.Parse("0b0e4b8e-6f43-4f7e-9d0e-0c8a5e2a1f11");
        var body = Body("""[{"interface": "raid", "step": "apply_configuration", "args": {}, "priority": 1}]""");
        body["uuid"] = given.ToString();
        Assert.That(DeployTemplateDecisions.Create(body, Id, Now).Template!.Uuid, Is.EqualTo(given));
        var bad = Body("""[]""");
        bad["uuid"] = "nope";
        Assert.That(DeployTemplateDecisions.Create(bad, Id, Now).Error, Is.EqualTo("Expected UUID for uuid: nope"));
    }

    [TestCase("""[]""", "Schema error for template: [] is too short")]
    [TestCase("""[{"interface": "foo", "step": "x", "args": {}, "priority": 1}]""", "Schema error for template: 'foo' is not one of ['power', 'management', 'deploy', 'bios', 'raid']")]
    [TestCase("""[{"interface": "bios", "step": "x", "args": {}, "priority": -1}]""", "Schema error for template: -1 is less than the minimum of 0")]
    [TestCase("""[{"interface": "bios", "step": "x", "args": {}, "priority": "a"}]""", "Schema error for template: 'a' does not match '^[0-9]+$'")]
    [TestCase("""[{"interface": "bios", "step": "x", "args": {}, "priority": 1.5}]""",
        "Schema error for template: 1.5 is not valid under any of the given schemas. Possible root cause: 1.5 is not of type 'integer'")]
    [TestCase("""[{"interface": "bios", "step": "x", "args": {}, "priority": null}]""",
        "Schema error for template: None is not valid under any of the given schemas. Possible root cause: None is not of type 'integer'")]
    [TestCase("""[{"interface": "bios", "step": "", "args": {}, "priority": 1}]""", "Schema error for template: '' is too short")]
    [TestCase("""[{"interface": "bios", "step": "x", "args": [], "priority": 1}]""", "Schema error for template: [] is not of type 'object'")]
    [TestCase("""[{"interface": "bios", "step": "x", "priority": 1}]""", "Schema error for template: 'args' is a required property")]
    [TestCase("""["x"]""", "Schema error for template: 'x' is not of type 'object'")]
    [TestCase("""[{"interface": "bios", "step": "x", "args": {}, "priority": 1}, {"interface": "bios", "step": "x", "args": {}, "priority": 2}]""",
        "Deploy template invalid: Duplicate deploy steps. A deploy template cannot have multiple deploy steps with the same interface and step. Duplicates: interface: bios, step: x.")]
    public void Create_refuses_steps_in_Ironics_words(string steps, string expected) =>
        Assert.That(DeployTemplateDecisions.Create(Body(steps), Id, Now).Error, Is.EqualTo(expected));

    [Test]
    public void Create_refuses_names_that_are_not_traits()
    {
        var steps = """[{"interface": "bios", "step": "x", "args": {}, "priority": 1}]""";
        Assert.That(DeployTemplateDecisions.Create(Body(steps, "FOO"), Id, Now).Error, Is.EqualTo(
            "Schema error for template: 'FOO' is not valid under any of the given schemas. Possible root cause: 'FOO' does not match '^CUSTOM_[A-Z0-9_]+$'"));
        Assert.That(DeployTemplateDecisions.Create(Body(steps, "HW_CPU_X86_AVX"), Id, Now).Error, Is.Null, "standard traits are names too");
    }

    [Test]
    public void A_change_of_steps_alone_keeps_updated_at_a_rename_sets_it()
    {
        var template = Template();
        var (steps, _) = DeployTemplateDecisions.Patch(template, [Op("replace", "/steps/0/priority", 20)], Now);
        Assert.That(steps!.Steps[0].Priority, Is.EqualTo(20));
        Assert.That(steps.UpdatedAt, Is.Null);
        var (renamed, _) = DeployTemplateDecisions.Patch(template, [Op("replace", "/name", "CUSTOM_OTHER")], Now);
        Assert.That(renamed!.UpdatedAt, Is.EqualTo(Now));
        Assert.That(DeployTemplateDecisions.Patch(template, [Op("replace", "/name", "CUSTOM_RAID1")], Now).Template, Is.SameAs(template));
        var (appended, _) = DeployTemplateDecisions.Patch(template,
            [Op("add", "/steps/-", JsonNode.Parse("""{"interface": "deploy", "step": "y", "args": {}, "priority": 0}"""))], Now);
        Assert.That(appended!.Steps.Select(s => s.Step), Is.EqualTo(new[] { "apply_configuration", "y" }));
    }

    [Test]
    public void Patch_refusals_use_Ironics_words()
    {
        var template = Template();
        string? Refusal(params PatchOperation[] ops) => DeployTemplateDecisions.Patch(template, ops, Now).Rejection?.Message;
        Assert.That(Refusal(Op("remove", "/name")), Is.EqualTo("Schema error for patch: 'name' is a required property"));
        Assert.That(Refusal(Op("remove", "/steps")), Is.EqualTo("Schema error for patch: 'steps' is a required property"));
        Assert.That(Refusal(Op("replace", "/description", "x")), Is.EqualTo(
            "Couldn't apply patch '{'op': 'replace', 'path': '/description', 'value': 'x'}'. Reason: can't replace a non-existent object 'description'"));
        Assert.That(Refusal(Op("add", "/description", "x")), Is.EqualTo("Adding a new attribute (/description) to the root of the resource is not allowed"));
        Assert.That(Refusal(Op("replace", "/steps/0/interface", "foo")), Does.StartWith("Schema error for patch: 'foo' is not one of"));
        Assert.That(Refusal(Op("add", "/steps/9", new JsonObject())), Does.EndWith("Reason: can't insert outside of list"));
        Assert.That(Refusal(Op("add", "/steps/9/interface", "foo")), Does.EndWith("Reason: index '9' is out of bounds"));
        Assert.That(Refusal(Op("replace", "/steps/01", new JsonObject())), Does.EndWith("Reason: '01' is not a valid sequence index"));
    }

    [Test]
    public void Templates_of_a_deploy_are_those_its_instance_traits_name()
    {
        var a = Template("CUSTOM_A");
        var b = Template("CUSTOM_B");
        var info = new JsonObject { ["traits"] = new JsonArray("CUSTOM_B", "CUSTOM_NONE", "CUSTOM_B") };
        Assert.That(DeployTemplateDecisions.ForInstance(info, [a, b]), Is.EqualTo(new[] { b }));
        Assert.That(DeployTemplateDecisions.ForInstance(new JsonObject(), [a, b]), Is.Empty);
    }

    [Test]
    public void Steps_the_interfaces_do_not_offer_are_skipped_and_driver_steps_run()
    {
        var (steps, error) = DeployTemplateDecisions.PlanDeploy([Template()], [CoreStep]);
        Assert.That(error, Is.Null);
        Assert.That(steps.Select(s => s.ToJsonString()), Is.EqualTo(new[]
        {
            """{"step":"deploy","priority":100,"argsinfo":null,"interface":"deploy"}""",
        }));
    }

    [Test]
    public void Offered_steps_join_in_priority_order_and_may_disable_driver_steps()
    {
        var raid = new DriverDeployStep("raid", "apply_configuration", 0,
            new JsonObject { ["raid_config"] = new JsonObject { ["description"] = "The RAID configuration to apply.", ["required"] = true } });
        var template = Template("CUSTOM_RAID1", new DeployStep("raid", "apply_configuration", new JsonObject { ["raid_config"] = new JsonObject() }, 150));
        var (steps, _) = DeployTemplateDecisions.PlanDeploy([template], [CoreStep, raid]);
        Assert.That(steps.Select(s => s["step"]!.GetValue<string>()), Is.EqualTo(new[] { "apply_configuration", "deploy" }));

        var off = Template("CUSTOM_OFF", new DeployStep("deploy", "deploy", new JsonObject(), 0));
        Assert.That(DeployTemplateDecisions.PlanDeploy([off], [CoreStep]).Steps, Is.Empty, "nothing left: the deploy fails");

        var missing = Template("CUSTOM_RAID2", new DeployStep("raid", "apply_configuration", new JsonObject(), 10));
        Assert.That(DeployTemplateDecisions.PlanDeploy([missing], [CoreStep, raid]).Error, Does.EndWith(
            "Errors: deploy step {'interface': 'raid', 'step': 'apply_configuration', 'args': {}, 'priority': 10} is missing these required " +
            "arguments: raid_config (The RAID configuration to apply.)"));
        Assert.That(DeployTemplateDecisions.PlanDeploy([template, template with { Name = "CUSTOM_RAID3" }], [CoreStep, raid]).Error, Is.EqualTo(
            "Validation of deploy steps from deploy templates matching this node's instance traits failed. Matching deploy templates: " +
            "CUSTOM_RAID1,CUSTOM_RAID3. Errors: deploy steps from all deploy templates matching this node's instance traits cannot have the same " +
            "interface and step. Duplicate deploy steps for raid.apply_configuration"));
    }

    [Test]
    public void A_deploy_whose_templates_disable_every_step_starts_and_fails_at_once()
    {
        var node = TestNodes.InState("available") with
        {
            Traits = ["CUSTOM_OFF"], InstanceInfo = new JsonObject { ["traits"] = new JsonArray("CUSTOM_OFF") },
        };
        var off = Template("CUSTOM_OFF", new DeployStep("deploy", "deploy", new JsonObject(), 0));
        var decision = NodeDecisions.RequestProvision(node, new ProvisionRequest("active"), TestNodes.Ctx(), [off], [CoreStep]);
        Assert.That(decision.Work, Is.Null);
        var last = decision.Events.OfType<Events.ProvisionStateChanged>().Last();
        Assert.That((last.To, last.Target, last.LastError), Is.EqualTo(("deploy failed", "active", "No deploy steps returned by the driver")));
    }
}
