using Ironic.Actors.Domain.Periodic;

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

    /// <summary>
    /// Seconds a node entity with no work and no request stays in memory before it sleeps (passivates); 0 keeps entities
    /// awake until the shard stops them. A sleeping node costs nothing but its rows; waking it costs one recovery.
    /// </summary>
    public int NodeIdleTimeout { get; set; } = 10;

    /// <summary>
    /// A node just created sleeps as soon as its create is answered, instead of staying in memory for
    /// <see cref="NodeIdleTimeout"/>: it has nothing to do, and a fleet enrolled at thousands per second would otherwise keep
    /// every new entity awake at once (memory, and the garbage collector's pauses copying them). Its next command wakes it
    /// with one recovery. Not applied when <see cref="NodeIdleTimeout"/> is 0 (entities stay awake).
    /// </summary>
    public bool SleepAfterCreate { get; set; } = true;

    /// <summary>
    /// Seconds the read-model reconciler leaves a journal entry alone before checking that its node's row caught up with it
    /// (node entities write their rows themselves within milliseconds; the reconciler only mends rows a dead member left behind).
    /// </summary>
    public double ReadModelReconcileAfter { get; set; } = 5;

    /// <summary>How many interrupted nodes are woken at once after start-up or takeover.</summary>
    public int WakeParallelism { get; set; } = 16;

    /// <summary>Time given to in-flight driver work to finish when a node is handed off or the member leaves, seconds.</summary>
    public int HandOffGracePeriod { get; set; } = 20;

    /// <summary>Seconds between power-state sync passes ([conductor]sync_power_state_interval); 0 or less switches the sync off.</summary>
    public int SyncPowerStateInterval { get; set; } = 60;

    /// <summary>BMCs read at once by a sync pass ([conductor]sync_power_state_workers).</summary>
    public int SyncPowerStateWorkers { get; set; } = 8;

    /// <summary>Consecutive failed or mismatched syncs before a node goes into maintenance ([conductor]power_state_sync_max_retries).</summary>
    public int PowerStateSyncMaxRetries { get; set; } = 3;

    /// <summary>On a mismatch, set the BMC back to the recorded state instead of recording the BMC's ([conductor]force_power_state_during_sync).</summary>
    public bool ForcePowerStateDuringSync { get; set; } = true;

    /// <summary>Seconds between passes over nodes in maintenance for a power failure ([conductor]power_failure_recovery_interval); 0 switches them off.</summary>
    public int PowerFailureRecoveryInterval { get; set; } = 300;

    /// <summary>Seconds between provisioning time-out checks ([conductor]check_provision_state_interval); 0 switches them off.</summary>
    public int CheckProvisionStateInterval { get; set; } = 60;

    /// <summary>Seconds a node may wait in "wait call-back" ([conductor]deploy_callback_timeout); 0 = forever.</summary>
    public int DeployCallbackTimeout { get; set; } = 1800;

    /// <summary>Seconds a node may wait in "clean wait" ([conductor]clean_callback_timeout); 0 = forever.</summary>
    public int CleanCallbackTimeout { get; set; } = 1800;

    /// <summary>Seconds an inspection may wait in "inspect wait", from its start ([conductor]inspect_wait_timeout); 0 = forever.</summary>
    public int InspectWaitTimeout { get; set; } = 1800;

    /// <summary>Seconds a node may wait in "rescue wait" ([conductor]rescue_callback_timeout); 0 = forever.</summary>
    public int RescueCallbackTimeout { get; set; } = 1800;

    /// <summary>Nodes each time-out check fails per pass, oldest first ([conductor]periodic_max_workers).</summary>
    public int PeriodicMaxWorkers { get; set; } = 8;

    /// <summary>The power sync's rules as the domain takes them.</summary>
    public PowerSyncSettings PowerSync => new(PowerStateSyncMaxRetries, ForcePowerStateDuringSync);

    /// <summary>The provisioning time-outs as the domain takes them.</summary>
    public ProvisionTimeoutSettings ProvisionTimeouts =>
        ProvisionTimeoutSettings.FromSeconds(DeployCallbackTimeout, CleanCallbackTimeout, InspectWaitTimeout, RescueCallbackTimeout);
}
