using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Drivers.Abstractions;

namespace Ironic.Actors.Drivers.Redfish;

/// <summary>
/// The "redfish" inspect interface: synchronous, out-of-band inspection from the node's Redfish ComputerSystem and its
/// Processors, EthernetInterfaces, SimpleStorage and Storage resources (see <see cref="RedfishInspection"/> for what is
/// concluded). The node gets the properties, a port for each enabled NIC it lacks, and an inventory. Storage that the
/// BMC fails to describe counts as no disk, as in Ironic; other read failures fail the inspection.
/// </summary>
public sealed class RedfishInspect(RedfishClient client) : IInspectInterface
{
    public string Name => "redfish";
    public string InterfaceType => InterfaceTypes.Inspect;

    public IReadOnlyDictionary<string, string> GetProperties() => RedfishDriverInfo.Properties;

    public ValidationResult Validate(Node node) =>
        RedfishDriverInfo.TryParse(node) is { Error: { } error } ? ValidationResult.Fail(error) : ValidationResult.Ok;

    public async Task<InspectionResult> InspectAsync(Node node, CancellationToken ct)
    {
        var info = RedfishDriverInfo.Parse(node);
        var facts = await ReadFactsAsync(info, ct).ConfigureAwait(false);
        var (findings, error) = RedfishInspection.Evaluate(node.Uuid, node.Properties, facts);
        if (error is not null)
            throw new DriverException(error);
        return new InspectionResult(findings!.Properties, Macs: findings.Macs, Inventory: findings.Inventory);
    }

    /// <summary>Reads the system and the members of the collections it links to.</summary>
    public async Task<RedfishHardwareFacts> ReadFactsAsync(RedfishDriverInfo info, CancellationToken ct)
    {
        var system = await client.GetSystemAsync(info, ct).ConfigureAwait(false);
        var processors = await MembersAsync(info, system.Body["Processors"], ct).ConfigureAwait(false);
        var nics = await MembersAsync(info, system.Body["EthernetInterfaces"], ct).ConfigureAwait(false);
        var simple = await OptionalAsync(() => MembersAsync(info, system.Body["SimpleStorage"], ct)).ConfigureAwait(false);
        var drives = new List<JsonObject>();
        var volumes = new List<JsonObject>();
        foreach (var storage in await OptionalAsync(() => MembersAsync(info, system.Body["Storage"], ct)).ConfigureAwait(false))
        {
            foreach (var link in storage["Drives"] as JsonArray ?? [])
            {
                if (Link(link) is { } drivePath &&
                    await OptionalAsync(async () => await client.SendAsync(info, HttpMethod.Get, drivePath, null, ct).ConfigureAwait(false) is { } d ? [d] : [])
                        .ConfigureAwait(false) is { Count: > 0 } drive)
                    drives.Add(drive[0]);
            }
            volumes.AddRange(await OptionalAsync(() => MembersAsync(info, storage["Volumes"], ct)).ConfigureAwait(false));
        }
        return new RedfishHardwareFacts(system.Body, processors, nics, simple, drives, volumes);
    }

    private async Task<IReadOnlyList<JsonObject>> MembersAsync(RedfishDriverInfo info, JsonNode? collectionLink, CancellationToken ct)
    {
        if (Link(collectionLink) is not { } path)
            return [];
        var collection = await client.SendAsync(info, HttpMethod.Get, path, null, ct).ConfigureAwait(false);
        var members = new List<JsonObject>();
        foreach (var member in collection?["Members"] as JsonArray ?? [])
        {
            if (Link(member) is { } memberPath &&
                await client.SendAsync(info, HttpMethod.Get, memberPath, null, ct).ConfigureAwait(false) is { } body)
                members.Add(body);
        }
        return members;
    }

    /// <summary>Storage the BMC cannot describe is treated as absent (Ironic logs sushy's error and goes on).</summary>
    private static async Task<IReadOnlyList<JsonObject>> OptionalAsync(Func<Task<IReadOnlyList<JsonObject>>> read)
    {
        try
        {
            return await read().ConfigureAwait(false);
        }
        catch (DriverException)
        {
            return [];
        }
    }

    private static string? Link(JsonNode? node) => node?["@odata.id"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
