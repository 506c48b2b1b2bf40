using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Ironic.Actors.Bench;

/// <summary>
/// Enrolls N fake-hardware nodes through the API with C requests in flight, optionally walks every node
/// through manage → provide → deploy (waiting for each state as `baremetal --wait` does, by polling), then
/// times single-node reads and full list pages. Works against any Ironic v1 endpoint.
/// </summary>
public sealed class Benchmark(BenchOptions options)
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { MaxConnectionsPerServer = options.Concurrency })
    {
        BaseAddress = options.Endpoint,
        Timeout = TimeSpan.FromSeconds(120),
    };

    private int _failures;

    public async Task<BenchReport> RunAsync()
    {
        _http.DefaultRequestHeaders.Add("X-OpenStack-Ironic-API-Version", options.Version);
        var prefix = "bench-" + Guid.NewGuid().ToString("N")[..8];
        var names = Enumerable.Range(0, options.Nodes).Select(i => $"{prefix}-{i}").ToList();

        var create = await Measure(names, name => Send(HttpMethod.Post, "/v1/nodes",
            $$$"""{"driver": "fake-hardware", "name": "{{{name}}}", "properties": {"cpus": 8, "memory_mb": 16384}}""", HttpStatusCode.Created));

        Phase? lifecycle = null;
        if (options.Lifecycle)
            lifecycle = await Measure(names, async name =>
            {
                await Provision(name, "manage", "manageable");
                await Provision(name, "provide", "available");
                await Provision(name, "active", "active");
            });

        var reads = await Measure(names, name => Send(HttpMethod.Get, $"/v1/nodes/{name}", null, HttpStatusCode.OK));
        var lists = await Measure(Enumerable.Range(0, 20).ToList(), _ => Send(HttpMethod.Get, "/v1/nodes?limit=1000", null, HttpStatusCode.OK));

        return new BenchReport(options, create, lifecycle, reads, lists, _failures);
    }

    private async Task Provision(string name, string verb, string expected)
    {
        await Send(HttpMethod.Put, $"/v1/nodes/{name}/states/provision", $$"""{"target": "{{verb}}"}""", HttpStatusCode.Accepted);
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromMinutes(5))
        {
            using var response = await _http.GetAsync($"/v1/nodes/{name}?fields=provision_state,target_provision_state,last_error");
            var node = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            var state = node["provision_state"]?.GetValue<string>();
            if (state == expected && node["target_provision_state"] is null)
                return;
            if (state is "error" || state?.EndsWith(" failed") == true)
                throw new InvalidOperationException($"{name}: {state}: {node["last_error"]}");
            await Task.Delay(20);
        }
        throw new TimeoutException($"{name} did not reach {expected}");
    }

    private async Task Send(HttpMethod method, string path, string? body, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await _http.SendAsync(request);
        if (response.StatusCode != expected)
            throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Runs <paramref name="work"/> for every item with the configured concurrency, timing each.</summary>
    private async Task<Phase> Measure<T>(IReadOnlyList<T> items, Func<T, Task> work)
    {
        var latencies = new double[items.Count];
        var wall = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, items.Count),
            new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency },
            async (i, _) =>
            {
                var one = Stopwatch.StartNew();
                try
                {
                    await work(items[i]);
                }
                catch (Exception e)
                {
                    if (Interlocked.Increment(ref _failures) <= 5)
                        Console.Error.WriteLine(e.Message);
                }
                latencies[i] = one.Elapsed.TotalMilliseconds;
            });
        return new Phase(items.Count, wall.Elapsed, latencies);
    }
}
