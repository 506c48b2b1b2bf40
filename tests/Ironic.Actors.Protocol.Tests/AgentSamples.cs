using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Decisions;
using Ironic.Actors.Domain.Events;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Protocol.Nodes;
using static Ironic.Actors.Protocol.Tests.Samples;

namespace Ironic.Actors.Protocol.Tests;

/// <summary>The agent's messages and the events its lookups, heartbeats and steps store.</summary>
public static class AgentSamples
{
    public const string Token = "k0D1N2f3_a4B5c6D7e8F9g0H1i2J3k4L5m6N7o8P9q0r";

    public static IEnumerable<object> OnePerType()
    {
        yield return new DriverInternalInfoChanged(NodeId,
            new JsonObject { [AgentStepKeys.DeployStep] = "write_image", ["agent_secret_token"] = Token },
            ["agent_url"], EventAt);
        yield return new AgentHeartbeatRecorded(NodeId, "http://10.1.2.3:9999", "9.4.1", EventAt);
        yield return new CurrentStepChanged(NodeId, "deploy",
            new JsonObject { ["interface"] = "deploy", ["step"] = "write_image", ["priority"] = 80, ["args"] = new JsonObject() }, EventAt);
        yield return RaidRecorded();
        yield return new AgentCommands.AgentLookup(NodeId, true, Token);
        yield return new AgentCommands.AgentLookedUp(View(), NodeDecisions.MaskedToken);
        yield return new AgentCommands.AgentHeartbeat(NodeId, "http://10.1.2.3:9999", "9.4.1", Token);
    }

    public static IEnumerable<(string Name, object Message)> Variants()
    {
        yield return ("AgentLookedUp without a token", new AgentCommands.AgentLookedUp(View(), null));
        yield return ("AgentHeartbeat of an agent without a version", new AgentCommands.AgentHeartbeat(NodeId, "https://[fd00::5]:9999", null, Token));
        yield return ("CurrentStepChanged to no step", new CurrentStepChanged(NodeId, "clean", [], EventAt));
        yield return ("RaidConfigRecorded after a delete", new RaidConfigRecorded(NodeId, [], new JsonObject { ["cpus"] = 8 }, EventAt));
        yield return ("Completed with a RAID configuration and a final error", new DriverWork.Completed(NodeId, 10, new NodeWork(WorkKind.ContinueClean),
            new WorkOutcome(false, "Node x failed step {}: no target", RaidConfig: new JsonObject { ["logical_disks"] = new JsonArray() }, ErrorIsFinal: true)));
        yield return ("DriverInternalInfoChanged only removing", new DriverInternalInfoChanged(NodeId, [], ["agent_clean_steps", "agent_clean_step_index"], EventAt));
        yield return ("Completed waiting with progress", new DriverWork.Completed(NodeId, 9, new NodeWork(WorkKind.ContinueClean),
            new WorkOutcome(true, Waiting: true, InternalInfo: new JsonObject
            {
                [AgentStepKeys.CleanSteps] = new JsonArray(new JsonObject { ["interface"] = "deploy", ["step"] = "erase_devices_metadata", ["priority"] = 99 }),
                [AgentStepKeys.CleanStepIndex] = 0,
                [AgentStepKeys.ManualCleanSteps] = null,
            })));
    }

    /// <summary>The RAID configuration the agent built, recorded with the properties it updates.</summary>
    public static RaidConfigRecorded RaidRecorded() => new(NodeId,
        new JsonObject
        {
            ["logical_disks"] = new JsonArray(new JsonObject
            {
                ["size_gb"] = 100, ["raid_level"] = "1", ["is_root_volume"] = true, ["controller"] = "software",
                ["root_device_hint"] = new JsonObject { ["name"] = "/dev/md0" }, ["physical_disks"] = new JsonArray("/dev/sda", "/dev/sdb"),
            }),
            ["last_updated"] = "2024-03-01 12:00:00.000000",
        },
        new JsonObject { ["local_gb"] = 100, ["root_device"] = new JsonObject { ["name"] = "/dev/md0" }, ["capabilities"] = "boot_mode:uefi,raid_level:1" },
        EventAt);
}
