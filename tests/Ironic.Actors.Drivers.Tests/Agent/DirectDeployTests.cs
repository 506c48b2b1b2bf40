using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Domain.States;
using Ironic.Actors.Domain.Templates;
using Ironic.Actors.Drivers.Abstractions;
using Ironic.Actors.Drivers.Agent;
using Ironic.Actors.Drivers.Deploy;
using Ironic.Actors.Drivers.Fake;
using NUnit.Framework;

namespace Ironic.Actors.Drivers.Tests.Agent;

/// <summary>
/// The direct deploy's heartbeat-driven steps against a stub agent, with fake power and boot: what it asks the agent
/// (image_info), where it leaves the node (waiting, with its progress, or done), and how it reads the agent's answers.
/// </summary>
public class DirectDeployTests
{
    private const string AgentUrl = "http://192.0.2.7:9999";

    /// <summary>A stub agent: commands posted are recorded and answered by <see cref="Post"/>; GET lists <see cref="Listed"/>.</summary>
    private sealed class StubAgent : HttpMessageHandler
    {
        public List<JsonObject> Posted { get; } = [];
        public Func<string, HttpResponseMessage> Post { get; set; } = name => Answer(name, "RUNNING");
        public List<JsonObject> Listed { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            if (request.Method == HttpMethod.Get)
                return Json(HttpStatusCode.OK, new JsonObject { ["commands"] = new JsonArray(Listed.Select(c => (JsonNode)c.DeepClone()).ToArray()) });
            var body = (JsonObject)JsonNode.Parse(await request.Content!.ReadAsStringAsync(ct))!;
            Posted.Add(body);
            return Post(body["name"]!.GetValue<string>());
        }

        public static JsonObject Command(string name, string status, JsonObject? error = null, JsonObject? result = null) => new()
        {
            ["id"] = Guid.NewGuid().ToString(),
            ["command_name"] = name[(name.IndexOf('.') + 1)..],
            ["command_status"] = status,
            ["command_error"] = error,
            ["command_result"] = result,
        };

        public static HttpResponseMessage Answer(string name, string status, JsonObject? result = null) =>
            Json(HttpStatusCode.OK, Command(name, status, null, result));

        public static HttpResponseMessage Json(HttpStatusCode status, JsonObject json) =>
            new(status) { Content = new StringContent(json.ToJsonString(), Encoding.UTF8, "application/json") };
    }

    private static (DirectDeploy Deploy, NodeDrivers Drivers) Create(StubAgent stub, AgentOptions? options = null)
    {
        options ??= new AgentOptions { CommandRetryInterval = 0, PostDeployGetPowerStateRetries = 1, PostDeployGetPowerStateRetryInterval = 0 };
        var deploy = new DirectDeploy(new AgentClient(options, TimeProvider.System, stub), options, TimeProvider.System);
        return (deploy, new NodeDrivers(new FakePower(), new FakeManagement(), new FakeBoot()));
    }

    private static Node Waiting(JsonObject? progress = null)
    {
        var dii = new JsonObject { ["agent_url"] = AgentUrl, ["agent_secret_token"] = "tok" };
        foreach (var (key, value) in progress ?? [])
            dii[key] = value?.DeepClone();
        return TestNodes.FakeNode(PowerStates.PowerOn) with
        {
            ProvisionState = ProvisionStates.Deploying,
            Interfaces = TestNodes.FakeInterfaces with { Deploy = "direct" },
            DriverInternalInfo = dii,
            InstanceInfo = new JsonObject
            {
                ["image_source"] = "http://images.example.org/glance/ubuntu-22.04.raw",
                ["image_os_hash_algo"] = "sha512",
                ["image_os_hash_value"] = "abc123",
                ["image_disk_format"] = "raw",
            },
        };
    }

    [Test]
    public async Task A_fresh_agent_is_asked_to_write_the_image_and_the_node_waits_for_it()
    {
        var stub = new StubAgent();
        var (deploy, drivers) = Create(stub);
        var node = Waiting();

        var outcome = await deploy.ContinueDeployAsync(node, drivers, _ => null, (_, _, _, _) => Task.CompletedTask, CancellationToken.None);

        Assert.That(outcome.Waiting, Is.True);
        Assert.That(outcome.InternalInfo!.ToJsonString(), Is.EqualTo(
            """{"agent_cached_deploy_steps":{},"steps_validated":true,"agent_pending_deploy_steps":null,"agent_deploy_step":"write_image","deploy_step_index":1}"""),
            "the agent's steps (none here) are loaded and the final list checked at its first call-back, as Ironic does");
        Assert.That(outcome.CurrentStep!.ToJsonString(), Is.EqualTo("""{"step":"write_image","priority":80,"argsinfo":null,"interface":"deploy"}"""),
            "the step as the plan holds it (Ironic shows the driver's step dict)");
        Assert.That(stub.Posted.Select(p => p["name"]!.GetValue<string>()), Is.EqualTo(new[] { "deploy.get_deploy_steps", "deploy.execute_deploy_step" }));
        var posted = stub.Posted[1];
        var step = posted["params"]!["step"]!;
        Assert.That(step["step"]!.GetValue<string>(), Is.EqualTo("write_image"));
        Assert.That(step["args"]!["image_info"]!.ToJsonString(), Is.EqualTo(new JsonObject
        {
            ["id"] = "ubuntu-22.04.raw",
            ["urls"] = new JsonArray("http://images.example.org/glance/ubuntu-22.04.raw"),
            ["disk_format"] = "raw",
            ["container_format"] = "bare",
            ["stream_raw_images"] = true,
            ["node_uuid"] = node.Uuid.ToString(),
            ["os_hash_algo"] = "sha512",
            ["os_hash_value"] = "abc123",
        }.ToJsonString()));
        Assert.That(posted["params"]!["node"]!["driver_internal_info"]!.AsObject().ContainsKey("agent_secret_token"), Is.False,
            "the token is not sent back in the node");
    }

    [Test]
    public async Task While_the_agent_still_writes_nothing_is_asked_and_the_node_waits_on()
    {
        var stub = new StubAgent();
        stub.Listed.Add(StubAgent.Command("deploy.execute_deploy_step", "RUNNING"));
        var (deploy, drivers) = Create(stub);

        var outcome = await deploy.ContinueDeployAsync(Waiting(new JsonObject { [AgentStepKeys.DeployStep] = "write_image" }), drivers, _ => null, (_, _, _, _) => Task.CompletedTask, CancellationToken.None);

        Assert.That(outcome.Waiting, Is.True);
        Assert.That(outcome.InternalInfo!.ToJsonString(), Is.EqualTo("""{"agent_deploy_step":"write_image"}"""));
        Assert.That(stub.Posted, Is.Empty);
    }

    [Test]
    public async Task Once_the_image_is_written_the_agent_powers_off_and_the_instance_boots()
    {
        var stub = new StubAgent();
        stub.Listed.Add(StubAgent.Command("deploy.execute_deploy_step", "SUCCEEDED"));
        var (deploy, drivers) = Create(stub);

        var outcome = await deploy.ContinueDeployAsync(Waiting(new JsonObject { [AgentStepKeys.DeployStep] = "write_image" }), drivers, _ => null, (_, _, _, _) => Task.CompletedTask, CancellationToken.None);

        Assert.That(outcome, Is.EqualTo(outcome with { Success = true, Waiting = false, PowerState = PowerStates.PowerOn, Error = null }));
        Assert.That(outcome.InternalInfo!.ToJsonString(), Is.EqualTo("""{"agent_deploy_step":null}"""));
        Assert.That(stub.Posted.Select(p => p["name"]!.GetValue<string>()), Is.EqualTo(new[] { "standby.power_off" }));
    }

    [Test]
    public async Task A_failed_write_fails_the_deploy_with_the_agents_details_in_Ironics_words()
    {
        var stub = new StubAgent();
        stub.Listed.Add(StubAgent.Command("deploy.execute_deploy_step", "FAILED", new JsonObject
        {
            ["type"] = "ImageChecksumError", ["code"] = 500, ["message"] = "Error verifying image checksum",
            ["details"] = "Image failed to verify against checksum.",
        }));
        var (deploy, drivers) = Create(stub);
        var node = Waiting(new JsonObject { [AgentStepKeys.DeployStep] = "write_image" });

        var outcome = await deploy.ContinueDeployAsync(node, drivers, _ => null, (_, _, _, _) => Task.CompletedTask, CancellationToken.None);

        Assert.That(outcome.Success, Is.False);
        Assert.That(outcome.Error, Is.EqualTo($"Deploy step deploy.write_image failed on node {node.Uuid}. Image failed to verify against checksum."));
        Assert.That(outcome.ErrorIsFinal, Is.True, "the whole last_error, as agent_base words it");
        Assert.That(stub.Posted, Is.Empty);
    }

    [Test]
    public async Task A_busy_agent_leaves_the_node_waiting_for_the_next_heartbeat()
    {
        var stub = new StubAgent
        {
            Post = _ => StubAgent.Json(HttpStatusCode.Conflict, new JsonObject { ["faultcode"] = "Client", ["faultstring"] = "Agent is busy" }),
        };
        var (deploy, drivers) = Create(stub);

        var outcome = await deploy.ContinueDeployAsync(Waiting(), drivers, _ => null, (_, _, _, _) => Task.CompletedTask, CancellationToken.None);

        Assert.That(outcome.Waiting, Is.True);
        Assert.That(outcome.InternalInfo, Is.Null, "no progress recorded: the write has not started");
    }

    [TestCase(null, new[] { "erase_devices_metadata", "erase_devices" })]
    [TestCase(0, new[] { "erase_devices_metadata" })]
    public async Task Automated_cleaning_runs_the_agents_steps_with_a_priority_highest_first(int? eraseDevicesPriority, string[] expected)
    {
        var stub = new StubAgent
        {
            Post = name => name == "clean.get_clean_steps"
                ? StubAgent.Answer(name, "SUCCEEDED", new JsonObject
                {
                    ["clean_steps"] = new JsonObject
                    {
                        ["GenericHardwareManager"] = new JsonArray(
                            new JsonObject { ["step"] = "erase_devices", ["priority"] = 10, ["interface"] = "deploy" },
                            new JsonObject { ["step"] = "erase_pstore", ["priority"] = 0, ["interface"] = "deploy" },
                            new JsonObject { ["step"] = "erase_devices_metadata", ["priority"] = 99, ["interface"] = "deploy" }),
                    },
                })
                : StubAgent.Answer(name, "RUNNING"),
        };
        var options = new AgentOptions { CommandRetryInterval = 0, EraseDevicesPriority = eraseDevicesPriority };
        var (deploy, drivers) = Create(stub, options);
        var node = Waiting() with { ProvisionState = ProvisionStates.Cleaning };

        var outcome = await deploy.ContinueCleanAsync(node, drivers, [], _ => null, (_, _, _, _) => Task.CompletedTask, CancellationToken.None);

        Assert.That(outcome.Waiting, Is.True);
        var steps = outcome.InternalInfo![AgentStepKeys.CleanSteps]!.AsArray();
        Assert.That(steps.Select(s => s!["step"]!.GetValue<string>()), Is.EqualTo(expected));
        Assert.That(outcome.InternalInfo[AgentStepKeys.CleanStepIndex]!.GetValue<int>(), Is.EqualTo(0));
        Assert.That(outcome.CurrentStep!["step"]!.GetValue<string>(), Is.EqualTo("erase_devices_metadata"));
        Assert.That(stub.Posted.Select(p => p["name"]!.GetValue<string>()), Is.EqualTo(new[] { "clean.get_clean_steps", "clean.execute_clean_step" }));
        Assert.That(stub.Posted[1]["params"]!["step"]!["step"]!.GetValue<string>(), Is.EqualTo("erase_devices_metadata"));
    }

    [Test]
    public async Task Cleaning_goes_on_after_the_agents_step_succeeded_and_ends_powered_off()
    {
        var stub = new StubAgent();
        stub.Listed.Add(StubAgent.Command("clean.execute_clean_step", "SUCCEEDED"));
        var (deploy, drivers) = Create(stub);
        var steps = new JsonArray(
            new JsonObject { ["interface"] = "deploy", ["step"] = "erase_devices_metadata", ["priority"] = 99, ["args"] = new JsonObject() },
            new JsonObject { ["interface"] = "bios", ["step"] = "factory_reset", ["priority"] = 0, ["args"] = new JsonObject() });
        var node = Waiting(new JsonObject { [AgentStepKeys.CleanSteps] = steps, [AgentStepKeys.CleanStepIndex] = 0 }) with
        {
            ProvisionState = ProvisionStates.Cleaning,
        };
        var local = new List<string>();

        var outcome = await deploy.ContinueCleanAsync(node, drivers, [], _ => null, (iface, step, _, _) =>
        {
            local.Add($"{iface}.{step}");
            return Task.CompletedTask;
        }, CancellationToken.None);

        Assert.That(outcome.Success && !outcome.Waiting, Is.True, outcome.Error);
        Assert.That(outcome.PowerState, Is.EqualTo(PowerStates.PowerOff));
        Assert.That(local, Is.EqualTo(new[] { "bios.factory_reset" }), "the other interfaces' steps run here");
        Assert.That(stub.Posted, Is.Empty);
        Assert.That(outcome.InternalInfo!.ToJsonString(),
            Is.EqualTo("""{"agent_clean_steps":null,"agent_clean_step_index":null,"agent_manual_clean_steps":null}"""));
    }

    [Test]
    public async Task A_failed_clean_step_of_the_agent_fails_cleaning_in_Ironics_words()
    {
        var stub = new StubAgent();
        stub.Listed.Add(StubAgent.Command("clean.execute_clean_step", "FAILED",
            new JsonObject { ["type"] = "BlockDeviceEraseError", ["message"] = "Error erasing block device" }));
        var (deploy, drivers) = Create(stub);
        var steps = new JsonArray(
            new JsonObject { ["interface"] = "deploy", ["step"] = "erase_devices", ["priority"] = 10, ["args"] = new JsonObject() });
        var node = Waiting(new JsonObject { [AgentStepKeys.CleanSteps] = steps, [AgentStepKeys.CleanStepIndex] = 0 }) with
        {
            ProvisionState = ProvisionStates.Cleaning,
        };

        var outcome = await deploy.ContinueCleanAsync(node, drivers, [], _ => null, (_, _, _, _) => Task.CompletedTask, CancellationToken.None);

        Assert.That(outcome.Success, Is.False);
        Assert.That(outcome.Error, Is.EqualTo($"Clean step deploy.erase_devices failed on node {node.Uuid}. Error erasing block device"),
            "no details: the message");
        Assert.That(outcome.ErrorIsFinal, Is.True);
    }

    /// <summary>The direct deploy's plan with a pending template step, as a deploy that started stores it.</summary>
    private static JsonObject PlanWithPending(JsonObject pendingStep) => new()
    {
        [DeployStepPlan.StepsKey] = new JsonArray([.. DirectDeploy.DeploySteps.Select(s => (JsonNode)new JsonObject
        {
            ["step"] = s.Step, ["priority"] = s.Priority, ["argsinfo"] = null, ["interface"] = s.Interface,
        })]),
        [DeployStepPlan.IndexKey] = 0,
        [FinalDeploySteps.PendingKey] = new JsonArray(new JsonObject
        {
            ["source"] = "templates", ["templates"] = "CUSTOM_X", ["step"] = pendingStep,
        }),
    };

    private static HttpResponseMessage AgentSteps(string name) => name == "deploy.get_deploy_steps"
        ? StubAgent.Answer(name, "SUCCEEDED", new JsonObject
        {
            ["deploy_steps"] = new JsonObject
            {
                ["GenericHardwareManager"] = new JsonArray(
                    new JsonObject { ["step"] = "write_image", ["priority"] = 0, ["interface"] = "deploy", ["reboot_requested"] = false },
                    new JsonObject { ["step"] = "erase_devices_metadata", ["priority"] = 0, ["interface"] = "deploy", ["reboot_requested"] = false }),
            },
            ["hardware_manager_version"] = new JsonObject { ["generic_hardware_manager"] = "1.1" },
        })
        : StubAgent.Answer(name, "RUNNING");

    [Test]
    public async Task A_template_step_the_agent_does_not_offer_fails_the_final_check_with_Ironics_words()
    {
        var stub = new StubAgent { Post = AgentSteps };
        var (deploy, drivers) = Create(stub);
        var node = Waiting(PlanWithPending(new JsonObject
        {
            ["interface"] = "deploy", ["step"] = "no_such_step", ["args"] = new JsonObject(), ["priority"] = 85,
        }));

        var outcome = await deploy.ContinueDeployAsync(node, drivers, _ => null, (_, _, _, _) => Task.CompletedTask, CancellationToken.None);

        Assert.That(outcome.Success, Is.False);
        Assert.That(outcome.ErrorIsFinal, Is.True);
        Assert.That(outcome.Error, Is.EqualTo($"Failed to validate the final deploy steps list for node {node.Uuid}: " +
            "Validation of deploy steps from deploy templates matching this node's instance traits failed. Matching deploy templates: " +
            "CUSTOM_X. Errors: node does not support this deploy step: {'interface': 'deploy', 'step': 'no_such_step', 'args': {}, 'priority': 85}"));
        Assert.That(stub.Posted.Select(p => p["name"]!.GetValue<string>()), Is.EqualTo(new[] { "deploy.get_deploy_steps" }), "no step ran");
    }

    [Test]
    public async Task An_in_band_step_the_agent_offers_joins_the_plan_at_its_priority_and_runs_on_the_agent()
    {
        var stub = new StubAgent { Post = AgentSteps };
        var (deploy, drivers) = Create(stub);
        var node = Waiting(PlanWithPending(new JsonObject
        {
            ["interface"] = "deploy", ["step"] = "erase_devices_metadata", ["args"] = new JsonObject(), ["priority"] = 85,
        }));

        var outcome = await deploy.ContinueDeployAsync(node, drivers, _ => null, (_, _, _, _) => Task.CompletedTask, CancellationToken.None);

        Assert.That(outcome.Waiting, Is.True, outcome.Error);
        var plan = outcome.InternalInfo![DeployStepPlan.StepsKey]!.AsArray().Select(s => s!["step"]!.GetValue<string>());
        Assert.That(plan, Is.EqualTo(new[]
        {
            "deploy", "erase_devices_metadata", "write_image", "prepare_instance_boot", "tear_down_agent", "switch_to_tenant_network", "boot_instance",
        }), "85: after deploy.deploy (100), before write_image (80)");
        Assert.That(outcome.InternalInfo[DeployStepPlan.IndexKey]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That(outcome.InternalInfo[AgentStepKeys.DeployStep]!.GetValue<string>(), Is.EqualTo("erase_devices_metadata"));
        Assert.That(outcome.InternalInfo[FinalDeploySteps.ValidatedKey]!.GetValue<bool>(), Is.True);
        Assert.That(stub.Posted[1]["params"]!["step"]!["step"]!.GetValue<string>(), Is.EqualTo("erase_devices_metadata"));
    }
}
