using System.Text.Json.Nodes;

namespace Ironic.Actors.Gateway.Rendering;

/// <summary>Ironic's link lists: <c>self</c> under <c>/v1</c>, <c>bookmark</c> without it.</summary>
public static class Links
{
    public static JsonObject Link(string href, string rel) => new() { ["href"] = href, ["rel"] = rel };

    /// <summary>Writes what <see cref="SelfAndBookmark"/> makes for <paramref name="path"/>, escaping the URLs as they need.</summary>
    private static void WriteEscaped(System.Text.StringBuilder sb, string baseUrl, string path)
    {
        sb.Append("[{\"href\": ");
        PyJson.AppendString(sb, $"{baseUrl}/v1/{path}");
        sb.Append(", \"rel\": \"self\"}, {\"href\": ");
        PyJson.AppendString(sb, $"{baseUrl}/{path}");
        sb.Append(", \"rel\": \"bookmark\"}]");
    }

    /// <summary>
    /// Writes what <see cref="SelfAndBookmark"/> makes for the path <c>collection/id</c> (<c>collection/id/sub</c> with
    /// <paramref name="sub"/>) straight to text, building no strings when the base URL and <paramref name="id"/> need no
    /// escaping (a list page writes five such lists per node).
    /// </summary>
    public static void WriteSelfAndBookmark(System.Text.StringBuilder sb, string baseUrl, string collection, string id, string? sub = null)
    {
        if (!PyJson.IsPlain(baseUrl) || !PyJson.IsPlain(id))
        {
            WriteEscaped(sb, baseUrl, sub is null ? $"{collection}/{id}" : $"{collection}/{id}/{sub}");
            return;
        }
        sb.Append("[{\"href\": \"").Append(baseUrl).Append("/v1/");
        AppendPath(sb, collection, id, sub);
        sb.Append("\", \"rel\": \"self\"}, {\"href\": \"").Append(baseUrl).Append('/');
        AppendPath(sb, collection, id, sub);
        sb.Append("\", \"rel\": \"bookmark\"}]");
    }

    private static void AppendPath(System.Text.StringBuilder sb, string collection, string id, string? sub)
    {
        sb.Append(collection).Append('/').Append(id);
        if (sub is not null)
            sb.Append('/').Append(sub);
    }

    /// <summary><c>[{self: base/v1/path}, {bookmark: base/path}]</c>; <paramref name="path"/> has no leading slash.</summary>
    public static JsonArray SelfAndBookmark(string baseUrl, string path) =>
    [
        Link($"{baseUrl}/v1/{path}", "self"),
        Link($"{baseUrl}/{path}", "bookmark"),
    ];
}
