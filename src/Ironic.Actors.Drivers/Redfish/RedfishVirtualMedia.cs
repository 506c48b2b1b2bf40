using System.Text.Json.Nodes;
using Ironic.Actors.Drivers.Abstractions;

namespace Ironic.Actors.Drivers.Redfish;

/// <summary>One VirtualMedia device of a manager, as last read.</summary>
public sealed record RedfishVirtualMediaDevice(string Path, JsonObject Body)
{
    public IReadOnlyList<string> MediaTypes =>
        (Body["MediaTypes"] as JsonArray ?? []).Select(t => (t as JsonValue)?.ToString()).OfType<string>().ToList();

    public bool Inserted => Body["Inserted"] is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.True;
    public string? Image => (Body["Image"] as JsonValue)?.ToString();

    /// <summary>A CD, or a DVD drive (which takes CD images too, as on some blades).</summary>
    public bool IsOptical => MediaTypes.Contains("CD") || MediaTypes.Contains("DVD");

    public string? ActionTarget(string action) => Body["Actions"]?[action]?["target"]?.GetValue<string>();
}

/// <summary>
/// The virtual media of a node's system (what sushy's VirtualMedia resources do for Ironic): the managers come from
/// the system's <c>Links.ManagedBy</c>, each manager's <c>VirtualMedia</c> collection lists the devices. Images are
/// inserted with <c>#VirtualMedia.InsertMedia</c> and ejected with <c>#VirtualMedia.EjectMedia</c>, or with a PATCH of
/// the device when the BMC offers no such action.
/// </summary>
public sealed class RedfishVirtualMedia(RedfishClient client)
{
    /// <summary>The optical devices of every manager of the system, in the order the BMC lists them.</summary>
    public async Task<IReadOnlyList<RedfishVirtualMediaDevice>> OpticalDevicesAsync(RedfishDriverInfo info, RedfishSystem system, CancellationToken ct)
    {
        var devices = new List<RedfishVirtualMediaDevice>();
        foreach (var manager in ManagersOf(system))
        {
            var body = await client.SendAsync(info, HttpMethod.Get, manager, null, ct).ConfigureAwait(false);
            if (body?["VirtualMedia"]?["@odata.id"]?.GetValue<string>() is not { } collectionPath)
                continue;
            var collection = await client.SendAsync(info, HttpMethod.Get, collectionPath, null, ct).ConfigureAwait(false);
            foreach (var member in (collection?["Members"] as JsonArray ?? []).Select(m => m?["@odata.id"]?.GetValue<string>()).OfType<string>())
            {
                var device = await client.SendAsync(info, HttpMethod.Get, member, null, ct).ConfigureAwait(false);
                if (device is not null && new RedfishVirtualMediaDevice(member, device) is { IsOptical: true } optical)
                    devices.Add(optical);
            }
        }
        return devices;
    }

    /// <summary>
    /// Inserts <paramref name="image"/> into the first optical device that is free (or already holds it), write-protected.
    /// Fails with Ironic's texts when there is no such device or the BMC refuses.
    /// </summary>
    public async Task InsertAsync(RedfishDriverInfo info, RedfishSystem system, string image, CancellationToken ct)
    {
        var devices = await OpticalDevicesAsync(info, system, ct).ConfigureAwait(false);
        if (devices.Any(d => d.Inserted && d.Image == image))
            return;
        var free = devices.FirstOrDefault(d => !d.Inserted)
            ?? throw DriverException.InvalidParameter(
                $"No suitable virtual media device found for node {info.NodeUuid} to mount image {image}" +
                (devices.Count == 0 ? " (the BMC's managers list no CD or DVD virtual media)." : " (every CD/DVD device is in use)."));
        try
        {
            var body = new JsonObject { ["Image"] = image, ["Inserted"] = true, ["WriteProtected"] = true };
            if (free.ActionTarget("#VirtualMedia.InsertMedia") is { } target)
                await client.SendAsync(info, HttpMethod.Post, target, body, ct).ConfigureAwait(false);
            else
                await client.SendAsync(info, HttpMethod.Patch, free.Path, body, ct).ConfigureAwait(false);
        }
        catch (DriverException e)
        {
            throw new DriverException($"Virtual media mount failed for node {info.NodeUuid} with image {image}. Error: {e.Message}", e);
        }
    }

    /// <summary>Ejects whatever is in the system's optical devices; nothing to do when they are empty.</summary>
    public async Task EjectAllAsync(RedfishDriverInfo info, RedfishSystem system, CancellationToken ct)
    {
        foreach (var device in await OpticalDevicesAsync(info, system, ct).ConfigureAwait(false))
        {
            if (!device.Inserted)
                continue;
            if (device.ActionTarget("#VirtualMedia.EjectMedia") is { } target)
                await client.SendAsync(info, HttpMethod.Post, target, new JsonObject(), ct).ConfigureAwait(false);
            else
                await client.SendAsync(info, HttpMethod.Patch, device.Path, new JsonObject { ["Image"] = null, ["Inserted"] = false }, ct).ConfigureAwait(false);
        }
    }

    private static IEnumerable<string> ManagersOf(RedfishSystem system) =>
        (system.Body["Links"]?["ManagedBy"] as JsonArray ?? []).Select(m => m?["@odata.id"]?.GetValue<string>()).OfType<string>();
}
