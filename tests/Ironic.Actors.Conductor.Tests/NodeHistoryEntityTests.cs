using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Decisions;
using Ironic.Actors.Domain.States;
using NUnit.Framework;
using static Ironic.Actors.Protocol.Nodes.NodeCommands;
using static Ironic.Actors.Protocol.Nodes.NodeReplies;
using static Ironic.Actors.Protocol.Replies;
using static Ironic.Actors.Protocol.Nodes.NodeSubResourceCommands;

namespace Ironic.Actors.Conductor.Tests;

/// <summary>
/// A node's history on a real conductor: the failure found by a takeover (a deploy interrupted by the conductor's stop)
/// is recorded with the conductor that resolved it, in the same write as the failure, and it is recovered after a
/// restart from the node's read-model row, as its ports are.
/// </summary>
public sealed class NodeHistoryEntityTests
{
    private string _dataDir = null!;

    [SetUp]
    public void CreateDataDirectory() => _dataDir = Directory.CreateTempSubdirectory("ironic-history-tests-").FullName;

    [TearDown]
    public void RemoveDataDirectory() => Directory.Delete(_dataDir, recursive: true);

    [Test]
    public async Task An_interrupted_deploy_is_recorded_in_the_history_and_the_history_survives_restarts()
    {
        var id = Guid.NewGuid();
        await using (var host = await ConductorHost.StartAsync(_dataDir, o =>
                     {
                         o.Hardware.FakeDelays.Deploy = "600";
                         o.Conductor.HandOffGracePeriod = 1;
                     }))
        {
            await host.AskAsync<NodeView>(new CreateNode(id, new JsonObject { ["driver"] = "fake-hardware" }, ProvisionStates.Available));
            Assert.That((await host.AskAsync<History>(new GetHistory(id))).Entries, Is.Empty);
            await host.AskAsync<Accepted>(new ChangeProvisionState(id, new ProvisionRequest("active")));
        } // the conductor stops with the deploy still running

        Domain.Nodes.NodeHistoryEntry recorded;
        await using (var host = await ConductorHost.StartAsync(_dataDir))
        {
            var failed = await host.EventuallyAsync(id, n => n.ProvisionState == ProvisionStates.DeployFailed);
            var history = await host.AskAsync<History>(new GetHistory(id));
            Assert.That(history.NodeId, Is.EqualTo(id));
            recorded = history.Entries.Single();
            Assert.That((recorded.Severity, recorded.EventType, recorded.Event, recorded.Conductor, recorded.User),
                Is.EqualTo(("ERROR", "transition", failed.LastError, "test-conductor", (string?)null)));
            Assert.That(recorded.CreatedAt, Is.EqualTo(failed.ProvisionUpdatedAt ?? failed.UpdatedAt), "stored with the failure");
        }

        await using (var host = await ConductorHost.StartAsync(_dataDir))
        {
            var history = await host.AskAsync<History>(new GetHistory(id));
            Assert.That(history.Entries, Is.EqualTo(new[] { recorded }), "recovered from the node's row");
            Assert.That((await host.AskAsync<Rejected>(new GetHistory(Guid.NewGuid()))).Kind, Is.EqualTo(RejectionKind.NotFound));
        }
    }
}
