using Ironic.Actors.Domain.Nodes;

namespace Ironic.Actors.Protocol.Nodes;

/// <summary>What a node entity saves as its snapshot: the node, or null once deleted.</summary>
public sealed record NodeSnapshot(Node? Node) : IIronicMessage;
