namespace Ironic.Actors.Protocol.Conductors;

/// <summary>Questions to the conductor actor every conductor member runs (for /v1/conductors and /v1/drivers).</summary>
public static class ConductorMessages
{
    public sealed record GetConductorInfo : IIronicMessage
    {
        public static readonly GetConductorInfo Instance = new();
    }

    /// <summary>What a conductor offers; <paramref name="HardwareTypes"/> describe each enabled hardware type.</summary>
    public sealed record ConductorInfo(
        string Hostname,
        string ConductorGroup,
        IReadOnlyList<HardwareTypeInfo> HardwareTypes,
        DateTimeOffset StartedAt) : IIronicMessage;

    /// <summary>Every conductor registered in the cluster's database, alive or not (asked of the read model). Answers <see cref="Registered"/>.</summary>
    public sealed record ListRegistered : IIronicMessage
    {
        public static readonly ListRegistered Instance = new();
    }

    public sealed record Registered(IReadOnlyList<ConductorInfo> Conductors) : IIronicMessage;

    /// <summary>One hardware type: the default and enabled implementations per interface type, and its driver_info keys.</summary>
    public sealed record HardwareTypeInfo(
        string Name,
        IReadOnlyDictionary<string, string?> DefaultInterfaces,
        IReadOnlyDictionary<string, IReadOnlyList<string>> EnabledInterfaces,
        IReadOnlyDictionary<string, string> Properties) : IIronicMessage;
}
