using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Ironic.Actors.Drivers.Abstractions;
using Ironic.Actors.Drivers.Agent;
using NUnit.Framework;

namespace Ironic.Actors.Drivers.Tests.Agent;

/// <summary>
/// The agent client against a stub of the agent's HTTP API: the request it makes (token as a query parameter, wait,
/// body), how it maps the agent's answers (409 busy, faults, failed synchronous commands), retries of connection
/// failures, and polling a command until it ends.
/// </summary>
public class AgentClientTests
{
    private static readonly Uri AgentUrl = new("http://192.0.2.7:9999");

    private sealed class StubAgent(Func<HttpRequestMessage, string?, HttpResponseMessage> answer) : HttpMessageHandler
    {
        public List<(HttpRequestMessage Request, string? Body)> Seen { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(ct);
            Seen.Add((request, body));
            return answer(request, body);
        }
    }

    private static HttpResponseMessage Json(HttpStatusCode status, string json) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    private static AgentClient Client(StubAgent stub, int attempts = 3) =>
        new(new AgentOptions { MaxCommandAttempts = attempts, CommandRetryInterval = 0, CommandWaitInterval = 0.2 }, TimeProvider.System, stub);

    [Test]
    public async Task A_command_is_posted_with_the_token_in_the_query_and_its_result_parsed()
    {
        var stub = new StubAgent((_, _) => Json(HttpStatusCode.OK,
            """{"id": "c1", "command_name": "execute_deploy_step", "command_status": "RUNNING", "command_error": null, "command_result": null}"""));
        using var client = Client(stub);

        var result = await client.ExecuteAsync(AgentUrl, "s3cr3t/+=", "deploy.execute_deploy_step",
            new JsonObject { ["step"] = new JsonObject { ["step"] = "write_image" } }, wait: false, CancellationToken.None);

        Assert.That(result, Is.EqualTo(new AgentCommandResult("c1", "execute_deploy_step", "RUNNING", null, null)));
        var (request, body) = stub.Seen.Single();
        Assert.That(request.Method, Is.EqualTo(HttpMethod.Post));
        Assert.That(request.RequestUri!.ToString(), Is.EqualTo("http://192.0.2.7:9999/v1/commands/?wait=false&agent_token=s3cr3t%2F%2B%3D"));
        Assert.That(JsonNode.Parse(body!)!.ToJsonString(), Is.EqualTo("""{"name":"deploy.execute_deploy_step","params":{"step":{"step":"write_image"}}}"""));
    }

    [Test]
    public void A_busy_agent_is_told_apart_from_other_errors()
    {
        using var busy = Client(new StubAgent((_, _) => Json(HttpStatusCode.Conflict, """{"faultcode": "Client", "faultstring": "Agent is busy"}""")));
        Assert.ThrowsAsync<AgentBusyException>(() => busy.ExecuteAsync(AgentUrl, "t", "clean.execute_clean_step", [], false, CancellationToken.None));

        using var refused = Client(new StubAgent((_, _) => Json(HttpStatusCode.Unauthorized, """{"faultcode": "Client", "faultstring": "Invalid agent token"}""")));
        var error = Assert.ThrowsAsync<DriverException>(() => refused.ExecuteAsync(AgentUrl, "t", "standby.power_off", [], false, CancellationToken.None));
        Assert.That(error!.Message, Is.EqualTo("Agent returned error for command standby.power_off: HTTP 401: Invalid agent token"));
    }

    [Test]
    public void A_failed_synchronous_command_carries_the_agents_message()
    {
        using var client = Client(new StubAgent((_, _) => Json(HttpStatusCode.OK,
            """{"id": "c2", "command_name": "get_clean_steps", "command_status": "FAILED", "command_error": {"type": "HardwareManagerNotFound", "code": 500, "message": "No valid hardware manager", "details": "x"}, "command_result": null}""")));
        var error = Assert.ThrowsAsync<DriverException>(() => client.ExecuteAsync(AgentUrl, "t", "clean.get_clean_steps", [], true, CancellationToken.None));
        Assert.That(error!.Message, Is.EqualTo("Agent returned error for command clean.get_clean_steps: No valid hardware manager"));
    }

    [Test]
    public async Task Connection_failures_are_tried_again_up_to_the_configured_attempts()
    {
        var calls = 0;
        var stub = new StubAgent((_, _) => ++calls < 3
            ? throw new HttpRequestException("Connection refused")
            : Json(HttpStatusCode.OK, """{"id": "c3", "command_name": "sync", "command_status": "SUCCEEDED", "command_error": null, "command_result": {}}"""));
        using var client = Client(stub, attempts: 3);
        var result = await client.ExecuteAsync(AgentUrl, "t", "standby.sync", [], true, CancellationToken.None);
        Assert.That(result.HasSucceeded, Is.True);
        Assert.That(calls, Is.EqualTo(3));

        calls = 0;
        using var impatient = Client(new StubAgent((_, _) => { calls++; throw new HttpRequestException("Connection refused"); }), attempts: 2);
        var error = Assert.ThrowsAsync<AgentConnectionException>(() => impatient.ExecuteAsync(AgentUrl, "t", "standby.sync", [], true, CancellationToken.None));
        Assert.That(error!.Message, Does.StartWith("Connection to agent failed: Failed to connect to the agent running at http://192.0.2.7:9999/ for invoking command standby.sync."));
        Assert.That(calls, Is.EqualTo(2));
    }

    [Test]
    public async Task Waiting_for_a_command_polls_the_list_until_it_has_ended()
    {
        var polls = 0;
        var stub = new StubAgent((request, _) =>
        {
            Assert.That(request.Method, Is.EqualTo(HttpMethod.Get));
            Assert.That(request.RequestUri!.ToString(), Is.EqualTo("http://192.0.2.7:9999/v1/commands/"));
            var status = ++polls < 3 ? "RUNNING" : "SUCCEEDED";
            return Json(HttpStatusCode.OK, """
                {"commands": [
                  {"id": "a", "command_name": "execute_clean_step", "command_status": "SUCCEEDED", "command_error": null, "command_result": {}},
                  {"id": "b", "command_name": "install_bootloader", "command_status": "STATUS", "command_error": null, "command_result": null}]}
                """.Replace("STATUS", status, StringComparison.Ordinal));
        });
        using var client = Client(stub);
        var ended = await client.WaitForCommandAsync(AgentUrl, "install_bootloader", CancellationToken.None);
        Assert.That(ended.Id, Is.EqualTo("b"));
        Assert.That(ended.HasSucceeded, Is.True);
        Assert.That(polls, Is.EqualTo(3));
    }
}
