using System.Net;
using System.Text.Json;
using Ironic.Actors.Bench.Scale;
using NUnit.Framework;

namespace Ironic.Actors.Bench.Tests;

/// <summary>
/// The client's warm-up runs the phases' requests against a responder inside the benchmark's process: it must answer
/// them as the API would (status by method, a node document with a uuid), on kept connections, whatever the body's size.
/// </summary>
[TestFixture]
public sealed class ClientWarmUpTests
{
    [Test]
    [CancelAfter(30_000)]
    public async Task The_canned_responder_answers_creates_reads_and_deletes_as_the_api_does_on_kept_connections(CancellationToken ct)
    {
        await using var responder = new CannedResponder();
        using var http = new ScaleHttp(responder.BaseAddress, 4, "1.78");

        var uuids = new List<string>();
        for (var i = 0; i < 5; i++)
            uuids.Add(NodeMix.UuidOf(await http.SendAsync(HttpMethod.Post, "/v1/nodes", NodeMix.Body("n", i), HttpStatusCode.Created, ct)));
        Assert.That(uuids.Distinct().Count(), Is.EqualTo(5), "a new uuid each time");
        Assert.That(uuids.Select(u => Guid.TryParse(u, out _)), Is.All.True);

        using var read = JsonDocument.Parse(await http.GetAsync("/v1/nodes/" + uuids[0], ct));
        Assert.That(read.RootElement.GetProperty("provision_state").GetString(), Is.EqualTo("enroll"));
        Assert.That(await http.SendAsync(HttpMethod.Delete, "/v1/nodes/" + uuids[0], null, HttpStatusCode.NoContent, ct), Is.Empty);

        // A body larger than the responder's first buffer (64 KiB) is read whole, and the connection serves the next request.
        var large = "{\"extra\": {\"blob\": \"" + new string('x', 200_000) + "\"}}";
        await http.SendAsync(HttpMethod.Post, "/v1/nodes", large, HttpStatusCode.Created, ct);
        await http.GetAsync("/v1/nodes/" + uuids[1], ct);
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task The_warm_up_runs_rounds_on_the_responder_then_reads_the_server_root(CancellationToken ct)
    {
        await using var server = new CannedResponder(); // stands for the server under test: GET /v1 answers 200
        using var http = new ScaleHttp(server.BaseAddress, 4, "1.78");

        var result = await ClientWarmUp.RunAsync(http, 4, "1.78", ct);

        Assert.That(result.Rounds, Is.GreaterThanOrEqualTo(1));
        Assert.That(result.CannedRequests, Is.EqualTo(result.Rounds * 1000), "each round: 500 creates, each read back");
    }
}
