using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Drivers.Abstractions;

namespace Ironic.Actors.Drivers.Agent;

/// <summary>
/// The "agent" RAID interface: the agent ramdisk builds and deletes the RAID configuration. Its clean steps
/// <c>create_configuration</c> and <c>delete_configuration</c> and its deploy step <c>apply_configuration</c> have
/// priority 0 (run when asked for: manual cleaning, a deploy template or the request's deploy steps); the agent deploy
/// sends them to the agent, and the configuration the agent reports becomes the node's <c>raid_config</c>.
/// </summary>
public sealed class AgentRaid : IRaidInterface, IAgentStepInterface
{
    public static StepDefinition CreateConfigurationStep { get; } = new(InterfaceTypes.Raid, "create_configuration", 0, false, new JsonObject
    {
        ["create_root_volume"] = new JsonObject { ["description"] = "Whether to create the root volume of the target RAID configuration. Default True.", ["required"] = false },
        ["create_nonroot_volumes"] = new JsonObject { ["description"] = "Whether to create the non-root volumes of the target RAID configuration. Default True.", ["required"] = false },
    });

    public static StepDefinition DeleteConfigurationStep { get; } = new(InterfaceTypes.Raid, "delete_configuration", 0, false, null);

    /// <summary>The deploy step, with the arguments Ironic's agent RAID interface describes.</summary>
    public static StepDefinition ApplyConfigurationStep { get; } = new(InterfaceTypes.Raid, "apply_configuration", 0, false, new JsonObject
    {
        ["raid_config"] = new JsonObject { ["description"] = "The RAID configuration to apply.", ["required"] = true },
        ["delete_existing"] = new JsonObject
        {
            ["description"] = "Setting this to 'True' indicates to delete existing RAID configuration prior to creating the new configuration. Default value is 'True'.",
            ["required"] = false,
        },
    });

    public string Name => "agent";
    public string InterfaceType => InterfaceTypes.Raid;

    public ValidationResult Validate(Node node) => ValidationResult.Ok;

    public IReadOnlyList<StepDefinition> GetCleanSteps(Node node) => [CreateConfigurationStep, DeleteConfigurationStep];

    public IReadOnlyList<StepDefinition> GetDeploySteps(Node node) => [ApplyConfigurationStep];

    public Task ExecuteCleanStepAsync(Node node, string step, JsonObject args, CancellationToken ct) =>
        Task.FromException(new DriverException($"The agent RAID step {step} runs in the agent ramdisk; node {node.Uuid} needs the direct deploy interface for it."));

    public Task ExecuteDeployStepAsync(Node node, string step, JsonObject args, CancellationToken ct) =>
        Task.FromException(new DriverException($"The agent RAID step {step} runs in the agent ramdisk; node {node.Uuid} needs the direct deploy interface for it."));

    public JsonObject BeforeAgentStep(Node node, string stepType, JsonObject step)
    {
        var name = step["step"]?.GetValue<string>();
        var args = step["args"] as JsonObject ?? [];
        switch (name)
        {
            case "create_configuration":
            {
                var (config, error) = RaidInfo.FilterTarget(node, Flag(args, "create_root_volume"), Flag(args, "create_nonroot_volumes"));
                if (error is not null)
                    throw DriverException.MissingParameter(error);
                return new JsonObject { ["target_raid_config"] = config };
            }
            case "apply_configuration":
            {
                if (args["raid_config"] is not JsonObject config)
                    throw DriverException.MissingParameter("The 'raid_config' argument is required for the apply_configuration step.");
                ((IRaidInterface)this).ValidateRaidConfig(node, config);
                return [];
            }
            case "delete_configuration":
                return [];
            default:
                throw DriverException.UnsupportedStep(stepType, InterfaceType, name ?? "");
        }
    }

    public JsonObject? AfterAgentStep(Node node, string stepType, JsonObject step, JsonObject? commandResult)
    {
        var name = step["step"]?.GetValue<string>();
        if (name == "delete_configuration")
            return [];
        var result = commandResult?[stepType == "deploy" ? "deploy_result" : "clean_result"] as JsonObject;
        if (result is null || result.Count == 0)
            throw new DriverException($"Agent ramdisk didn't return a proper command result while building RAID on {node.Uuid}. " +
                                      $"It returned '{commandResult?.ToJsonString()}' after command execution.");
        return result.Clone();
    }

    private static bool Flag(JsonObject args, string key) =>
        args[key] is not JsonValue v || (v.TryGetValue<bool>(out var b) ? b : !(v.TryGetValue<string>(out var s) && s.Equals("false", StringComparison.OrdinalIgnoreCase)));
}
