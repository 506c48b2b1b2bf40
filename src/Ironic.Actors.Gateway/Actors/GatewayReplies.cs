using Akka.Actor;
using Ironic.Actors.Protocol.Conductors;

namespace Ironic.Actors.Gateway.Actors;

/// <summary>Answers only the gateway actor gives (local, like <see cref="GatewayRequests"/>).</summary>
public static class GatewayReplies
{
    /// <summary>Something the gateway asked did not answer in time; the API answers 503.</summary>
    public sealed record TimedOut(string Message) : INoSerializationVerificationNeeded;

    /// <summary>Every conductor the gateway knows of; those that answered just now are alive.</summary>
    public sealed record Conductors(IReadOnlyList<ConductorStatus> List) : INoSerializationVerificationNeeded;
}

/// <summary>A conductor as last described by itself; <paramref name="UpdatedAt"/> is when it last answered.</summary>
public sealed record ConductorStatus(ConductorMessages.ConductorInfo Info, bool Alive, DateTimeOffset UpdatedAt);
