using System.Text.Json.Nodes;
using Ironic.Actors.Gateway.Tests.Infrastructure;
using NUnit.Framework;

namespace Ironic.Actors.Gateway.Tests;

/// <summary>
/// The drivers API of a server started with its default hardware (fake-hardware, ipmi, redfish and the default enabled
/// interfaces) answers as Ironic 21.4 configured alike. Reference/drivers-ironic-21.4.txt holds Ironic's answers (recorded
/// with tools/reference-ironic/capture-drivers.sh against REF_HARDWARE=defaults run-reference-ironic.sh);
/// drivers-redfish-vmedia-ironic-21.4.txt the same with redfish-virtual-media as redfish's default boot interface, as ours
/// is; drivers-rerun-ironic-21.4.txt a second start of the first configuration.
/// </summary>
/// <remarks>
/// Compared modulo what Ironic itself does not keep from one start to the next (the rerun shows it): the order of object
/// keys and of the enabled_*_interfaces lists, and which of two descriptions deploy_ramdisk gets. Host names and URLs are
/// the server's own. The differences kept on purpose (README, "Differences from Ironic 21.4 kept on purpose") are applied
/// to Ironic's answer by <see cref="Expected"/>, each named there.
/// </remarks>
[TestFixture]
[NonParallelizable]
public sealed class DriverReferenceTests
{
    /// <summary>driver_info keys Ironic's default interfaces list but nothing here reads (so they are not offered).</summary>
    private static readonly string[] NotRead =
    [
        "ipmi_force_boot_device", "force_persistent_boot_device", "kernel_append_params", "rescue_kernel", "rescue_ramdisk",
        "image_http_proxy", "image_https_proxy", "image_no_proxy", "image_download_source",
    ];

    private static readonly IReadOnlyList<Exchange> Reference = Load("drivers-ironic-21.4.txt");
    private static readonly IReadOnlyList<Exchange> RedfishVirtualMedia = Load("drivers-redfish-vmedia-ironic-21.4.txt");
    private static readonly IReadOnlyList<Exchange> Rerun = Load("drivers-rerun-ironic-21.4.txt");

    private ServerProcess _server = null!;
    private IronicClient _api = null!;

    [OneTimeSetUp]
    public async Task StartServerAsync()
    {
        _server = new ServerProcess(); // the defaults: no hardware arguments
        try
        {
            await _server.StartAsync();
            _api = new IronicClient(_server.BaseAddress);
        }
        catch (Exception e) when (e is not AssertionException)
        {
            await TestContext.Progress.WriteLineAsync(_server.LogTail(400));
            throw;
        }
    }

    [OneTimeTearDown]
    public async Task StopServerAsync()
    {
        _api?.Dispose();
        if (_server is not null)
            await _server.DisposeAsync();
    }

    public static IEnumerable<TestCaseData> Exchanges() =>
        Reference.Select(e => new TestCaseData(e.Method, e.Path, e.Version).SetArgDisplayNames($"{e.Method} {e.Path} {e.Version}"));

    [TestCaseSource(nameof(Exchanges))]
    public async Task Answers_as_Ironic_with_the_same_hardware(string method, string path, string version)
    {
        var reference = Reference.Single(e => e.Method == method && e.Path == path && e.Version == version);
        Assert.That(method, Is.EqualTo("GET"));

        var response = await _api.GetAsync(path, version);

        Assert.That(response.StatusCode, Is.EqualTo(reference.Status), response.ToString);
        Assert.That(Normalize(JsonNode.Parse(response.Body), _server.BaseUrl), Is.EqualTo(Normalize(Expected(reference), reference.BaseUrl)));
    }

    [Test]
    public void Ironic_itself_changes_orders_and_the_deploy_ramdisk_description_from_one_start_to_the_next()
    {
        // Why the comparison above sorts keys and lists and accepts either deploy_ramdisk wording: a second start of the
        // same configuration answers the same modulo those, and not byte for byte.
        Assert.That(Rerun.Select(e => $"{e.Method} {e.Path} {e.Version}"), Is.EqualTo(Reference.Select(e => $"{e.Method} {e.Path} {e.Version}")));
        foreach (var (first, again) in Reference.Zip(Rerun))
            Assert.That(Normalize(again.Body, again.BaseUrl), Is.EqualTo(Normalize(first.Body, first.BaseUrl)), first.Path);
        Assert.That(Reference.Zip(Rerun).Count(p => p.Item1.Body!.ToJsonString().Replace(p.Item1.BaseUrl, "EP", StringComparison.Ordinal)
                                                    != p.Item2.Body!.ToJsonString().Replace(p.Item2.BaseUrl, "EP", StringComparison.Ordinal)),
            Is.GreaterThan(0));
    }

    /// <summary>Ironic's answer with our kept differences applied.</summary>
    private static JsonNode? Expected(Exchange reference)
    {
        if (reference.Path == "/v1/drivers/redfish/properties")
            // Our redfish boots from virtual media by default: Ironic's answer when that is its default too.
            reference = RedfishVirtualMedia.Single(e => e.Path == reference.Path && e.Version == reference.Version);
        var body = reference.Body?.DeepClone();
        if (reference.Path.EndsWith("/properties", StringComparison.Ordinal) && body is JsonObject properties)
            foreach (var key in NotRead)
                properties.Remove(key);
        foreach (var driver in Drivers(body).Where(d => d.ContainsKey("default_boot_interface")))
        {
            var name = (string?)driver["name"];
            if (name is "ipmi" or "redfish") // fake deploy stays supported by ipmi and redfish
                driver["enabled_deploy_interfaces"]!.AsArray().Add("fake");
            if (name is "redfish")
            {
                // redfish: redfish-virtual-media is the default boot interface (Ironic: ipxe); fake boot stays supported.
                driver["default_boot_interface"] = "redfish-virtual-media";
                driver["enabled_boot_interfaces"]!.AsArray().Add("fake");
            }
        }
        return body;
    }

    private static IEnumerable<JsonObject> Drivers(JsonNode? body) => body switch
    {
        JsonObject { } list when list["drivers"] is JsonArray drivers => drivers.OfType<JsonObject>(),
        JsonObject { } one when one.ContainsKey("name") => [one],
        _ => [],
    };

    /// <summary>
    /// JSON text with object keys sorted, enabled_*_interfaces lists sorted, hosts replaced by "HOST" and the base URL by
    /// "EP"; deploy_ramdisk's description kept only up to "UUID (from Glance) of the ramdisk" (Ironic words it two ways).
    /// </summary>
    private static string Normalize(JsonNode? node, string baseUrl)
    {
        static JsonNode? Walk(JsonNode? node, string baseUrl, string? key) => node switch
        {
            JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal)
                .Select(p => KeyValuePair.Create(p.Key, Walk(p.Value, baseUrl, p.Key)))),
            JsonArray a when key == "hosts" => new JsonArray([.. a.Select(_ => (JsonNode?)"HOST")]),
            JsonArray a when key is not null && key.StartsWith("enabled_", StringComparison.Ordinal) =>
                new JsonArray([.. a.Select(v => v!.GetValue<string>()).Order(StringComparer.Ordinal).Select(v => (JsonNode?)v)]),
            JsonArray a => new JsonArray([.. a.Select(v => Walk(v, baseUrl, null))]),
            JsonValue v when key == "deploy_ramdisk" && v.GetValue<string>().StartsWith("UUID (from Glance)", StringComparison.Ordinal) =>
                "UUID (from Glance) of the ramdisk … Required.",
            JsonValue v when v.TryGetValue<string>(out var text) => text.Replace(baseUrl, "EP", StringComparison.Ordinal),
            _ => node?.DeepClone(),
        };
        return Walk(node, baseUrl.TrimEnd('/'), null)?.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) ?? "null";
    }

    private sealed record Exchange(string Method, string Path, string Version, int Status, JsonNode? Body, string BaseUrl);

    /// <summary>Reads a capture (<see cref="ReferenceCapture"/>) with each answer's body parsed and its endpoint.</summary>
    private static IReadOnlyList<Exchange> Load(string file) =>
    [
        .. from e in ReferenceCapture.Load(file)
           let body = e.Json
           select new Exchange(e.Method, e.Path, e.Version, e.Status, body, BaseUrlOf(body)),
    ];

    /// <summary>The endpoint a capture's links name (http://127.0.0.1:PORT), or "" when the answer has no link.</summary>
    private static string BaseUrlOf(JsonNode? body)
    {
        var match = System.Text.RegularExpressions.Regex.Match(body?.ToJsonString() ?? "", "http://127\\.0\\.0\\.1:[0-9]+");
        return match.Success ? match.Value : "\u0000";
    }
}
