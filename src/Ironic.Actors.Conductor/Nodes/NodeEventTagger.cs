using System.Collections.Immutable;
using Akka.Persistence.Journal;
using Ironic.Actors.Domain.Events;
using Ironic.Actors.Protocol;

namespace Ironic.Actors.Conductor.Nodes;

/// <summary>Tags every stored node event so the query model can follow them all with one EventsByTag stream.</summary>
public sealed class NodeEventTagger : IWriteEventAdapter
{
    private static readonly IImmutableSet<string> Tags = ImmutableHashSet.Create(ActorKeys.NodeEventTag);

    public string Manifest(object evt) => string.Empty;

    public object ToJournal(object evt) => evt is INodeEvent ? new Tagged(evt, Tags) : evt;
}
