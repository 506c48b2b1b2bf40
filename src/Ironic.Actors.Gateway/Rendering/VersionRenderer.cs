using System.Text.Json.Nodes;
using Ironic.Actors.Gateway.Versioning;

namespace Ironic.Actors.Gateway.Rendering;

/// <summary>The root document (GET /) and the v1 discovery document (GET /v1).</summary>
public static class VersionRenderer
{
    private const string Description =
        "Ironic is an OpenStack project which enables the provision and management of baremetal machines.";

    private const string DocsUrl = "https://docs.openstack.org//ironic/latest/contributor//webapi.html";

    /// <summary>Resources announced by GET /v1 beyond the always-present ones, with the version that added them.</summary>
    private static readonly (string Name, int Since)[] Optional =
    [
        ("portgroups", 23), ("volume", 32), ("lookup", 22), ("heartbeat", 22), ("conductors", 49),
        ("allocations", 52), ("events", 54), ("deploy_templates", 55), ("shards", 82),
    ];

    public static JsonObject VersionObject(string baseUrl) => new()
    {
        ["id"] = "v1",
        ["links"] = new JsonArray(Links.Link($"{baseUrl}/v1/", "self")),
        ["status"] = "CURRENT",
        ["min_version"] = ApiVersions.Minimum.ToString(),
        ["version"] = ApiVersions.Maximum.ToString(),
    };

    public static JsonObject Root(string baseUrl) => new()
    {
        ["name"] = "OpenStack Ironic API",
        ["description"] = Description,
        ["default_version"] = VersionObject(baseUrl),
        ["versions"] = new JsonArray(VersionObject(baseUrl)),
    };

    public static JsonObject V1(string baseUrl, ApiVersion version)
    {
        var describedBy = Links.Link(DocsUrl, "describedby");
        describedBy["type"] = "text/html";
        var result = new JsonObject
        {
            ["id"] = "v1",
            ["links"] = new JsonArray(Links.Link($"{baseUrl}/v1/", "self"), describedBy),
            ["media_types"] = new JsonObject
            {
                ["base"] = "application/json",
                ["type"] = "application/vnd.openstack.ironic.v1+json",
            },
        };
        foreach (var resource in new[] { "chassis", "nodes", "ports", "drivers" })
            result[resource] = Links.SelfAndBookmark(baseUrl, resource + "/");
        result["version"] = VersionObject(baseUrl);
        foreach (var (name, since) in Optional)
            if (version.AtLeast(since))
                result[name] = Links.SelfAndBookmark(baseUrl, name + "/");
        return result;
    }
}
