using System.Text.Json.Nodes;
using Ironic.Actors.Gateway.Tests.Infrastructure;
using NUnit.Framework;

namespace Ironic.Actors.Gateway.Tests;

/// <summary>Version discovery (GET /, GET /v1) and the driver and conductor catalogues (spec §1.2, §1.7, §1.8).</summary>
[TestFixture]
public sealed class RootAndVersionTests : ServerFixture
{
    /// <summary>Discovery does not need nodes.</summary>
    protected override Smoke? SmokeCheck => null;

    [Test]
    public async Task Root_describes_the_v1_api_without_microversion_headers()
    {
        var response = await Api.GetAsync("/", version: null);

        Expect.Status(response, 200);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.ContentType?.MediaType, Is.EqualTo("application/json"));
            Assert.That(response.Header(IronicClient.MinVersionHeader), Is.Null, "GET / carries no microversion headers");
            Assert.That(response.Header(IronicClient.MaxVersionHeader), Is.Null, "GET / carries no microversion headers");
            Assert.That(response.Header(IronicClient.VersionHeader), Is.Null, "GET / carries no microversion headers");
            Expect.RequestId(response);
            Expect.KeyOrder(response.Object, ["name", "description", "default_version", "versions"], "GET /");
            Expect.JsonEqual(response.Object, Expect.Sample(Samples.Root, BaseUrl), "GET /");
        }
    }

    [Test]
    public async Task Root_ignores_a_version_header()
    {
        var response = await Api.GetAsync("/", version: "1.78");

        Expect.Status(response, 200);
        Assert.That(response.Header(IronicClient.VersionHeader), Is.Null);
        Expect.JsonEqual(response.Object, Expect.Sample(Samples.Root, BaseUrl), "GET / with a version header");
    }

    [Test]
    public async Task V1_without_version_header_is_the_1_1_view()
    {
        var response = await Api.GetAsync("/v1", version: null);

        Expect.Status(response, 200);
        Expect.VersionHeaders(response, "1.1");
        Expect.RequestId(response);
        var expected = Expect.Sample(Samples.V1At11, BaseUrl);
        using (Assert.EnterMultipleScope())
        {
            Expect.KeyOrder(response.Object, Expect.Keys(expected), "GET /v1 at 1.1");
            Expect.JsonEqual(response.Object, expected, "GET /v1 at 1.1");
        }
    }

    [Test]
    public async Task V1_with_trailing_slash_answers_the_same()
    {
        var response = await Api.GetAsync("/v1/", version: null);

        Expect.Status(response, 200);
        Expect.VersionHeaders(response, "1.1");
        Expect.JsonEqual(response.Object, Expect.Sample(Samples.V1At11, BaseUrl), "GET /v1/ at 1.1");
    }

    [Test]
    public async Task Maximum_version_is_Ironic_21_4s()
    {
        var root = await Api.GetAsync("/", version: null);
        var v1 = await Api.GetAsync("/v1", version: "latest");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Expect.Str(root.Object["default_version"], "version"), Is.EqualTo(Expect.MaxVersion), "GET / default_version.version");
            Assert.That(v1.Header(IronicClient.MaxVersionHeader), Is.EqualTo(Expect.MaxVersion), "maximum version header");
            Assert.That(v1.Header(IronicClient.VersionHeader), Is.EqualTo(Expect.MaxVersion), "version that \"latest\" resolves to");
        }
    }

    [Test]
    public async Task V1_at_latest_lists_every_endpoint_of_the_maximum_version()
    {
        var response = await Api.GetAsync("/v1", version: "latest");

        Expect.Status(response, 200);
        Expect.VersionHeaders(response, Expect.MaxVersion);
        var expected = V1Expected(Expect.MaxMinor);
        using (Assert.EnterMultipleScope())
        {
            Expect.KeyOrder(response.Object, Expect.Keys(expected), "GET /v1 at latest");
            Expect.JsonEqual(response.Object, expected, "GET /v1 at latest");
        }
    }

    [TestCase("1.22")]
    [TestCase("1.49")]
    [TestCase("1.78")]
    public async Task V1_lists_the_endpoints_of_the_requested_version(string version)
    {
        var response = await Api.GetAsync("/v1", version);

        Expect.Status(response, 200);
        Expect.VersionHeaders(response, version);
        var expected = V1Expected(int.Parse(version.Split('.')[1], System.Globalization.CultureInfo.InvariantCulture));
        using (Assert.EnterMultipleScope())
        {
            Expect.KeyOrder(response.Object, Expect.Keys(expected), $"GET /v1 at {version}");
            Expect.JsonEqual(response.Object, expected, $"GET /v1 at {version}");
        }
    }

    /// <summary>The sample's latest /v1 document without the endpoints newer than 1.<paramref name="minor"/> (spec §1.2).</summary>
    private JsonObject V1Expected(int minor)
    {
        var gates = new Dictionary<string, int>
        {
            ["portgroups"] = 23, ["volume"] = 32, ["lookup"] = 22, ["heartbeat"] = 22, ["conductors"] = 49,
            ["allocations"] = 52, ["events"] = 54, ["deploy_templates"] = 55, ["shards"] = 82,
        };
        return Expect.Without(Expect.Sample(Samples.V1Latest, BaseUrl), gates.Where(g => g.Value > minor).Select(g => g.Key).ToArray());
    }

    [Test]
    public async Task V1_rejects_writes_with_405()
    {
        var response = await Api.PostAsync("/v1", "{}");

        Expect.Status(response, 405);
    }

    [Test]
    public async Task Unknown_endpoint_under_v1_is_404_with_an_ironic_error()
    {
        var response = await Api.GetAsync("/v1/no_such_endpoint");

        Expect.Error(response, 404);
        Expect.VersionHeaders(response, "1.78");
    }

    [Test]
    public async Task Drivers_list_fake_hardware_served_by_the_configured_conductor()
    {
        var response = await Api.GetAsync("/v1/drivers");

        Expect.Status(response, 200);
        Expect.VersionHeaders(response, "1.78");
        var drivers = response.Object["drivers"] as JsonArray;
        Assert.That(drivers, Is.Not.Null, response.ToString);
        var fake = drivers!.OfType<JsonObject>().SingleOrDefault(d => Expect.Str(d, "name") == "fake-hardware");
        Assert.That(fake, Is.Not.Null, () => $"fake-hardware is not listed.{Environment.NewLine}{response}");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(fake!["hosts"]?.AsArray().Select(h => h?.GetValue<string>()), Does.Contain(Server.ConductorHost), "hosts");
            Assert.That(Expect.Str(fake, "type"), Is.EqualTo("dynamic"), "type (≥1.30)");
            Expect.JsonEqual(fake["links"], JsonNode.Parse($$"""
                [{"href": "{{BaseUrl}}/v1/drivers/fake-hardware", "rel": "self"}, {"href": "{{BaseUrl}}/drivers/fake-hardware", "rel": "bookmark"}]
                """), "driver links");
            Expect.JsonEqual(fake["properties"], JsonNode.Parse($$"""
                [{"href": "{{BaseUrl}}/v1/drivers/fake-hardware/properties", "rel": "self"}, {"href": "{{BaseUrl}}/drivers/fake-hardware/properties", "rel": "bookmark"}]
                """), "driver properties links (≥1.14)");
        }
    }

    [Test]
    public async Task Driver_detail_shows_fake_interfaces()
    {
        var response = await Api.GetAsync("/v1/drivers/fake-hardware");

        Expect.Status(response, 200);
        var driver = response.Object;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Expect.Str(driver, "name"), Is.EqualTo("fake-hardware"));
            Assert.That(driver["hosts"]?.AsArray().Select(h => h?.GetValue<string>()), Does.Contain(Server.ConductorHost));
            Assert.That(Expect.Str(driver, "default_power_interface"), Is.EqualTo("fake"), response.ToString);
            Assert.That(driver["enabled_power_interfaces"]?.AsArray().Select(h => h?.GetValue<string>()), Does.Contain("fake"), response.ToString);
            Assert.That(Expect.Str(driver, "default_deploy_interface"), Is.EqualTo("fake"), response.ToString);
        }
    }

    [Test]
    public async Task Unknown_driver_is_404()
    {
        var response = await Api.GetAsync("/v1/drivers/no-such-driver");

        var error = Expect.Error(response, 404);
        Assert.That(error.Message, Does.Contain("no-such-driver"));
    }

    [Test]
    public async Task Conductors_list_the_configured_conductor_alive()
    {
        var response = await Api.GetAsync("/v1/conductors");

        Expect.Status(response, 200);
        var conductors = response.Object["conductors"] as JsonArray;
        Assert.That(conductors, Is.Not.Null, response.ToString);
        var ours = conductors!.OfType<JsonObject>().SingleOrDefault(c => Expect.Str(c, "hostname") == Server.ConductorHost);
        Assert.That(ours, Is.Not.Null, () => $"conductor {Server.ConductorHost} is not listed.{Environment.NewLine}{response}");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Expect.Keys(ours!), Is.EquivalentTo(new[] { "hostname", "conductor_group", "alive", "links" }), "default conductor fields");
            Assert.That(ours!["alive"]?.GetValue<bool>(), Is.True, "alive");
            Assert.That(Expect.Str(ours, "conductor_group"), Is.EqualTo(""), "conductor_group");
            Expect.JsonEqual(ours["links"], JsonNode.Parse($$"""
                [{"href": "{{BaseUrl}}/v1/conductors/{{Server.ConductorHost}}", "rel": "self"}, {"href": "{{BaseUrl}}/conductors/{{Server.ConductorHost}}", "rel": "bookmark"}]
                """), "conductor links");
        }
    }

    [Test]
    public async Task Conductor_detail_lists_its_hardware_types()
    {
        var response = await Api.GetAsync($"/v1/conductors/{Server.ConductorHost}");

        Expect.Status(response, 200);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Expect.Str(response.Object, "hostname"), Is.EqualTo(Server.ConductorHost));
            Assert.That(response.Object["alive"]?.GetValue<bool>(), Is.True);
            Assert.That(response.Object["drivers"]?.AsArray().Select(d => d?.GetValue<string>()), Does.Contain("fake-hardware"), response.ToString);
        }
    }

    [Test]
    public async Task Unknown_conductor_is_404()
    {
        var response = await Api.GetAsync("/v1/conductors/no-such-host");

        Expect.Error(response, 404);
    }
}
