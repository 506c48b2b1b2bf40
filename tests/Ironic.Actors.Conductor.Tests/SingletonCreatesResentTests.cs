using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.Hosting;
using Ironic.Actors.Protocol;
using Ironic.Actors.Protocol.Allocations;
using Ironic.Actors.Protocol.Templates;
using NUnit.Framework;
using static Ironic.Actors.Protocol.Replies;

namespace Ironic.Actors.Conductor.Tests;

/// <summary>
/// A create a singleton stored while its conductor died before answering reaches the singleton's next incarnation as a
/// copy the gateway sent again: under a UUID the gateway generated for the request it finds what it made, and answers
/// with it; under one the client chose it is a conflict, as in Ironic.
/// </summary>
public sealed class SingletonCreatesResentTests
{
    private string _dataDir = null!;

    [SetUp]
    public void CreateDataDirectory() => _dataDir = Directory.CreateTempSubdirectory("ironic-resent-creates-").FullName;

    [TearDown]
    public void RemoveDataDirectory() => Directory.Delete(_dataDir, recursive: true);

    private static async Task<T> Ask<T>(IActorRef actor, object message) => await actor.Ask<T>(message, TimeSpan.FromSeconds(15));

    [Test]
    public async Task An_allocation_create_sent_again_answers_with_the_allocation_it_made()
    {
        var id = Guid.NewGuid();
        var create = new AllocationCommands.CreateAllocation(id, UuidGiven: false, new JsonObject { ["name"] = "alloc-resent", ["resource_class"] = "bm.none" });
        await using (var host = await ConductorHost.StartAsync(_dataDir))
            await Ask<AllocationReplies.AllocationView>(ActorRegistry.For(host.System).Get<ActorKeys.Allocations>(), create);

        await using (var host = await ConductorHost.StartAsync(_dataDir))
        {
            var allocations = ActorRegistry.For(host.System).Get<ActorKeys.Allocations>();
            var again = await Ask<AllocationReplies.AllocationView>(allocations, create);
            Assert.That((again.Allocation.Uuid, again.Allocation.Name), Is.EqualTo((id, "alloc-resent")));
            var named = await Ask<Rejected>(allocations, create with { UuidGiven = true, Body = new JsonObject { ["resource_class"] = "bm.none" } });
            Assert.That(named.Message, Is.EqualTo($"An allocation with UUID {id} already exists."));
        }
    }

    [Test]
    public async Task A_deploy_template_create_sent_again_answers_with_the_template_it_made()
    {
        var id = Guid.NewGuid();
        JsonObject Body() => new()
        {
            ["name"] = "CUSTOM_RESENT",
            ["steps"] = new JsonArray(new JsonObject
            {
                ["interface"] = "bios", ["step"] = "apply_configuration", ["args"] = new JsonObject(), ["priority"] = 10,
            }),
        };
        var create = new DeployTemplateCommands.CreateDeployTemplate(id, Body());
        await using (var host = await ConductorHost.StartAsync(_dataDir))
            await Ask<DeployTemplateReplies.DeployTemplateView>(ActorRegistry.For(host.System).Get<ActorKeys.DeployTemplates>(), create);

        await using (var host = await ConductorHost.StartAsync(_dataDir))
        {
            var templates = ActorRegistry.For(host.System).Get<ActorKeys.DeployTemplates>();
            var again = await Ask<DeployTemplateReplies.DeployTemplateView>(templates, create);
            Assert.That((again.Template.Uuid, again.Template.Name), Is.EqualTo((id, "CUSTOM_RESENT")));
            var body = Body();
            body["uuid"] = id.ToString();
            var named = await Ask<Rejected>(templates, new DeployTemplateCommands.CreateDeployTemplate(Guid.NewGuid(), body));
            Assert.That(named.Message, Is.EqualTo($"A deploy template with UUID {id} already exists."));
        }
    }
}
