using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace Ironic.Actors.Bench.Scale;

/// <summary>
/// Polls the API (a request every few milliseconds, with a deadline) until it shows a state: answering,
/// its conductor registered, or its node list serving a full page. Throws when the deadline passes or the
/// server process exits meanwhile.
/// </summary>
internal static class Readiness
{
    private static readonly TimeSpan PollGap = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    /// <summary><c>GET /v1</c> answers 200.</summary>
    public static Task ApiAnswersAsync(ScaleHttp http, ServerUnderTest? server, TimeSpan timeout, CancellationToken ct) =>
        UntilAsync("GET /v1 answers 200", server, timeout, ct, async token =>
            await http.TryGetAsync("/v1", ProbeTimeout, token) is { Status: HttpStatusCode.OK });

    /// <summary><c>GET /v1/drivers</c> names <paramref name="conductor"/> (nodes can be created and moved).</summary>
    public static Task ConductorListedAsync(ScaleHttp http, string conductor, ServerUnderTest? server, TimeSpan timeout, CancellationToken ct) =>
        UntilAsync($"GET /v1/drivers lists conductor {conductor}", server, timeout, ct, async token =>
            await http.TryGetAsync("/v1/drivers", ProbeTimeout, token) is { Status: HttpStatusCode.OK } answer
            && answer.Body.Contains($"\"{conductor}\"", StringComparison.Ordinal));

    /// <summary>
    /// <c>GET /v1/nodes?limit=1000</c> answers 200 with at least <paramref name="expected"/> nodes. Returns what it
    /// answered before, e.g. "no answer ×3, 200 with fewer nodes ×40" (the last answer shows the smallest ones).
    /// </summary>
    public static async Task<string> FullPageAsync(ScaleHttp http, int expected, ServerUnderTest? server, TimeSpan timeout, CancellationToken ct)
    {
        var before = new Dictionary<string, int>();
        await UntilAsync($"GET /v1/nodes?limit=1000 answers {expected} nodes", server, timeout, ct, async token =>
        {
            var answer = await http.TryGetAsync("/v1/nodes?limit=1000", ProbeTimeout, token);
            var outcome = answer switch
            {
                null => "no answer",
                { Status: HttpStatusCode.OK } ok when CountNodes(ok.Body) >= expected => null,
                { Status: HttpStatusCode.OK } => "200 with fewer nodes",
                { Status: var status } => $"HTTP {(int)status}",
            };
            if (outcome is not null)
                before[outcome] = before.GetValueOrDefault(outcome) + 1;
            return outcome is null;
        });
        return before.Count == 0 ? "ready at the first request" : string.Join(", ", before.Select(o => $"{o.Key} ×{o.Value}"));
    }

    /// <summary>How many nodes a list body holds (0 when it is not one).</summary>
    public static int CountNodes(string body)
    {
        try
        {
            return PageScan.Read(System.Text.Encoding.UTF8.GetBytes(body)).Count;
        }
        catch (JsonException)
        {
            return 0;
        }
    }

    private static async Task UntilAsync(
        string what, ServerUnderTest? server, TimeSpan timeout, CancellationToken ct, Func<CancellationToken, Task<bool>> probe)
    {
        var waited = Stopwatch.StartNew();
        while (!await probe(ct))
        {
            if (server is { HasExited: true })
                throw new InvalidOperationException($"the server exited (code {server.ExitCode}) before: {what}; see {server.LogFile}");
            if (waited.Elapsed > timeout)
                throw new TimeoutException($"not within {timeout.TotalSeconds:0} s: {what}");
            await Task.Delay(PollGap, ct);
        }
    }
}
