using System.Security.Cryptography;
using System.Text.Json.Nodes;
using NUnit.Framework;

namespace Ironic.Actors.Gateway.Tests.Infrastructure;

/// <summary>Port, portgroup and chassis steps over <see cref="IronicClient"/>, each asserting Ironic's success answer.</summary>
public static class PortSteps
{
    /// <summary>The port of the POST /v1/ports sample (Ironic 21.4 at 1.78), placeholders {uuid}, {node}, {base}.</summary>
    public const string PortCreatedAt178 = """
        {"uuid": "{uuid}", "created_at": "2026-11-24T23:31:20+00:00", "updated_at": null, "address": "52:54:00:aa:bb:cc", "extra": {}, "internal_info": {}, "is_smartnic": false, "local_link_connection": {}, "physical_network": null, "pxe_enabled": true, "node_uuid": "{node}", "links": [{"href": "{base}/v1/ports/{uuid}", "rel": "self"}, {"href": "{base}/ports/{uuid}", "rel": "bookmark"}], "portgroup_uuid": null}
        """;

    /// <summary>A fresh lower-case MAC address (locally administered prefix 52:54).</summary>
    public static string UniqueMac() =>
        "52:54:" + string.Join(":", RandomNumberGenerator.GetBytes(4).Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));

    public static async Task<JsonObject> CreatePortAsync(this IronicClient api, string nodeUuid, string mac, JsonObject? more = null,
        string? version = IronicClient.DefaultVersion)
    {
        var body = new JsonObject { ["address"] = mac, ["node_uuid"] = nodeUuid };
        foreach (var (key, value) in more ?? [])
            body[key] = value?.DeepClone();
        var response = await api.PostAsync("/v1/ports", body, version);
        Expect.Status(response, 201);
        return response.Object;
    }

    public static async Task<JsonObject> CreatePortgroupAsync(this IronicClient api, string nodeUuid, JsonObject? more = null)
    {
        var body = new JsonObject { ["node_uuid"] = nodeUuid };
        foreach (var (key, value) in more ?? [])
            body[key] = value?.DeepClone();
        var response = await api.PostAsync("/v1/portgroups", body);
        Expect.Status(response, 201);
        return response.Object;
    }

    public static async Task<JsonObject> CreateChassisAsync(this IronicClient api, string? description = null)
    {
        var response = await api.PostAsync("/v1/chassis", new JsonObject { ["description"] = description });
        Expect.Status(response, 201);
        return response.Object;
    }

    /// <summary>The <c>uuid</c> of every item of a list answer (asserting 200).</summary>
    public static async Task<List<string>> UuidsAsync(this IronicClient api, string url, string collection, string? version = IronicClient.DefaultVersion)
    {
        var (items, _) = await api.ListAsync(url, collection, version);
        return items.Select(i => Expect.Str(i, "uuid")!).ToList();
    }

    /// <summary>Runs a refused write and checks that the object's GET body is exactly the same afterwards.</summary>
    public static async Task AssertRefusedAndUnchangedAsync(
        this IronicClient api, string getPath, Func<Task<IronicResponse>> write, int status, string? faultstring = null)
    {
        var before = await api.GetAsync(getPath);
        var response = await write();
        Expect.Error(response, status, faultstring);
        var after = await api.GetAsync(getPath);
        Assert.That(after.Body, Is.EqualTo(before.Body), () => $"a refused write changed {getPath}");
    }
}
