using System.Net;
using Akka.Actor;
using Akka.Hosting;
using Ironic.Actors.Gateway.Actors;
using Ironic.Actors.Gateway.Api;
using Ironic.Actors.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using NUnit.Framework;

namespace Ironic.Actors.Gateway.UnitTests;

/// <summary>
/// The start-up warm-up's parts: its loopback HTTP reads against a real Kestrel (lengths, chunks, kept-alive and closed
/// connections), and the gate that holds the API's requests until it is done while its own pass.
/// </summary>
public class WarmUpTests
{
    [TestCase("http://127.0.0.1:6385", "127.0.0.1:6385")]
    [TestCase("http://0.0.0.0:6385", "127.0.0.1:6385")]
    [TestCase("http://[::]:6385", "[::1]:6385")]
    [TestCase("http://localhost:5000", "127.0.0.1:5000")]
    [TestCase("http://+:80", "127.0.0.1:80")]
    [TestCase("http://10.1.2.3:6385", "10.1.2.3:6385")]
    [TestCase("https://127.0.0.1:6385", null)]
    [TestCase("http://ironic.example.org:6385", null)]
    [TestCase("not an address", null)]
    public void A_server_address_is_reached_on_loopback_when_it_listens_on_every_interface(string address, string? expected) =>
        Assert.That(LoopbackHttp.EndpointOf(address)?.ToString(), Is.EqualTo(expected));

    [Test]
    [CancelAfter(30_000)]
    public async Task The_compiler_counts_as_quiet_only_once_nothing_was_compiled_for_as_long_as_asked(CancellationToken ct)
    {
        // Nothing compiles in this test process for long (once its own code is compiled): quiet within the bound.
        var (_, quiet) = await CompilerQuiet.WaitAsync(TimeSpan.FromSeconds(20), ct, quietFor: TimeSpan.FromMilliseconds(100));
        Assert.That(quiet, Is.True);

        // A bound shorter than the quiet asked for ends the wait first: not quiet, and not waited for longer than asked.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        (_, quiet) = await CompilerQuiet.WaitAsync(TimeSpan.FromMilliseconds(100), ct, quietFor: TimeSpan.FromSeconds(5));
        Assert.That(quiet, Is.False);
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)));
    }

    [Test]
    public async Task Loopback_reads_skip_bodies_by_length_and_by_chunks_and_keep_the_connection_unless_told_to_close()
    {
        var connections = new List<string>();
        await using var app = await StartAsync(web =>
        {
            web.Use(async (http, next) =>
            {
                lock (connections)
                    connections.Add(http.Connection.Id);
                await next(http);
            });
            web.MapGet("/fixed", () => Results.Text(new string('x', 40_000)));
            web.MapGet("/chunked", async (HttpContext http) =>
            {
                for (var i = 0; i < 3; i++)
                {
                    await http.Response.WriteAsync(new string('y', 20_000));
                    await http.Response.Body.FlushAsync();
                }
            });
            web.MapGet("/close", (HttpContext http) =>
            {
                http.Response.Headers.Connection = "close";
                return Results.Text("bye");
            });
        });
        using var reads = new LoopbackHttp(LoopbackHttp.EndpointOf(app.Urls.First())!, "X-Test: 1\r\n");

        Assert.That(await reads.GetAsync("/fixed", CancellationToken.None), Is.EqualTo(200));
        Assert.That(await reads.GetAsync("/chunked", CancellationToken.None), Is.EqualTo(200));
        Assert.That(await reads.GetAsync("/nowhere", CancellationToken.None), Is.EqualTo(404));
        Assert.That(await reads.GetAsync("/fixed", CancellationToken.None), Is.EqualTo(200));
        Assert.That(connections.Distinct().Count(), Is.EqualTo(1), "four reads one after the other, on one kept-alive connection");

        Assert.That(await reads.GetAsync("/close", CancellationToken.None), Is.EqualTo(200));
        Assert.That(await reads.GetAsync("/fixed", CancellationToken.None), Is.EqualTo(200));
        Assert.That(connections.Distinct().Count(), Is.EqualTo(2), "the server closed the first: the next read opened another");
    }

    [Test]
    public async Task Loopback_requests_send_a_json_body_and_read_the_answers_body_by_length_and_by_chunks()
    {
        await using var app = await StartAsync(web =>
        {
            web.MapPost("/echo", async (HttpContext http) =>
            {
                using var reader = new StreamReader(http.Request.Body);
                return Results.Text($"{http.Request.ContentType}|{await reader.ReadToEndAsync()}", statusCode: 201);
            });
            web.MapDelete("/chunked", async (HttpContext http) =>
            {
                foreach (var part in new[] { "é", new string('z', 20_000), "end" })
                {
                    await http.Response.WriteAsync(part);
                    await http.Response.Body.FlushAsync();
                }
            });
        });
        using var http = new LoopbackHttp(LoopbackHttp.EndpointOf(app.Urls.First())!, "");

        var (status, body) = await http.SendAsync(HttpMethod.Post, "/echo", """{"name": "nœud"}""", readBody: true, CancellationToken.None);
        Assert.That((status, body), Is.EqualTo((201, """application/json|{"name": "nœud"}""")));
        var chunked = await http.SendAsync(HttpMethod.Delete, "/chunked", null, readBody: true, CancellationToken.None);
        Assert.That((chunked.Status, chunked.Body), Is.EqualTo((200, "é" + new string('z', 20_000) + "end")));
        Assert.That(await http.SendAsync(HttpMethod.Post, "/echo", "{}", readBody: false, CancellationToken.None), Is.EqualTo((201, (string?)null)),
            "a body not asked for is skipped");
    }

    [Test]
    public async Task While_the_gate_is_closed_the_api_holds_a_clients_request_and_lets_the_warm_ups_own_through()
    {
        var gate = new WarmUpGate();
        using var system = ActorSystem.Create("warm-up-tests");
        var cluster = new FakeCluster();
        var gateway = system.ActorOf(GatewayActor.Props(
            system.ActorOf(Props.Create(() => new FakeCluster.Region(cluster))),
            system.ActorOf(Props.Create(() => new FakeCluster.Registry(cluster))),
            system.ActorOf(Props.Create(() => new FakeCluster.QueryModel(cluster))),
            new GatewayOptions()));
        await using var app = await StartAsync(web => web.MapIronicApi(), services =>
        {
            services.AddSingleton(gate);
            services.AddSingleton<IRequiredActor<ActorKeys.Gateway>>(new FakeCluster.FixedActor<ActorKeys.Gateway>(gateway));
        });
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };

        var client = http.GetAsync("/v1");
        var ownRequest = new HttpRequestMessage(HttpMethod.Get, "/v1");
        ownRequest.Headers.Add(WarmUpGate.Header, gate.Token);
        using (var own = await http.SendAsync(ownRequest))
            Assert.That(own.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the warm-up's request passes");
        var wrongToken = new HttpRequestMessage(HttpMethod.Get, "/v1");
        wrongToken.Headers.Add(WarmUpGate.Header, "guess");
        var guessed = http.SendAsync(wrongToken);
        Assert.That(client.IsCompleted || guessed.IsCompleted, Is.False, "a client's request (or one with a wrong token) waits");

        gate.Open();
        using (var answered = await client)
            Assert.That(answered.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using (var answered = await guessed)
            Assert.That(answered.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using (var later = await http.GetAsync("/v1"))
            Assert.That(later.StatusCode, Is.EqualTo(HttpStatusCode.OK), "open: no wait");
        await system.Terminate();
    }

    private static async Task<WebApplication> StartAsync(Action<WebApplication> map, Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddIronicGatewayServices(builder.Configuration);
        services?.Invoke(builder.Services);
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        return app;
    }
}
