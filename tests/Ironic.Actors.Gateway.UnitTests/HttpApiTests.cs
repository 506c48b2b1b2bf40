using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Akka.Actor;
using Ironic.Actors.Gateway.Actors;
using Ironic.Actors.Gateway.Api;
using Ironic.Actors.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Akka.Hosting;
using NUnit.Framework;

namespace Ironic.Actors.Gateway.UnitTests;

/// <summary>
/// The endpoints on a real Kestrel (port 0) with the real <see cref="GatewayActor"/> in front of stand-in
/// cluster actors: routing, headers, status codes and bodies as a client sees them.
/// </summary>
[FixtureLifeCycle(LifeCycle.SingleInstance)]
public class HttpApiTests
{
    private ActorSystem _system = null!;
    private WebApplication _app = null!;
    private HttpClient _http = null!;
    private FakeCluster _cluster = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _cluster = new FakeCluster();
        _system = ActorSystem.Create("gateway-tests");
        _system.ActorOf(Props.Create(() => new FakeCluster.Conductor()), ActorKeys.ConductorActorName);
        var options = new GatewayOptions { AskTimeout = TimeSpan.FromSeconds(5), ConductorQueryTimeout = TimeSpan.FromSeconds(2), MaxBodyBytes = 4096 };
        var gateway = _system.ActorOf(GatewayActor.Props(
            _system.ActorOf(Props.Create(() => new FakeCluster.Region(_cluster))),
            _system.ActorOf(Props.Create(() => new FakeCluster.Registry(_cluster))),
            _system.ActorOf(Props.Create(() => new FakeCluster.QueryModel(_cluster))),
            options));

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Ironic:Gateway:MaxBodyBytes"] = "4096" });
        builder.Services.AddIronicGatewayServices(builder.Configuration);
        builder.Services.AddSingleton<IRequiredActor<ActorKeys.Gateway>>(new FakeCluster.FixedActor<ActorKeys.Gateway>(gateway));
        _app = builder.Build();
        _app.MapIronicApi();
        await _app.StartAsync();
        _http = new HttpClient { BaseAddress = new Uri(_app.Urls.First()) };
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _system.Terminate();
    }

    private async Task<HttpResponseMessage> Send(HttpMethod method, string path, string? body = null, string? version = "1.78")
    {
        var request = new HttpRequestMessage(method, path);
        if (version is not null)
            request.Headers.Add("X-OpenStack-Ironic-API-Version", version);
        if (body is not null)
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        return await _http.SendAsync(request);
    }

    private static async Task<string> FaultOf(HttpResponseMessage response)
    {
        var outer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return JsonNode.Parse(outer["error_message"]!.GetValue<string>())!["faultstring"]!.GetValue<string>();
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.Single() : null;

    [Test]
    public async Task Root_has_no_version_headers()
    {
        var response = await Send(HttpMethod.Get, "/", version: null);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType!.ToString(), Is.EqualTo("application/json"));
        Assert.That(Header(response, "X-OpenStack-Ironic-API-Maximum-Version"), Is.Null);
        Assert.That(Header(response, "Openstack-Request-Id"), Does.StartWith("req-"));
        var text = await response.Content.ReadAsStringAsync();
        var expected = Samples.Root.Replace("http://127.0.0.1:6385", _app.Urls.First(), StringComparison.Ordinal);
        Assert.That(JsonNode.DeepEquals(JsonNode.Parse(text), JsonNode.Parse(expected)), Is.True, text);
    }

    [TestCase("/v1")]
    [TestCase("/v1/")]
    public async Task V1_discovery_negotiates_the_version(string path)
    {
        var response = await Send(HttpMethod.Get, path, version: null);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(Header(response, "X-OpenStack-Ironic-API-Version"), Is.EqualTo("1.1"));
        Assert.That(Header(response, "X-OpenStack-Ironic-API-Minimum-Version"), Is.EqualTo("1.1"));
        Assert.That(Header(response, "X-OpenStack-Ironic-API-Maximum-Version"), Is.EqualTo("1.82"));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.That(body.ContainsKey("conductors"), Is.False);

        // At latest: Ironic 21.4's document at 1.82, shards included, with this server's address.
        var latest = await (await Send(HttpMethod.Get, path, version: "latest")).Content.ReadAsStringAsync();
        var expected = Samples.V1Latest.Replace("http://127.0.0.1:6385", _app.Urls.First(), StringComparison.Ordinal);
        Assert.That(JsonNode.DeepEquals(JsonNode.Parse(latest), JsonNode.Parse(expected)), Is.True, latest);
    }

    [Test]
    public async Task V1_refuses_other_methods()
    {
        var response = await Send(HttpMethod.Post, "/v1", "{}");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.MethodNotAllowed));
        Assert.That(await FaultOf(response), Is.EqualTo("The method POST is not allowed for this resource."));
    }

    [Test]
    public async Task An_unsupported_version_gets_406_with_the_range()
    {
        var response = await Send(HttpMethod.Get, "/v1/nodes", version: "1.999");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotAcceptable));
        Assert.That(Header(response, "X-OpenStack-Ironic-API-Minimum-Version"), Is.EqualTo("1.1"));
        Assert.That(Header(response, "X-OpenStack-Ironic-API-Maximum-Version"), Is.EqualTo("1.82"));
        Assert.That(Header(response, "X-OpenStack-Ironic-API-Version"), Is.Null);
        Assert.That(await FaultOf(response), Does.StartWith("Version 1.999 was requested but the minor version is not supported"));
    }

    // Ironic 21.4 validates a request's query parameters against its controller before anything else: a parameter the
    // endpoint does not take is 400, even for a node that does not exist (answers recorded from the reference server).
    [TestCase("/v1/nodes?bogus=1", "bogus")]
    [TestCase("/v1/nodes?limit=1&bogus=1&x=2", "bogus, x")]
    [TestCase("/v1/nodes/detail?fields=uuid", "fields")]
    [TestCase("/v1/nodes/detail?detail=true", "detail")]
    [TestCase("/v1/nodes/1be26c0b-03f2-4d2e-ae87-c02d7f33c123?fields=uuid&detail=1", "detail")]
    [TestCase("/v1/nodes/nope/states?bogus=1", "bogus")]
    [TestCase("/v1/nodes/nope/states/console?fields=x", "fields")]
    [TestCase("/v1/nodes/nope/management/boot_device/supported?bogus=1", "bogus")]
    [TestCase("/v1/drivers?type=dynamic&bogus=1", "bogus")]
    [TestCase("/v1/drivers/nope?detail=1", "detail")]
    [TestCase("/v1/conductors?bogus=1&detail=true", "bogus")]
    public async Task A_query_parameter_the_endpoint_does_not_take_is_400(string path, string names)
    {
        var response = await Send(HttpMethod.Get, path, version: "1.82");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), path);
        Assert.That(await FaultOf(response), Is.EqualTo($"Unexpected arguments: {names}"));
    }

    [TestCase("/v1/bogus")]
    [TestCase("/v1/nodes/a/b/c")]
    public async Task Unknown_paths_are_404_with_ironics_body(string path)
    {
        var response = await Send(HttpMethod.Get, path);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await FaultOf(response), Is.EqualTo("The resource could not be found."));
        Assert.That(Header(response, "X-OpenStack-Ironic-API-Version"), Is.EqualTo("1.78"));
    }

    [Test]
    public async Task A_node_goes_through_its_life()
    {
        var created = await Send(HttpMethod.Post, "/v1/nodes", """{"driver": "fake-hardware", "name": "life-1", "properties": {"cpus": 2}}""");
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        var node = JsonNode.Parse(await created.Content.ReadAsStringAsync())!;
        var uuid = node["uuid"]!.GetValue<string>();
        Assert.That(created.Headers.Location!.ToString(), Is.EqualTo($"{_app.Urls.First()}/v1/nodes/{uuid}"));
        Assert.That(node["provision_state"]!.GetValue<string>(), Is.EqualTo("enroll"));

        // Read-your-writes: the query model heard of the node before the 201 was sent.
        var list = JsonNode.Parse(await (await Send(HttpMethod.Get, "/v1/nodes")).Content.ReadAsStringAsync())!;
        Assert.That(list["nodes"]!.AsArray().Select(n => n!["uuid"]!.GetValue<string>()), Does.Contain(uuid));
        Assert.That(list["nodes"]![0]!.AsObject().Select(kv => kv.Key),
            Is.EqualTo(new[] { "uuid", "name", "instance_uuid", "power_state", "provision_state", "maintenance", "links" }));

        var byName = await Send(HttpMethod.Get, "/v1/nodes/life-1?fields=uuid,name");
        Assert.That(await byName.Content.ReadAsStringAsync(), Does.StartWith($"{{\"uuid\": \"{uuid}\", \"name\": \"life-1\", \"links\": ["));

        var patched = await Send(HttpMethod.Patch, "/v1/nodes/life-1", """[{"op": "add", "path": "/extra/k", "value": "v"}]""");
        Assert.That(patched.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(JsonNode.Parse(await patched.Content.ReadAsStringAsync())!["extra"]!["k"]!.GetValue<string>(), Is.EqualTo("v"));

        var provision = await Send(HttpMethod.Put, $"/v1/nodes/{uuid}/states/provision", """{"target": "manage"}""");
        Assert.That(provision.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That(provision.Content.Headers.ContentType, Is.Null);
        Assert.That(await provision.Content.ReadAsStringAsync(), Is.Empty);
        Assert.That(provision.Headers.Location!.ToString(), Is.EqualTo($"{_app.Urls.First()}/v1/nodes/{uuid}/states"));

        var states = JsonNode.Parse(await (await Send(HttpMethod.Get, $"/v1/nodes/{uuid}/states")).Content.ReadAsStringAsync())!;
        Assert.That(states["provision_state"]!.GetValue<string>(), Is.EqualTo("verifying"));

        Assert.That((await Send(HttpMethod.Put, "/v1/nodes/life-1/states/power", """{"target": "power on"}""")).StatusCode,
            Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That((await Send(HttpMethod.Put, "/v1/nodes/life-1/maintenance?reason=r")).StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        var maintained = JsonNode.Parse(await (await Send(HttpMethod.Get, "/v1/nodes?maintenance=true")).Content.ReadAsStringAsync())!;
        Assert.That(maintained["nodes"]!.AsArray().Select(n => n!["uuid"]!.GetValue<string>()), Does.Contain(uuid));
        Assert.That((await Send(HttpMethod.Delete, "/v1/nodes/life-1/maintenance")).StatusCode, Is.EqualTo(HttpStatusCode.Accepted));

        var deleted = await Send(HttpMethod.Delete, $"/v1/nodes/{uuid}");
        Assert.That(deleted.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(deleted.Content.Headers.ContentType, Is.Null);
        var after = JsonNode.Parse(await (await Send(HttpMethod.Get, "/v1/nodes")).Content.ReadAsStringAsync())!;
        Assert.That(after["nodes"]!.AsArray().Select(n => n!["uuid"]!.GetValue<string>()), Does.Not.Contain(uuid));

        var gone = await Send(HttpMethod.Get, $"/v1/nodes/{uuid}");
        Assert.That(gone.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await FaultOf(gone), Is.EqualTo($"Node {uuid} could not be found."));
    }

    [Test]
    public async Task Paging_follows_next_links()
    {
        for (var i = 0; i < 3; i++)
            Assert.That((await Send(HttpMethod.Post, "/v1/nodes", $$"""{"driver": "fake-hardware", "name": "page-{{i}}"}""")).StatusCode,
                Is.EqualTo(HttpStatusCode.Created));
        var seen = new List<string>();
        string? next = "/v1/nodes?limit=2";
        while (next is not null)
        {
            var page = JsonNode.Parse(await (await Send(HttpMethod.Get, next)).Content.ReadAsStringAsync())!;
            seen.AddRange(page["nodes"]!.AsArray().Select(n => n!["name"]?.GetValue<string>() ?? ""));
            next = page["next"]?.GetValue<string>();
            Assert.That(next, next is null ? Is.Null : Does.Contain("sort_key=id&sort_dir=asc&fields=instance_uuid,maintenance,power_state,provision_state,uuid,name&limit=2&marker="));
        }
        Assert.That(seen.Where(n => n.StartsWith("page-", StringComparison.Ordinal)), Is.EqualTo(new[] { "page-0", "page-1", "page-2" }));

        var unknownMarker = await Send(HttpMethod.Get, "/v1/nodes?marker=00000000-0000-0000-0000-000000000001");
        Assert.That(unknownMarker.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task A_large_page_is_streamed_and_gzipped_for_a_client_that_accepts_gzip()
    {
        for (var i = 0; i < 60; i++)
            Assert.That((await Send(HttpMethod.Post, "/v1/nodes", $$$"""{"driver": "fake-hardware", "name": "gz-{{{i}}}", "extra": {"note": "ünïcode {{{i}}}"}}""")).StatusCode,
                Is.EqualTo(HttpStatusCode.Created));

        var plain = await Send(HttpMethod.Get, "/v1/nodes/detail");
        var text = await plain.Content.ReadAsStringAsync();
        Assert.That(text, Has.Length.GreaterThanOrEqualTo(IronicResults.CompressFrom), "a page large enough to be compressed");
        Assert.That(plain.Content.Headers.ContentEncoding, Is.Empty, "not asked for: not compressed");
        Assert.That(plain.Headers.TransferEncodingChunked, Is.True, "a large page is sent as it is rendered, node by node");

        async Task<HttpResponseMessage> Get(string path, string acceptEncoding)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Add("X-OpenStack-Ironic-API-Version", "1.78");
            request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
            return await _http.SendAsync(request); // no automatic decompression: the bytes as sent
        }

        var zipped = await Get("/v1/nodes/detail", "gzip, deflate"); // as python-requests asks
        Assert.That(zipped.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(zipped.Content.Headers.ContentEncoding, Is.EqualTo(new[] { "gzip" }));
        Assert.That(zipped.Headers.Vary, Does.Contain("Accept-Encoding"));
        Assert.That(zipped.Content.Headers.ContentType!.ToString(), Is.EqualTo("application/json"));
        var bytes = await zipped.Content.ReadAsByteArrayAsync();
        await using (var gunzip = new System.IO.Compression.GZipStream(new MemoryStream(bytes), System.IO.Compression.CompressionMode.Decompress))
        using (var reader = new StreamReader(gunzip, Encoding.UTF8))
            Assert.That(await reader.ReadToEndAsync(), Is.EqualTo(text), "the same page, byte for byte");
        Assert.That(bytes, Has.Length.LessThan(text.Length / 4), "and much smaller");

        var refused = await Get("/v1/nodes/detail", "gzip;q=0, identity");
        Assert.That(refused.Content.Headers.ContentEncoding, Is.Empty, "q=0 refuses gzip");
        Assert.That(await refused.Content.ReadAsStringAsync(), Is.EqualTo(text));
        var small = await Get("/v1/nodes?limit=1", "gzip");
        Assert.That(small.Content.Headers.ContentEncoding, Is.Empty, "a small page goes as it is");
        Assert.That(small.Headers.TransferEncodingChunked, Is.Not.True, "in one piece");
        var smallText = await small.Content.ReadAsStringAsync();
        Assert.That(small.Content.Headers.ContentLength, Is.EqualTo(Encoding.UTF8.GetByteCount(smallText)), "with its length");
        Assert.That(JsonNode.Parse(smallText)!["next"]!.GetValue<string>(), Does.Contain("limit=1&marker="), "and its next link");
    }

    [Test]
    public async Task Unknown_names_and_bad_idents()
    {
        var unknown = await Send(HttpMethod.Get, "/v1/nodes/nope");
        Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await FaultOf(unknown), Is.EqualTo("Node nope could not be found."));
        Assert.That((await Send(HttpMethod.Get, "/v1/nodes/nope", version: null)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await Send(HttpMethod.Get, "/v1/nodes/bad%20name")).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [TestCase("{\"driver\": ", HttpStatusCode.BadRequest)]
    [TestCase("[]", HttpStatusCode.BadRequest)]
    [TestCase("{\"driver\": \"fake-hardware\", \"bogus\": 1}", HttpStatusCode.BadRequest)]
    public async Task Bad_create_bodies_are_client_errors(string body, HttpStatusCode status) =>
        Assert.That((await Send(HttpMethod.Post, "/v1/nodes", body)).StatusCode, Is.EqualTo(status));

    [Test]
    public async Task Bodies_over_the_limit_get_413()
    {
        var response = await Send(HttpMethod.Post, "/v1/nodes", $$"""{"driver": "{{new string('x', 5000)}}"}""");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That(await FaultOf(response), Does.StartWith("Request is too large"));
    }

    [Test]
    public async Task Patch_needs_a_list()
    {
        var response = await Send(HttpMethod.Patch, "/v1/nodes/00000000-0000-0000-0000-000000000000", """{"op": "add"}""");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task Head_is_405_on_reads_as_in_Ironic_and_served_on_root_only()
    {
        var response = await Send(HttpMethod.Head, "/v1/nodes");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.MethodNotAllowed));
        Assert.That(response.Content.Headers.Allow, Is.EqualTo(new[] { "GET" }));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.Empty);
        Assert.That((await Send(HttpMethod.Head, "/", version: null)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [TestCase("/nodes")]
    [TestCase("/drivers/fake-hardware/properties")]
    [TestCase("/drivers")]
    public async Task Unversioned_paths_are_the_v1_routes(string path)
    {
        var bare = await Send(HttpMethod.Get, path);
        var versioned = await Send(HttpMethod.Get, "/v1" + path);
        Assert.That(bare.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await bare.Content.ReadAsStringAsync(), Is.EqualTo(await versioned.Content.ReadAsStringAsync()));
        Assert.That(Header(bare, "X-OpenStack-Ironic-API-Version"), Is.EqualTo("1.78"));
    }

    [Test]
    public async Task Unknown_paths_anywhere_get_ironics_404_body()
    {
        var response = await Send(HttpMethod.Get, "/no/such/thing");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await FaultOf(response), Is.EqualTo("The resource could not be found."));
        Assert.That(Header(response, "X-OpenStack-Ironic-API-Version"), Is.Null);
    }

    [Test]
    public async Task Root_serves_any_method()
    {
        var response = await Send(HttpMethod.Post, "/", "{}", version: null);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["name"]!.GetValue<string>(), Is.EqualTo("OpenStack Ironic API"));
    }

    [Test]
    public async Task Wrong_methods_on_known_paths_are_405() =>
        Assert.That((await Send(HttpMethod.Put, "/v1/nodes", "{}")).StatusCode, Is.EqualTo(HttpStatusCode.MethodNotAllowed));

    [Test]
    public async Task Drivers_come_from_the_conductors()
    {
        var list = JsonNode.Parse(await (await Send(HttpMethod.Get, "/v1/drivers")).Content.ReadAsStringAsync())!;
        var driver = list["drivers"]![0]!.AsObject();
        Assert.That(driver.Select(kv => kv.Key), Is.EqualTo(new[] { "hosts", "links", "name", "properties", "type" }));
        Assert.That(driver["hosts"]![0]!.GetValue<string>(), Is.EqualTo("conductor-1"));

        var detail = JsonNode.Parse(await (await Send(HttpMethod.Get, "/v1/drivers/fake-hardware")).Content.ReadAsStringAsync())!;
        Assert.That(detail["default_network_interface"]!.GetValue<string>(), Is.EqualTo("noop"));
        Assert.That(detail["enabled_power_interfaces"]![0]!.GetValue<string>(), Is.EqualTo("fake"));

        var properties = JsonNode.Parse(await (await Send(HttpMethod.Get, "/v1/drivers/fake-hardware/properties")).Content.ReadAsStringAsync())!;
        Assert.That(properties["fake_key"]!.GetValue<string>(), Is.EqualTo("A fake property."));

        var classic = JsonNode.Parse(await (await Send(HttpMethod.Get, "/v1/drivers?type=classic")).Content.ReadAsStringAsync())!;
        Assert.That(classic["drivers"]!.AsArray(), Is.Empty);
        Assert.That((await Send(HttpMethod.Get, "/v1/drivers?type=bogus")).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var missing = await Send(HttpMethod.Get, "/v1/drivers/idrac");
        Assert.That(await FaultOf(missing), Is.EqualTo("Could not find the following driver(s) or hardware type(s): idrac."));
    }

    [Test]
    public async Task Conductors_exist_from_1_49()
    {
        Assert.That((await Send(HttpMethod.Get, "/v1/conductors", version: "1.48")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        var list = JsonNode.Parse(await (await Send(HttpMethod.Get, "/v1/conductors")).Content.ReadAsStringAsync())!;
        var conductor = list["conductors"]![0]!.AsObject();
        Assert.That(conductor.Select(kv => kv.Key), Is.EqualTo(new[] { "hostname", "conductor_group", "alive", "links" }));
        Assert.That(conductor["alive"]!.GetValue<bool>(), Is.True);

        var one = JsonNode.Parse(await (await Send(HttpMethod.Get, "/v1/conductors/conductor-1")).Content.ReadAsStringAsync())!;
        Assert.That(one["drivers"]![0]!.GetValue<string>(), Is.EqualTo("fake-hardware"));
        Assert.That(one["created_at"]!.GetValue<string>(), Is.EqualTo("2026-11-24T23:00:00+00:00"));
        Assert.That((await Send(HttpMethod.Get, "/v1/conductors/nope")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }
}
