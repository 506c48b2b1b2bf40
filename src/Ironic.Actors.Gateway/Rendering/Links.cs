using System.Text.Json.Nodes;

namespace Ironic.Actors.Gateway.Rendering;

/// <summary>Ironic's link lists: <c>self</c> under <c>/v1</c>, <c>bookmark</c> without it.</summary>
public static class Links
{
    public static JsonObject Link(string href, string rel) => new() { ["href"] = href, ["rel"] = rel };

    /// <summary><c>[{self: base/v1/path}, {bookmark: base/path}]</c>; <paramref name="path"/> has no leading slash.</summary>
    public static JsonArray SelfAndBookmark(string baseUrl, string path) =>
    [
        Link($"{baseUrl}/v1/{path}", "self"),
        Link($"{baseUrl}/{path}", "bookmark"),
    ];
}
