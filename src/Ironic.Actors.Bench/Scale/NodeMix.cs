using System.Text.Json;

namespace Ironic.Actors.Bench.Scale;

/// <summary>
/// The nodes the benchmark creates: fake-hardware nodes with a realistic spread of resource classes, owners and
/// lessees, so that filtered lists select a known share (bm.large and bm.gpu 10 % each, each owner project 5 %,
/// lessee tenant-x 5 %), and the filters that select them.
/// </summary>
internal static class NodeMix
{
    /// <summary>One in ten nodes is bm.large: a filter that still fills a 1,000-node page among 10,000 nodes.</summary>
    public const string LargeClass = "bm.large";

    /// <summary>One in twenty nodes belongs to project-1.</summary>
    public const string SomeOwner = "project-1";

    /// <summary>The filtered detailed lists timed (label suffix, query), 1,000 per page.</summary>
    public static readonly IReadOnlyList<(string Label, string Query)> Filters =
    [
        ("resource_class", $"/v1/nodes/detail?resource_class={LargeClass}&limit=1000"),
        ("provision_state+name", "/v1/nodes/detail?provision_state=enroll&limit=1000&sort_key=name"),
        ("owner", $"/v1/nodes/detail?owner={SomeOwner}&limit=1000"),
    ];

    /// <summary>The POST /v1/nodes body of the <paramref name="index"/>th node.</summary>
    public static string Body(string name, int index)
    {
        var (resourceClass, cpus) = (index % 10) switch
        {
            < 5 => ("bm.small", 8),
            < 8 => ("bm.medium", 16),
            8 => (LargeClass, 32),
            _ => ("bm.gpu", 64),
        };
        var owner = index % 5 == 0 ? $"project-{index / 5 % 4}" : null;
        var lessee = index % 20 == 10 ? "tenant-x" : null;
        var body = new Dictionary<string, object?>
        {
            ["driver"] = "fake-hardware",
            ["name"] = name,
            ["resource_class"] = resourceClass,
            ["conductor_group"] = "",
            ["properties"] = new Dictionary<string, object>
            {
                ["cpus"] = cpus,
                ["memory_mb"] = cpus * 8192,
                ["local_gb"] = 500,
                ["cpu_arch"] = "x86_64",
                ["capabilities"] = "boot_mode:uefi",
            },
        };
        if (owner is not null)
            body["owner"] = owner;
        if (lessee is not null)
            body["lessee"] = lessee;
        return JsonSerializer.Serialize(body);
    }

    /// <summary>The uuid of a created node, from the POST's answer.</summary>
    public static string UuidOf(string createdBody)
    {
        using var json = JsonDocument.Parse(createdBody);
        return json.RootElement.GetProperty("uuid").GetString() ?? throw new InvalidOperationException("created node without uuid");
    }
}
