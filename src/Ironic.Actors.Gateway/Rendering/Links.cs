using System.Text.Json.Nodes;

namespace Ironic.Actors.Gateway.Rendering;

/// <summary>Ironic's link lists: <c>self</c> under <c>/v1</c>, <c>bookmark</c> without it.</summary>
public static class Links
{
    public static JsonObject Link(string href, string rel) => new() { ["href"] = href, ["rel"] = rel };

    /// <summary>Writes what <see cref="SelfAndBookmark"/> makes, straight to text.</summary>
    public static void WriteSelfAndBookmark(System.Text.StringBuilder sb, string baseUrl, string path)
    {
        sb.Append("[{\"href\": ");
        PyJson.AppendString(sb, $"{baseUrl}/v1/{path}");
        sb.Append(", \"rel\": \"self\"}, {\"href\": ");
        PyJson.AppendString(sb, $"{baseUrl}/{path}");
        sb.Append(", \"rel\": \"bookmark\"}]");
    }

    /// <summary><c>[{self: base/v1/path}, {bookmark: base/path}]</c>; <paramref name="path"/> has no leading slash.</summary>
    public static JsonArray SelfAndBookmark(string baseUrl, string path) =>
    [
        Link($"{baseUrl}/v1/{path}", "self"),
        Link($"{baseUrl}/{path}", "bookmark"),
    ];
}
