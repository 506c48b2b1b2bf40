using Ironic.Actors.Domain.Nodes;

namespace Ironic.Actors.Drivers.Abstractions;

/// <summary>Ironic's twelve interface type names and the contract each one maps to.</summary>
public static class InterfaceTypes
{
    public const string Bios = "bios";
    public const string Boot = "boot";
    public const string Console = "console";
    public const string Deploy = "deploy";
    public const string Inspect = "inspect";
    public const string Management = "management";
    public const string Network = "network";
    public const string Power = "power";
    public const string Raid = "raid";
    public const string Rescue = "rescue";
    public const string Storage = "storage";
    public const string Vendor = "vendor";

    /// <summary>All interface types in Ironic's order.</summary>
    public static IReadOnlyList<string> All => NodeInterfaces.Types;

    private static readonly Dictionary<string, Type> Contracts = new()
    {
        [Bios] = typeof(IBiosInterface),
        [Boot] = typeof(IBootInterface),
        [Console] = typeof(IConsoleInterface),
        [Deploy] = typeof(IDeployInterface),
        [Inspect] = typeof(IInspectInterface),
        [Management] = typeof(IManagementInterface),
        [Network] = typeof(INetworkInterface),
        [Power] = typeof(IPowerInterface),
        [Raid] = typeof(IRaidInterface),
        [Rescue] = typeof(IRescueInterface),
        [Storage] = typeof(IStorageInterface),
        [Vendor] = typeof(IVendorInterface),
    };

    private static readonly Dictionary<Type, string> TypesByContract = Contracts.ToDictionary(kv => kv.Value, kv => kv.Key);

    /// <summary>True for one of the twelve interface type names.</summary>
    public static bool IsKnown(string interfaceType) => Contracts.ContainsKey(interfaceType);

    /// <summary>The contract (e.g. <see cref="IPowerInterface"/>) implementations of a type must implement.</summary>
    public static Type ContractOf(string interfaceType) =>
        Contracts.TryGetValue(interfaceType, out var contract)
            ? contract
            : throw new ArgumentOutOfRangeException(nameof(interfaceType), interfaceType, "unknown interface type");

    /// <summary>The interface type name of a contract, e.g. "power" for <see cref="IPowerInterface"/>.</summary>
    public static string Of<T>() where T : IDriverInterface =>
        TypesByContract.TryGetValue(typeof(T), out var name)
            ? name
            : throw new ArgumentException($"{typeof(T).Name} is not one of the twelve interface contracts", nameof(T));

    /// <summary>Ironic's entry point namespace for a type, used in its error messages.</summary>
    public static string EntrypointOf(string interfaceType) => $"ironic.hardware.interfaces.{interfaceType}";
}
