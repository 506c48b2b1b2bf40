namespace Ironic.Actors.Protocol.Tests;

/// <summary>The HOCON that binds Ironic's marker interfaces to <see cref="Serialization.IronicSerializer"/>, as hosting does.</summary>
internal static class IronicSerializerConfig
{
    public const string Hocon = """
        akka.actor.serializers.ironic = "Ironic.Actors.Protocol.Serialization.IronicSerializer, Ironic.Actors.Protocol"
        akka.actor.serialization-bindings {
          "Ironic.Actors.Protocol.IIronicMessage, Ironic.Actors.Protocol" = ironic
          "Ironic.Actors.Domain.Events.INodeEvent, Ironic.Actors.Domain" = ironic
        }
        """;
}
