using System.Globalization;
using System.Text.Json.Nodes;

namespace Ironic.Actors.Gateway.Tests.Infrastructure;

/// <summary>
/// One exchange recorded from Ironic 21.4 by a tools/reference-ironic/capture-*.sh script: the request (method, path,
/// body as sent, version) and the answer (status, body text as Ironic wrote it).
/// </summary>
public sealed record ReferenceExchange(string Method, string Path, string? RequestBody, string Version, int Status, string Body)
{
    /// <summary>The answer's body as JSON (null when empty).</summary>
    public JsonNode? Json => Body.Length == 0 ? null : JsonNode.Parse(Body);

    public override string ToString() => $"{Method} {Path} {RequestBody} {Version}";
}

/// <summary>Reads the capture files in <c>Reference/</c> (copied beside the tests).</summary>
public static class ReferenceCapture
{
    /// <summary>
    /// The exchanges of <paramref name="file"/>: each is "== METHOD PATH [BODY] VERSION" (the request body has no spaces),
    /// the answer's body on one line (empty for none), then "[STATUS]".
    /// </summary>
    public static IReadOnlyList<ReferenceExchange> Load(string file)
    {
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Reference", file));
        var result = new List<ReferenceExchange>();
        for (var i = 0; i + 2 < lines.Length; i++)
        {
            if (!lines[i].StartsWith("== ", StringComparison.Ordinal))
                continue;
            var parts = lines[i][3..].Split(' ');
            var requestBody = string.Join(' ', parts[2..^1]).Trim();
            var status = int.Parse(lines[i + 2].Trim('[', ']'), CultureInfo.InvariantCulture);
            result.Add(new ReferenceExchange(parts[0], parts[1], requestBody.Length == 0 ? null : requestBody, parts[^1], status, lines[i + 1]));
            i += 2;
        }
        return result;
    }
}
