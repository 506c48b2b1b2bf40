using System.Text.Json.Nodes;
using NUnit.Framework;

namespace Ironic.Actors.Gateway.Tests.Infrastructure;

/// <summary>Assertions on Ironic HTTP exchanges; every failure message carries the whole exchange.</summary>
public static class Expect
{
    public const string MinVersion = "1.1";

    /// <summary>Ironic 21.4's maximum microversion (spec §2), which Ironic.Actors announces too: compared as a literal.</summary>
    public const string MaxVersion = "1.82";

    /// <summary>Minor version of <see cref="MaxVersion"/>.</summary>
    public static int MaxMinor => int.Parse(MaxVersion.Split('.')[1], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Parses a <see cref="Samples"/> template with its placeholders filled in.</summary>
    public static JsonObject Sample(string template, string baseUrl, string uuid = "", string name = "", string host = "") =>
        (JsonObject)JsonNode.Parse(template
            .Replace("{base}", baseUrl, StringComparison.Ordinal)
            .Replace("{uuid}", uuid, StringComparison.Ordinal)
            .Replace("{name}", name, StringComparison.Ordinal)
            .Replace("{host}", host, StringComparison.Ordinal))!;

    public static string[] Keys(JsonObject value) => value.Select(p => p.Key).ToArray();

    public static void Status(IronicResponse response, int expected) =>
        Assert.That(response.StatusCode, Is.EqualTo(expected), () => $"Unexpected status.{Environment.NewLine}{response}");

    /// <summary>
    /// Status plus Ironic's error body: JSON content type, <c>{"error_message": "&lt;JSON&gt;"}</c> whose inner object has
    /// <c>faultcode</c> Client/Server, <c>faultstring</c> (equal to <paramref name="faultstring"/> when given) and <c>"debuginfo": null</c>.
    /// </summary>
    public static IronicError Error(IronicResponse response, int status, string? faultstring = null)
    {
        Status(response, status);
        var error = response.Error;
        Assert.That(error, Is.Not.Null, () => $"Expected an Ironic error body {{\"error_message\": \"...\"}}.{Environment.NewLine}{response}");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.ContentType?.MediaType, Is.EqualTo("application/json"), () => $"Error content type.{Environment.NewLine}{response}");
            Assert.That(error!.Inner, Is.Not.Null, () => $"error_message is not a JSON-encoded object.{Environment.NewLine}{response}");
            Assert.That(error.HasFaultString, Is.True, () => $"error_message has no faultstring.{Environment.NewLine}{response}");
            Assert.That(error.FaultCode, Is.EqualTo(status >= 500 ? "Server" : "Client"), () => $"faultcode.{Environment.NewLine}{response}");
            Assert.That(error.DebugInfoIsNull, Is.True, () => $"debuginfo should be present and null.{Environment.NewLine}{response}");
            if (faultstring is not null)
                Assert.That(error.Message, Is.EqualTo(faultstring), () => $"faultstring.{Environment.NewLine}{response}");
            else
                Assert.That(error.Message, Is.Not.Empty, () => $"faultstring is empty.{Environment.NewLine}{response}");
        }

        return error!;
    }

    /// <summary>Microversion headers of a /v1 response: min 1.1, max <see cref="MaxVersion"/> and (when given) the effective version.</summary>
    public static void VersionHeaders(IronicResponse response, string? effective)
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.Header(IronicClient.MinVersionHeader), Is.EqualTo(MinVersion), () => $"Minimum version header.{Environment.NewLine}{response}");
            Assert.That(response.Header(IronicClient.MaxVersionHeader), Is.EqualTo(MaxVersion), () => $"Maximum version header.{Environment.NewLine}{response}");
            if (effective is null)
                Assert.That(response.Header(IronicClient.VersionHeader), Is.Null, () => $"No effective version header expected.{Environment.NewLine}{response}");
            else
                Assert.That(response.Header(IronicClient.VersionHeader), Is.EqualTo(effective), () => $"Effective version header.{Environment.NewLine}{response}");
        }
    }

    /// <summary>A 202/204-style answer: the given status, an empty body and no Content-Type.</summary>
    public static void Empty(IronicResponse response, int status)
    {
        Status(response, status);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.Body, Is.Empty, () => $"Body should be empty.{Environment.NewLine}{response}");
            Assert.That(response.ContentType, Is.Null, () => $"There should be no Content-Type.{Environment.NewLine}{response}");
        }
    }

    /// <summary>The Location header points at <paramref name="path"/> on this server (absolute, as Ironic sends it, or relative).</summary>
    public static void Location(IronicResponse response, string baseUrl, string path)
    {
        Assert.That(response.Location, Is.Not.Null, () => $"Location header missing.{Environment.NewLine}{response}");
        var location = response.Location!;
        var actual = location.IsAbsoluteUri ? location.ToString() : baseUrl + location.OriginalString;
        Assert.That(actual, Is.EqualTo(baseUrl + path), () => $"Location header.{Environment.NewLine}{response}");
    }

    public static void RequestId(IronicResponse response) =>
        Assert.That(response.Header("Openstack-Request-Id") ?? "", Does.Match(RequestIdPattern),
            () => $"Openstack-Request-Id should be req-<uuid>.{Environment.NewLine}{response}");

    /// <summary>Exact key order.</summary>
    public static void KeyOrder(JsonObject actual, IEnumerable<string> expected, string what) =>
        Assert.That(Keys(actual), Is.EqualTo(expected.ToArray()), () => $"{what}: keys (in order) differ.{Environment.NewLine}{actual.ToJsonString()}");

    /// <summary>Deep JSON equality (object key order ignored), listing the differing top-level keys on failure.</summary>
    public static void JsonEqual(JsonNode? actual, JsonNode? expected, string what)
    {
        if (JsonNode.DeepEquals(actual, expected))
            return;
        var details = "";
        if (actual is JsonObject a && expected is JsonObject e)
        {
            var lines = a.Select(p => p.Key).Union(e.Select(p => p.Key))
                .Where(k => !JsonNode.DeepEquals(a[k], e[k]) || a.ContainsKey(k) != e.ContainsKey(k))
                .Select(k => $"  {k}: expected {(e.ContainsKey(k) ? e[k]?.ToJsonString() ?? "null" : "<absent>")}, " +
                             $"actual {(a.ContainsKey(k) ? a[k]?.ToJsonString() ?? "null" : "<absent>")}");
            details = string.Join(Environment.NewLine, lines);
        }

        Assert.Fail($"{what}: JSON differs.{Environment.NewLine}{details}{Environment.NewLine}expected: {expected?.ToJsonString()}{Environment.NewLine}actual:   {actual?.ToJsonString()}");
    }

    /// <summary>A copy of <paramref name="value"/> without the given top-level keys.</summary>
    public static JsonObject Without(JsonObject value, params string[] keys)
    {
        var copy = (JsonObject)value.DeepClone();
        foreach (var key in keys)
            copy.Remove(key);
        return copy;
    }

    public static string? Str(JsonNode? node, string key) => node?[key]?.GetValue<string>();

    private const string RequestIdPattern = "^req-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$";
}
