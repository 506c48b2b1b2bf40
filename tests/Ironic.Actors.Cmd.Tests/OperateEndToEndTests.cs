using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Ironic.Actors.Gateway.Tests.Infrastructure;
using NUnit.Framework;

namespace Ironic.Actors.Cmd.Tests;

/// <summary>
/// Health, readiness and Prometheus metrics on the real server's management endpoint (a free loopback port of its own),
/// after three nodes are created and listed through the Ironic API. The gauges that need a query refresh every second
/// here (<c>Ironic:Management:MetricsInterval</c>), so the tests poll the scrape until it shows what they expect.
/// </summary>
[FixtureLifeCycle(LifeCycle.SingleInstance)]
public class OperateEndToEndTests
{
    private static readonly TimeSpan PollTimeout = TimeSpan.FromSeconds(30);

    private ServerProcess _server = null!;
    private HttpClient _management = null!;

    [OneTimeSetUp]
    public async Task StartServerAndCreateNodes()
    {
        _server = new ServerProcess("ops-e2e-host", ["--Ironic:Management:MetricsInterval", "00:00:01"]);
        try
        {
            await _server.StartAsync();
            _management = new HttpClient
            {
                BaseAddress = new Uri($"http://127.0.0.1:{_server.ManagementPort.ToString(CultureInfo.InvariantCulture)}/"),
                Timeout = TimeSpan.FromSeconds(10),
            };
            using var api = new IronicClient(_server.BaseAddress);
            for (var i = 1; i <= 3; i++)
            {
                var created = await api.PostAsync("v1/nodes", new { driver = "fake-hardware", name = $"ops-node-{i}" });
                Assert.That(created.StatusCode, Is.EqualTo(201), created.Body);
            }
            var listed = await api.GetAsync("v1/nodes");
            Assert.That(listed.StatusCode, Is.EqualTo(200), listed.Body);
        }
        catch
        {
            TestContext.Out.WriteLine(_server.LogTail());
            _management?.Dispose();
            await _server.DisposeAsync();
            throw;
        }
    }

    [OneTimeTearDown]
    public async Task StopServer()
    {
        _management.Dispose();
        await _server.DisposeAsync();
    }

    [Test]
    public async Task Healthz_answers_ok()
    {
        using var response = await _management.GetAsync("healthz");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(JsonNode.Parse(await response.Content.ReadAsStringAsync())!.ToJsonString(), Is.EqualTo("""{"status":"ok"}"""));
    }

    [Test]
    public async Task Readyz_answers_ready_once_the_member_is_up()
    {
        var deadline = DateTime.UtcNow + PollTimeout;
        while (true)
        {
            using var response = await _management.GetAsync("readyz");
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == HttpStatusCode.OK)
            {
                Assert.That(JsonNode.Parse(body)!.ToJsonString(),
                    Is.EqualTo("""{"status":"ready","checks":{"member":"Up","database":"ok"}}"""));
                return;
            }
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), body);
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), $"/readyz never became ready; last answer: {body}");
            await Task.Delay(100);
        }
    }

    [Test]
    public async Task Metrics_count_the_nodes_by_provision_state()
    {
        var scrape = await ScrapeUntilAsync(s => Regex.IsMatch(s, @"^ironic_nodes\{provision_state=""enroll""\} 3$", RegexOptions.Multiline),
            "ironic_nodes{provision_state=\"enroll\"} 3");
        // Every provision state is reported, the empty ones as 0.
        Assert.That(scrape, Does.Contain("ironic_nodes{provision_state=\"active\"} 0"));
    }

    [Test]
    public async Task Metrics_count_requests_by_route_and_status_with_latency()
    {
        var scrape = await ScrapeUntilAsync(s => s.Contains("http_route=\"/v1/nodes\"", StringComparison.Ordinal), "a request of route /v1/nodes");
        var created = Regex.Match(scrape,
            @"^http_server_request_duration_seconds_count\{(?=[^}]*http_request_method=""POST"")(?=[^}]*http_response_status_code=""201"")(?=[^}]*http_route=""/v1/nodes"")[^}]*\} (\d+)$",
            RegexOptions.Multiline);
        Assert.That(created.Success, Is.True, scrape);
        Assert.That(long.Parse(created.Groups[1].Value, CultureInfo.InvariantCulture), Is.EqualTo(3));
        Assert.That(scrape, Does.Contain("http_server_request_duration_seconds_bucket{"));
        // Route templates, not paths: one series for every node.
        using (var api = new IronicClient(_server.BaseAddress))
            Assert.That((await api.GetAsync("v1/nodes/ops-node-1")).StatusCode, Is.EqualTo(200));
        scrape = await ScrapeUntilAsync(s => s.Contains("http_route=\"/v1/nodes/{ident}\"", StringComparison.Ordinal), "route /v1/nodes/{ident}");
        Assert.That(scrape, Does.Not.Contain("ops-node-1"));
    }

    [Test]
    public async Task Metrics_time_journal_and_read_model_writes()
    {
        var scrape = await ScrapeUntilAsync(s => Value(s, "ironic_journal_write_duration_seconds_count") > 0, "journal writes");
        Assert.That(scrape, Does.Contain("# TYPE ironic_journal_write_duration_seconds histogram"));

        // A node's row goes with its events; the read-model writer stores what changes without one, such as the lock a
        // power change holds while its driver call runs.
        using var api = new IronicClient(_server.BaseAddress);
        var power = await api.PutAsync("v1/nodes/ops-node-3/states/power", new { target = "power on" });
        Assert.That(power.StatusCode, Is.EqualTo(202), power.Body);
        scrape = await ScrapeUntilAsync(s => Value(s, "ironic_read_model_write_duration_seconds_count") > 0, "read-model writer writes");
        Assert.That(Value(scrape, "ironic_read_model_write_batch_size_count"), Is.GreaterThan(0));
    }

    [Test]
    public async Task Metrics_report_the_shards_and_entities_of_this_member()
    {
        var scrape = await ScrapeUntilAsync(s => Value(s, "ironic_shards") >= 1, "ironic_shards");
        Assert.That(Value(scrape, "ironic_entities"), Is.GreaterThanOrEqualTo(0));
        Assert.That(scrape, Does.Contain("# TYPE ironic_shards gauge"));
    }

    [Test]
    public async Task The_api_port_serves_no_health_readiness_or_metrics()
    {
        using var api = new HttpClient { BaseAddress = _server.BaseAddress };
        foreach (var path in new[] { "metrics", "healthz", "readyz" })
        {
            using var response = await api.GetAsync(path);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), path);
        }
    }

    /// <summary>Scrapes <c>/metrics</c> until <paramref name="done"/> holds (bounded); answers the last scrape.</summary>
    private async Task<string> ScrapeUntilAsync(Func<string, bool> done, string what)
    {
        var deadline = DateTime.UtcNow + PollTimeout;
        while (true)
        {
            using var response = await _management.GetAsync("metrics");
            var scrape = await response.Content.ReadAsStringAsync();
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), scrape);
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/plain"));
            if (done(scrape))
                return scrape;
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), $"/metrics never showed {what}:{Environment.NewLine}{scrape}");
            await Task.Delay(200);
        }
    }

    /// <summary>The value of the series <paramref name="name"/> without labels (written <c>name{} value</c>); -1 when absent.</summary>
    private static double Value(string scrape, string name)
    {
        var match = Regex.Match(scrape, $@"^{Regex.Escape(name)}(\{{\}})? (\S+)$", RegexOptions.Multiline);
        return match.Success ? double.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture) : -1;
    }
}
