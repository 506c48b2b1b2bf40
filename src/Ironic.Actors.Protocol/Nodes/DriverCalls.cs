using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Nodes;

namespace Ironic.Actors.Protocol.Nodes;

/// <summary>
/// Synchronous driver calls a node entity asks the driver actors of its conductor to make on the node as it
/// is now (unlike <see cref="DriverWork"/>, the caller waits for the answer, a <see cref="DriverCallReplies"/>
/// message; failures answer <see cref="DriverCallReplies.Failed"/>).
/// </summary>
public static class DriverCalls
{
    /// <summary>A call to the driver actors about <see cref="Node"/>.</summary>
    public interface IDriverCall : IIronicMessage
    {
        Guid NodeId { get; }
        Node Node { get; }
    }

    /// <summary>Validate every interface but vendor; answers <see cref="DriverCallReplies.ValidationReport"/>.</summary>
    public sealed record Validate(Guid NodeId, Node Node) : IDriverCall
    {
        /// <summary>The node's volume connectors, for the storage interface (null: none).</summary>
        public IReadOnlyList<Domain.Volumes.VolumeConnector>? VolumeConnectors { get; init; }

        /// <summary>The node's volume targets, for the storage interface (null: none).</summary>
        public IReadOnlyList<Domain.Volumes.VolumeTarget>? VolumeTargets { get; init; }

        /// <summary>The node's ports, for network boot interfaces (null: none).</summary>
        public IReadOnlyList<Domain.Ports.Port>? Ports { get; init; }
    }

    /// <summary>Validate the management interface and read the boot device; answers <see cref="DriverCallReplies.BootDevice"/>.</summary>
    public sealed record GetBootDevice(Guid NodeId, Node Node) : IDriverCall;

    /// <summary>Validate the management interface and set the boot device; answers <see cref="DriverCallReplies.Done"/>.</summary>
    public sealed record SetBootDevice(Guid NodeId, Node Node, string Device, bool Persistent) : IDriverCall;

    /// <summary>Boot devices the management interface can set; answers <see cref="DriverCallReplies.SupportedBootDevices"/>.</summary>
    public sealed record GetSupportedBootDevices(Guid NodeId, Node Node) : IDriverCall;

    /// <summary>The vendor interface's passthru methods; answers <see cref="DriverCallReplies.VendorMethods"/>.</summary>
    public sealed record GetVendorMethods(Guid NodeId, Node Node) : IDriverCall;

    /// <summary>
    /// Checks a vendor passthru call before it is accepted (the method exists, takes the HTTP method, gets the
    /// arguments it needs); answers <see cref="DriverCallReplies.VendorCallPlan"/> with how it must run.
    /// </summary>
    public sealed record PrepareVendorCall(Guid NodeId, Node Node, string Method, string HttpMethod, JsonNode? Body) : IDriverCall;

    /// <summary>Runs a prepared vendor passthru method; answers <see cref="DriverCallReplies.VendorCallResult"/>.</summary>
    public sealed record InvokeVendorMethod(Guid NodeId, Node Node, string Method, string HttpMethod, JsonNode? Body) : IDriverCall;

    /// <summary>
    /// Reads the power state from the BMC for the periodic sync; answers <see cref="DriverCallReplies.PowerRead"/>
    /// (never Failed: a failed read is a <see cref="Domain.Periodic.PowerReading"/> with its error). The power
    /// interface is validated first when <paramref name="AlwaysValidate"/> is set or the node has no power state yet.
    /// </summary>
    public sealed record ReadPowerState(Guid NodeId, Node Node, bool AlwaysValidate) : IDriverCall;

    /// <summary>Validate the console interface (no console is started); answers <see cref="DriverCallReplies.Done"/>.</summary>
    public sealed record ValidateConsole(Guid NodeId, Node Node) : IDriverCall;

    /// <summary>Validate the console interface and start or stop the console; answers <see cref="DriverCallReplies.Done"/>.</summary>
    public sealed record SwitchConsole(Guid NodeId, Node Node, bool Enabled) : IDriverCall;

    /// <summary>
    /// Validate the console interface and read how to reach the console; answers <see cref="DriverCallReplies.ConsoleState"/>.
    /// </summary>
    public sealed record GetConsoleInfo(Guid NodeId, Node Node) : IDriverCall;

    /// <summary>
    /// Let the RAID interface check a target RAID configuration; answers <see cref="DriverCallReplies.Done"/>, or Failed
    /// with 404 when the node's RAID interface cannot configure RAID (Ironic's API answers 404 there).
    /// </summary>
    public sealed record ValidateRaidConfig(Guid NodeId, Node Node, JsonObject Config) : IDriverCall;

    /// <summary>The interface type whose driver actor makes <paramref name="call"/>.</summary>
    public static string InterfaceOf(IDriverCall call) => call switch
    {
        ReadPowerState => "power",
        PrepareVendorCall or InvokeVendorMethod or GetVendorMethods => "vendor",
        ValidateConsole or SwitchConsole or GetConsoleInfo => "console",
        ValidateRaidConfig => "raid",
        _ => "management",
    };
}

/// <summary>Answers of driver calls; the node entity passes them on to the API unchanged.</summary>
public static class DriverCallReplies
{
    /// <summary>One interface's validation, as an entry of GET /validate.</summary>
    public sealed record InterfaceValidation(string Interface, bool Result, string? Reason);

    /// <summary>Every interface but vendor, in Ironic's order of interface types.</summary>
    public sealed record ValidationReport(IReadOnlyList<InterfaceValidation> Interfaces) : IIronicMessage;

    /// <summary>The boot device (and whether it persists), nulls when the driver cannot tell.</summary>
    public sealed record BootDevice(string? Device, bool? Persistent) : IIronicMessage;

    /// <summary>Boot devices the management interface can set on the node.</summary>
    public sealed record SupportedBootDevices(IReadOnlyList<string> Devices) : IIronicMessage;

    /// <summary>A vendor passthru method as GET /vendor_passthru/methods describes it.</summary>
    public sealed record VendorMethodInfo(
        string Name, IReadOnlyList<string> HttpMethods, bool Async, string Description, bool Attach, bool RequireExclusiveLock);

    /// <summary>The node's vendor passthru methods, ordered by name.</summary>
    public sealed record VendorMethods(IReadOnlyList<VendorMethodInfo> Methods) : IIronicMessage;

    /// <summary>A vendor passthru call passed its checks; <paramref name="Method"/> says how it runs (lock, async).</summary>
    public sealed record VendorCallPlan(VendorMethodInfo Method) : IIronicMessage;

    /// <summary>
    /// A vendor passthru call's answer: for a synchronous method its return value (200), for an asynchronous
    /// one nothing yet (202). <paramref name="Attach"/>: the value is sent as a file rather than as JSON.
    /// </summary>
    public sealed record VendorCallResult(bool Async, bool Attach, JsonNode? Return) : IIronicMessage;

    /// <summary>What the BMC said to <see cref="DriverCalls.ReadPowerState"/>.</summary>
    public sealed record PowerRead(Domain.Periodic.PowerReading Reading) : IIronicMessage;

    /// <summary>
    /// GET /states/console: whether the console is enabled and, when it is, how to reach it (the console interface's
    /// <c>console_info</c>, e.g. <c>{"type": "shellinabox", "url": ...}</c>; empty for the fake console).
    /// </summary>
    public sealed record ConsoleState(bool Enabled, JsonObject? Info) : IIronicMessage;

    /// <summary>The call finished and has nothing to say (e.g. the boot device is set).</summary>
    public sealed record Done : IIronicMessage
    {
        public static readonly Done Instance = new();
    }

    /// <summary>The driver refused or failed; <paramref name="Status"/> is the HTTP status Ironic answers with (400, 500, ...).</summary>
    public sealed record Failed(int Status, string Message) : IIronicMessage;
}
