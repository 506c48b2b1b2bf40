namespace Ironic.Actors.Drivers.Abstractions;

/// <summary>
/// How the conductor talks to the agent ramdisk (Ironic's <c>[agent]</c> options and the <c>[deploy]</c> priorities of
/// the agent's clean steps), bound from <c>Ironic:Hardware:Agent</c>.
/// </summary>
public sealed class AgentOptions
{
    /// <summary>Seconds one request to the agent may take (<c>[agent]command_timeout</c>).</summary>
    public int CommandTimeout { get; set; } = 60;

    /// <summary>Tries of a command when the agent cannot be reached (<c>[agent]max_command_attempts</c>).</summary>
    public int MaxCommandAttempts { get; set; } = 3;

    /// <summary>Seconds between those tries.</summary>
    public double CommandRetryInterval { get; set; } = 1;

    /// <summary>Polls of an asynchronous command's status (<c>[agent]command_wait_attempts</c>).</summary>
    public int CommandWaitAttempts { get; set; } = 100;

    /// <summary>Longest wait between two polls, in seconds (<c>[agent]command_wait_interval</c>); polls start faster and back off to it.</summary>
    public double CommandWaitInterval { get; set; } = 6;

    /// <summary>Power reads after asking the agent to power off (<c>[agent]post_deploy_get_power_state_retries</c>).</summary>
    public int PostDeployGetPowerStateRetries { get; set; } = 6;

    /// <summary>Seconds between them (<c>[agent]post_deploy_get_power_state_retry_interval</c>).</summary>
    public double PostDeployGetPowerStateRetryInterval { get; set; } = 5;

    /// <summary><c>[agent]stream_raw_images</c>: handed to the agent in image_info.</summary>
    public bool StreamRawImages { get; set; } = true;

    /// <summary>
    /// <c>[agent]require_tls</c>: a heartbeat whose <c>callback_url</c> is not https is refused ("TLS is required by
    /// configuration").
    /// </summary>
    public bool RequireTls { get; set; }

    /// <summary>
    /// <c>[agent]certificates_path</c>: where the CA an agent sends with its heartbeat (<c>agent_verify_ca</c>) is saved,
    /// as <c>&lt;node uuid&gt;.crt</c>. Unset: <c>certificates</c> under the data directory.
    /// </summary>
    public string? CertificatesPath { get; set; }

    /// <summary>
    /// <c>[agent]verify_ca</c>: how an https agent is verified when neither the agent's own CA nor the node's
    /// <c>driver_info.agent_verify_ca</c> says: "True" (the system's trusted authorities), "False" (not at all), or the
    /// path of a CA file.
    /// </summary>
    public string VerifyCa { get; set; } = "True";

    /// <summary><c>[deploy]erase_devices_priority</c>: null keeps the agent's (10), 0 disables.</summary>
    public int? EraseDevicesPriority { get; set; }

    /// <summary><c>[deploy]erase_devices_metadata_priority</c>: null keeps the agent's (99), 0 disables.</summary>
    public int? EraseDevicesMetadataPriority { get; set; }
}
