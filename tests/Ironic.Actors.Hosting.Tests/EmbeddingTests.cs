using System.Text.Json.Nodes;
using Akka.Hosting;
using Ironic.Actors.Domain.States;
using Ironic.Actors.Drivers;
using Ironic.Actors.Gateway;
using Ironic.Actors.Gateway.Actors;
using Ironic.Actors.Hosting;
using Ironic.Actors.Protocol.Nodes;
using Ironic.Actors.Protocol.Queries;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NUnit.Framework;

namespace Ironic.Actors.Hosting.Tests;

/// <summary>
/// A .NET team embeds Ironic.Actors in a plain generic host (no web server of ours) through the public
/// Akka.Hosting extensions, and drives it through the gateway actor's client.
/// </summary>
public sealed class EmbeddingTests
{
    private string _dataDir = null!;

    [SetUp]
    public void CreateDataDirectory() => _dataDir = Directory.CreateTempSubdirectory("ironic-embedding-").FullName;

    [TearDown]
    public void RemoveDataDirectory() => Directory.Delete(_dataDir, recursive: true);

    [Test]
    public async Task A_generic_host_embeds_a_conductor_and_a_gateway_in_its_own_actor_system()
    {
        var options = new IronicOptions
        {
            Persistence = { DataDirectory = _dataDir },
            Conductor = { Host = "embedded" },
        };
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddIronicGatewayServices(new ConfigurationBuilder().Build());
        builder.Services.AddAkka("my-own-system", (akka, _) => akka
            .AddIronic(options, DriverCatalog.CreateRegistry(options.Hardware, TimeProvider.System), TimeProvider.System));

        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var client = host.Services.GetRequiredService<IronicGatewayClient>();
            var id = Guid.NewGuid();
            var body = new JsonObject { ["driver"] = "fake-hardware", ["name"] = "embedded-1" };

            var created = await client.AskAsync(new GatewayRequests.CreateNode(new NodeCommands.CreateNode(id, body, ProvisionStates.Enroll)), default);
            Assert.That(created, Is.TypeOf<NodeReplies.NodeView>());

            var byName = await client.AskAsync(new GatewayRequests.ForNode("embedded-1", uuid => new NodeCommands.GetNode(uuid)), default);
            Assert.That(((NodeReplies.NodeView)byName).Node.Uuid, Is.EqualTo(id));

            var page = await client.AskAsync(new GatewayRequests.ListNodes(new NodeQueries.ListNodes()), default);
            Assert.That(((NodeQueries.NodePage)page).Nodes.Select(v => v.Node.Name), Is.EqualTo(new[] { "embedded-1" }),
                "the write is in the next list (read-your-writes)");

            var conductors = (GatewayReplies.Conductors)await client.AskAsync(GatewayRequests.ListConductors.Instance, default);
            Assert.That(conductors.List.Select(c => (c.Info.Hostname, c.Alive)), Is.EqualTo(new[] { ("embedded", true) }));

            // A member started again on the address of one that left must be reachable before the failure detector gives
            // up on it: the remoting's gate on a failed address is shorter than the detector's pause.
            var config = host.Services.GetRequiredService<Akka.Actor.ActorSystem>().Settings.Config;
            Assert.That(config.GetTimeSpan("akka.remote.retry-gate-closed-for"),
                Is.LessThan(config.GetTimeSpan("akka.cluster.failure-detector.acceptable-heartbeat-pause")));
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Test]
    public void A_bad_driver_configuration_stops_the_process_at_start_as_ironic_conductor_does()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Ironic:Hardware:EnabledHardwareTypes:0"] = "no-such-hardware",
        }).Build();
        var services = new ServiceCollection();

        var error = Assert.Catch(() => services.AddIronicActors(configuration));
        Assert.That(error!.Message, Does.Contain("no-such-hardware"));
    }

    [Test]
    public void Roles_from_configuration_replace_the_default_rather_than_adding_to_it()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Ironic:Roles:0"] = "gateway",
        }).Build();
        var options = configuration.GetSection(IronicOptions.Section).Get<IronicOptions>()!;
        Assert.That((options.IsGateway, options.IsConductor), Is.EqualTo((true, false)));
        Assert.That((new IronicOptions().IsGateway, new IronicOptions().IsConductor), Is.EqualTo((true, true)));
    }
}
