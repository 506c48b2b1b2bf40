using System.Text.Json.Nodes;
using Ironic.Actors.Gateway.Tests.Infrastructure;
using NUnit.Framework;
using NUnit.Framework.Interfaces;

namespace Ironic.Actors.Gateway.Tests;

/// <summary>
/// GET /v1/nodes/{ident}/history[/{event}] (1.78) against the real server. The failure recorded is a deploy that the
/// server's stop interrupted: the restarted conductor fails it (event type "transition", as Ironic's conductor does at
/// start). Fields, detail, truncation, links, paging and errors as Ironic 21.4 renders its history entries.
/// </summary>
[TestFixture]
public sealed class NodeHistoryTests
{
    private ServerProcess _server = null!;
    private IronicClient _api = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _server = new ServerProcess(extraArguments: ["--Ironic:Hardware:FakeDelays:Deploy", "600", "--Ironic:Conductor:HandOffGracePeriod", "1"]);
        await _server.StartAsync();
        _api = new IronicClient(_server.BaseAddress);
    }

    [TearDown]
    public async Task StopAsync()
    {
        if (TestContext.CurrentContext.Result.Outcome.Status == TestStatus.Failed)
            await TestContext.Out.WriteLineAsync(_server.LogTail(300));
        _api.Dispose();
        await _server.DisposeAsync();
    }

    [Test]
    public async Task An_interrupted_deploy_is_listed_in_the_history_with_Ironics_fields()
    {
        var name = NodeSteps.UniqueName("history");
        var uuid = await _api.CreateFakeNodeAsync(name);
        Assert.That((await _api.GetAsync($"/v1/nodes/{name}/history")).Body, Is.EqualTo("""{"history": []}"""));
        await _api.MoveFromEnrollAsync(name, "available");
        Expect.Status(await _api.ProvisionAsync(name, "active"), 202);
        await _api.WaitForNodeAsync(name, n => Expect.Str(n, "provision_state") == "deploying", "deploying");

        await _server.StopAsync();
        await _server.StartAsync();
        var failed = await _api.WaitForNodeAsync(name, n => Expect.Str(n, "provision_state") == "deploy failed", "deploy failed after the restart");

        var list = await _api.GetAsync($"/v1/nodes/{name}/history");
        Expect.Status(list, 200);
        var entry = (JsonObject)list.Object["history"]!.AsArray().Single()!;
        var id = Expect.Str(entry, "uuid")!;
        Assert.That(Expect.Keys(entry), Is.EqualTo(new[] { "uuid", "created_at", "severity", "event", "links" }));
        Assert.That((Expect.Str(entry, "severity"), Expect.Str(entry, "event")), Is.EqualTo(("ERROR", Expect.Str(failed, "last_error"))));
        Assert.That(entry["links"]!.ToJsonString(),
            Is.EqualTo($$"""[{"href":"{{_server.BaseUrl}}/v1/nodes/{{uuid}}/history/{{id}}","rel":"self"}]"""));

        var detail = (JsonObject)(await _api.GetAsync($"/v1/nodes/{uuid}/history?detail=True")).Object["history"]!.AsArray().Single()!;
        Assert.That(Expect.Keys(detail), Is.EqualTo(new[] { "uuid", "created_at", "severity", "event_type", "event", "conductor", "user", "links" }));
        Assert.That((Expect.Str(detail, "event_type"), Expect.Str(detail, "conductor"), detail["user"]),
            Is.EqualTo(("transition", _server.ConductorHost, (JsonNode?)null)));
        var one = await _api.GetAsync($"/v1/nodes/{name}/history/{id}");
        Expect.JsonEqual(one.Object, detail, "one entry is shown in full");

        var page = await _api.GetAsync($"/v1/nodes/{name}/history?limit=1");
        Assert.That(Expect.Str(page.Object, "next"), Is.EqualTo(
            $"{_server.BaseUrl}/v1/nodes/{name}/history?marker=None&fields=uuid,created_at,severity,event&limit=1&marker={id}"));
        Assert.That((await _api.GetAsync($"/v1/nodes/{name}/history?marker={id}")).Body, Is.EqualTo("""{"history": []}"""));

        Expect.Error(await _api.GetAsync($"/v1/nodes/{name}/history/{Guid.Empty}"), 404, $"Node history record {Guid.Empty} could not be found.");
        Expect.Error(await _api.GetAsync($"/v1/nodes/{name}/history/abc"), 404, "Node history record abc could not be found.");
        Expect.Error(await _api.GetAsync($"/v1/nodes/{name}/history/bad%20id"), 400, "Expected UUID or name for event: bad id");
        Expect.Error(await _api.GetAsync($"/v1/nodes/{name}/history?detail=maybe"), 400,
            "Invalid detail: Unrecognized value 'maybe', acceptable values are: '0', '1', 'f', 'false', 'n', 'no', 'off', 'on', 't', 'true', 'y', 'yes'");
        Expect.Error(await _api.GetAsync($"/v1/nodes/{name}/history?marker=abc"), 400, "Expected UUID for marker: abc");
        Expect.Error(await _api.GetAsync($"/v1/nodes/{name}/history?fields=uuid"), 400, "Unexpected arguments: fields");
        Expect.Error(await _api.GetAsync("/v1/nodes/nope/history"), 404, "Node nope could not be found.");
        Expect.Error(await _api.GetAsync($"/v1/nodes/{name}/history", "1.77"), 404, "The resource could not be found.");
        var post = await _api.PostAsync($"/v1/nodes/{name}/history", new JsonObject());
        Expect.Error(post, 405, "The method POST is not allowed for this resource.");
        Assert.That(post.Header("Allow"), Is.EqualTo("GET"));
    }
}
