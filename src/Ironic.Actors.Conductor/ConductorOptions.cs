namespace Ironic.Actors.Conductor;

/// <summary>Settings of a conductor member (configuration section "Ironic:Conductor"), after Ironic's [conductor] options.</summary>
public sealed class ConductorOptions
{
    /// <summary>The conductor's hostname as the API shows it (Ironic's [DEFAULT]host). Defaults to the machine name.</summary>
    public string Host { get; set; } = Environment.MachineName;

    /// <summary>Conductor group this member serves ("" = ungrouped).</summary>
    public string ConductorGroup { get; set; } = "";

    /// <summary>Run automated cleaning on provide and tear-down ([conductor]automated_clean).</summary>
    public bool AutomatedClean { get; set; } = true;

    /// <summary>Allow deleting nodes in "available" ([conductor]allow_deleting_available_nodes).</summary>
    public bool AllowDeletingAvailableNodes { get; set; } = true;

    /// <summary>Time budget for one power action ([conductor]power_state_change_timeout), seconds.</summary>
    public int PowerStateChangeTimeout { get; set; } = 60;

    /// <summary>Time budget for one deploy, clean, inspect, rescue or tear-down run, seconds.</summary>
    public int ProvisionWorkTimeout { get; set; } = 1800;

    /// <summary>A node entity saves a snapshot every this many events.</summary>
    public int SnapshotEvery { get; set; } = 50;

    /// <summary>Number of shards nodes are spread over; about ten per largest expected conductor count. Never change it on a live journal.</summary>
    public int NumberOfShards { get; set; } = 100;

    /// <summary>How many interrupted nodes are woken at once after start-up or takeover.</summary>
    public int WakeParallelism { get; set; } = 16;

    /// <summary>Time given to in-flight driver work to finish when a node is handed off or the member leaves, seconds.</summary>
    public int HandOffGracePeriod { get; set; } = 20;
}
