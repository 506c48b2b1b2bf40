using Ironic.Actors.Domain.Decisions;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Domain.Periodic;

namespace Ironic.Actors.Protocol.Periodic;

/// <summary>
/// What a conductor's periodic work (power-state sync, power-failure recovery, provisioning time-outs) says to
/// the node entities it hosts, and their answers. The periodic actors read the BMCs and the query model; a node
/// is only messaged when it may have to change, and it re-checks everything against its own state.
/// </summary>
public static class PeriodicCommands
{
    /// <summary>
    /// The sync read <paramref name="Reading"/> from the node's BMC and found it differs (or failed too often);
    /// <paramref name="PreviousFailures"/> is the conductor's count of consecutive failed syncs. Answers <see cref="PowerSynced"/>.
    /// </summary>
    public sealed record SyncPowerState(Guid NodeId, PowerReading Reading, int PreviousFailures) : IWithNodeId, IIronicMessage;

    /// <summary>The BMC of a node in maintenance for a power failure answered <paramref name="Reading"/>. Answers <see cref="PowerSynced"/>.</summary>
    public sealed record RecoverPowerFailure(Guid NodeId, PowerReading Reading) : IWithNodeId, IIronicMessage;

    /// <summary>The node's failure count after the sync, and what it did.</summary>
    public sealed record PowerSynced(Guid NodeId, int Failures, PowerSyncOutcome Outcome) : IIronicMessage;

    /// <summary>The query model shows the node waiting too long in a wait state: fail it if it still is. Answers <see cref="TimeoutChecked"/>.</summary>
    public sealed record CheckProvisionTimeout(Guid NodeId) : IWithNodeId, IIronicMessage;

    /// <summary><paramref name="Failed"/> is true when the node was moved to its failed state.</summary>
    public sealed record TimeoutChecked(Guid NodeId, bool Failed) : IIronicMessage;

    /// <summary>
    /// Sent through the node region to each shard before a pass, so that every shard is allocated to some
    /// conductor (and its nodes are synced by exactly one). Handled by a tiny keeper entity that stops at once.
    /// </summary>
    public sealed record KeepShard(string ShardId) : IIronicMessage;

    /// <summary>Answer to <see cref="KeepShard"/>: the shard is allocated.</summary>
    public sealed record ShardKept(string ShardId) : IIronicMessage;

    /// <summary>
    /// Runs a pass of a conductor's periodic actor now ("power-sync", "power-failure-recovery", "provision-timeouts"),
    /// or right after the one running. Answers <see cref="PassCompleted"/>.
    /// </summary>
    public sealed record RunPass(string Pass) : IIronicMessage;

    /// <summary>
    /// A pass ended: <paramref name="Nodes"/> hosted nodes looked at, <paramref name="Checked"/> of them read or
    /// checked, <paramref name="Changed"/> changed by their entity, <paramref name="Failed"/> whose read failed.
    /// </summary>
    public sealed record PassCompleted(string Pass, int Nodes, int Checked, int Changed, int Failed, TimeSpan Took) : IIronicMessage;
}

/// <summary>What the periodic actors ask the query model.</summary>
public static class PeriodicQueries
{
    /// <summary>
    /// One page of the nodes in the given shards (<paramref name="NumberOfShards"/> says how node ids map to shards): at
    /// most <paramref name="Limit"/> of them, only those in <paramref name="ProvisionStates"/> when given, and only those in
    /// maintenance for <paramref name="Fault"/> when given. Unfiltered, pages go shard after shard (in ordinal order of their
    /// ids) and in read-model row order within each, after row <paramref name="AfterRow"/> of shard
    /// <paramref name="AfterShard"/> (null: from the first shard); filtered, in row order over all the shards after row
    /// <paramref name="AfterRow"/>. Periodic passes walk the pages, so a pass over 100,000 nodes never holds them all.
    /// </summary>
    public sealed record ListHosted(
        IReadOnlyList<string> ShardIds, int NumberOfShards, long AfterRow = 0, int Limit = ListHosted.PageSize,
        IReadOnlyList<string>? ProvisionStates = null, string? Fault = null, string? AfterShard = null) : IIronicMessage
    {
        /// <summary>The page size periodic passes use.</summary>
        public const int PageSize = 500;
    }

    /// <summary>
    /// A page of <see cref="ListHosted"/>, as the query model last saw the nodes; <paramref name="LastShard"/> and
    /// <paramref name="LastRow"/> are where the next page starts, and a page shorter than the limit is the last.
    /// </summary>
    public sealed record HostedNodes(IReadOnlyList<Node> Nodes, long LastRow = 0, string? LastShard = null) : IIronicMessage;
}
