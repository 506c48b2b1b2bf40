using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Decisions;
using Ironic.Actors.Domain.States;
using NUnit.Framework;
using static Ironic.Actors.Protocol.Nodes.NodeCommands;
using static Ironic.Actors.Protocol.Nodes.NodeReplies;
using static Ironic.Actors.Protocol.Replies;

namespace Ironic.Actors.Conductor.Tests;

/// <summary>
/// The same entity on the shared-server store: a real PostgreSQL that test.sh starts on loopback and names in
/// IRONIC_TEST_POSTGRES. Nodes, names and states must survive a restart of the conductor, as on SQLite.
/// </summary>
public sealed class PostgresJournalTests
{
    private static string ConnectionString =>
        Environment.GetEnvironmentVariable("IRONIC_TEST_POSTGRES") is { Length: > 0 } cs
            ? cs
            : throw new AssertionException("IRONIC_TEST_POSTGRES is not set: these tests need a PostgreSQL server. " +
                "Run the suite with `bash test.sh`, which starts one and sets it; a missing database must not pass them silently.");

    private static Task<ConductorHost> StartAsync() => ConductorHost.StartAsync(
        Path.GetTempPath(), o =>
        {
            o.Persistence.Provider = "postgresql";
            o.Persistence.ConnectionString = ConnectionString;
        });

    [Test]
    public async Task A_node_walks_its_lifecycle_and_survives_a_restart_on_postgresql()
    {
        var id = Guid.NewGuid();
        var name = "pg-" + id.ToString("N")[..8];
        await using (var host = await StartAsync())
        {
            await host.AskAsync<NodeView>(new CreateNode(id, new JsonObject { ["driver"] = "fake-hardware", ["name"] = name }, ProvisionStates.Enroll));
            foreach (var (verb, state) in new[] { ("manage", ProvisionStates.Manageable), ("provide", ProvisionStates.Available) })
            {
                Assert.That(await host.AskAsync<object>(new ChangeProvisionState(id, new ProvisionRequest(verb))), Is.TypeOf<Accepted>());
                var deadline = DateTime.UtcNow.AddSeconds(20);
                while ((await host.AskAsync<NodeView>(new GetNode(id))).Node.ProvisionState != state && DateTime.UtcNow < deadline)
                    await Task.Delay(20);
            }
        }

        await using (var host = await StartAsync())
        {
            var view = await host.AskAsync<NodeView>(new GetNode(id));
            Assert.That((view.Node.Name, view.Node.ProvisionState, view.Node.TargetProvisionState),
                Is.EqualTo((name, ProvisionStates.Available, (string?)null)));
            var clash = await host.AskAsync<Rejected>(new CreateNode(Guid.NewGuid(), new JsonObject { ["driver"] = "fake-hardware", ["name"] = name }, ProvisionStates.Enroll));
            Assert.That(clash.Message, Is.EqualTo($"A node with name {name} already exists."), "the registry recovered from PostgreSQL too");
        }
    }
}
