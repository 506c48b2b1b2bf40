using Akka.Actor;
using Akka.Event;
using Ironic.Actors.Conductor.ReadModel.Sql;
using Ironic.Actors.Domain.Decisions;
using Ironic.Actors.Protocol.Nodes;
using Ironic.Actors.Protocol.Periodic;
using Ironic.Actors.Protocol.Ports;
using Ironic.Actors.Protocol.Queries;

namespace Ironic.Actors.Conductor.ReadModel;

/// <summary>
/// This member's door to the read model: answers list queries (nodes, ports, portgroups) and the node sets periodic work
/// and takeover need, each with indexed SQL against the tables the node entities keep current. Nothing is held in
/// memory, so a member that just started answers at once, whatever the number of nodes. Each query runs off the
/// actor's thread and is piped back; a database that cannot answer gives <see cref="NodeQueries.Unavailable"/>.
/// </summary>
public sealed class NodeReadModelActor : ReceiveActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public NodeReadModelActor(ReadModelDatabase database)
    {
        var nodes = new NodeRowReader(database);
        var ports = new PortRowReader(database);

        Receive<NodeQueries.ListNodes>(q => Answer(nodes.PageAsync(q)));
        Receive<NodeQueries.FindNode>(q => Answer(Find(nodes, q.Ident)));
        Receive<PortQueries.ListPorts>(q => Answer(ports.PageAsync(q)));
        Receive<PortQueries.ListPortgroups>(q => Answer(ports.PageAsync(q)));
        Receive<PeriodicQueries.ListHosted>(q =>
        {
            var shards = q.ShardIds.Select(s => int.Parse(s, System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Answer(Hosted(nodes, shards));
        });
        Receive<NodeQueries.ListInterrupted>(_ => Answer(Interrupted(nodes)));
        Receive<NodeQueries.IsReady>(_ =>
        {
            var replyTo = Sender;
            database.EnsureSchemaAsync().PipeTo(replyTo, success: () => new NodeQueries.Ready(true), failure: _ => new NodeQueries.Ready(false));
        });
    }

    public static Props Props(ReadModelDatabase database) => Akka.Actor.Props.Create<NodeReadModelActor>(database);

    private static async Task<object> Find(NodeRowReader nodes, string ident) =>
        await nodes.FindAsync(ident) is { } view
            ? view
            : new NodeReplies.Rejected(RejectionKind.NotFound, Rejection.NodeNotFound(ident).Message);

    private static async Task<PeriodicQueries.HostedNodes> Hosted(NodeRowReader nodes, IReadOnlyCollection<int> shards) =>
        new(await nodes.InShardsAsync(shards));

    private static async Task<NodeQueries.InterruptedNodes> Interrupted(NodeRowReader nodes) => new(await nodes.InterruptedAsync());

    /// <summary>Pipes the query's answer to the sender, or <see cref="NodeQueries.Unavailable"/> when it failed.</summary>
    private void Answer<T>(Task<T> query) where T : notnull
    {
        var log = _log;
        query.PipeTo(Sender, success: result => result, failure: e =>
        {
            log.Warning(e, "Read model query failed");
            return new NodeQueries.Unavailable($"The node list is unavailable: its database did not answer ({e.GetBaseException().Message}). Please retry.");
        });
    }
}
