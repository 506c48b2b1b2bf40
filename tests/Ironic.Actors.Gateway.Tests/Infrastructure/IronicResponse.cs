using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using NUnit.Framework;

namespace Ironic.Actors.Gateway.Tests.Infrastructure;

/// <summary>One HTTP exchange, fully read: status, headers, body text, and the body parsed as JSON or as an Ironic error.</summary>
public sealed class IronicResponse
{
    private readonly Lazy<JsonNode?> _json;
    private readonly Lazy<IronicError?> _error;

    public IronicResponse(string method, string path, string? version, string? requestBody, HttpResponseMessage response, string body)
    {
        Method = method;
        Path = path;
        RequestVersion = version;
        RequestBody = requestBody;
        StatusCode = (int)response.StatusCode;
        Headers = response.Headers
            .Concat(response.Content.Headers)
            .GroupBy(h => h.Key, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => string.Join(", ", g.SelectMany(h => h.Value)), StringComparer.OrdinalIgnoreCase);
        ContentType = response.Content.Headers.ContentType;
        Location = response.Headers.Location;
        Body = body;
        _json = new Lazy<JsonNode?>(ParseJson);
        _error = new Lazy<IronicError?>(() => IronicError.TryParse(body));
    }

    public string Method { get; }

    public string Path { get; }

    /// <summary>The version header the request carried (null: none).</summary>
    public string? RequestVersion { get; }

    public string? RequestBody { get; }

    public int StatusCode { get; }

    /// <summary>All response and content headers, names case-insensitive.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    public MediaTypeHeaderValue? ContentType { get; }

    public Uri? Location { get; }

    public string Body { get; }

    /// <summary>The body parsed as JSON (throws with the raw text if it is not JSON).</summary>
    public JsonNode? Json => _json.Value;

    /// <summary>The body as a JSON object (fails the test if it is something else).</summary>
    public JsonObject Object => Json as JsonObject
        ?? throw new AssertionException($"Expected a JSON object body.{Environment.NewLine}{this}");

    /// <summary>The Ironic error carried by the body, or null when the body is not shaped like one.</summary>
    public IronicError? Error => _error.Value;

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(Method).Append(' ').Append(Path)
            .Append(RequestVersion is null ? " (no version header)" : $" (version {RequestVersion})");
        if (RequestBody is not null)
            text.Append(" body: ").Append(Truncate(RequestBody, 300));
        text.AppendLine().Append("  -> ").Append(StatusCode);
        foreach (var (name, value) in Headers.OrderBy(h => h.Key, StringComparer.OrdinalIgnoreCase))
            text.AppendLine().Append("  ").Append(name).Append(": ").Append(value);
        text.AppendLine().Append("  ").Append(Truncate(Body, 4000));
        return text.ToString();
    }

    private JsonNode? ParseJson()
    {
        try
        {
            return JsonNode.Parse(Body);
        }
        catch (JsonException e)
        {
            throw new AssertionException($"Body is not JSON ({e.Message}).{Environment.NewLine}{this}");
        }
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max] + $"... ({text.Length} chars)";
}

/// <summary>
/// Ironic's error body <c>{"error_message": "&lt;JSON string&gt;"}</c>, with the inner JSON decoded:
/// <c>faultcode</c>, <c>faultstring</c>, <c>debuginfo</c> (or the framework's <c>code</c>/<c>title</c>/<c>description</c>).
/// </summary>
public sealed record IronicError(string ErrorMessage, JsonObject? Inner)
{
    /// <summary>"Client" or "Server" (null for the framework form).</summary>
    public string? FaultCode => Inner?["faultcode"]?.GetValue<string>();

    /// <summary>The human message: <c>faultstring</c>, else the framework form's <c>description</c>, else the raw string.</summary>
    public string Message =>
        Inner?["faultstring"]?.GetValue<string>() ?? Inner?["description"]?.GetValue<string>() ?? ErrorMessage;

    public bool HasFaultString => Inner?["faultstring"] is not null;

    /// <summary>True when the inner object has <c>"debuginfo": null</c>.</summary>
    public bool DebugInfoIsNull => Inner is not null && Inner.ContainsKey("debuginfo") && Inner["debuginfo"] is null;

    public static IronicError? TryParse(string body)
    {
        try
        {
            if (JsonNode.Parse(body) is not JsonObject outer || outer["error_message"] is not JsonValue value
                || !value.TryGetValue<string>(out var message))
                return null;
            JsonObject? inner = null;
            try
            {
                inner = JsonNode.Parse(message) as JsonObject;
            }
            catch (JsonException)
            {
            }

            return new IronicError(message, inner);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
