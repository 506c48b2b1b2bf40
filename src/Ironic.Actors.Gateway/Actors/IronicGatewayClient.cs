using Akka.Actor;
using Akka.Hosting;
using Ironic.Actors.Protocol;
using Ironic.Actors.Protocol.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Ironic.Actors.Gateway.Actors;

/// <summary>How the HTTP endpoints talk to the local <see cref="GatewayActor"/>: an Ask bound to the request.</summary>
public sealed class IronicGatewayClient(IRequiredActor<ActorKeys.Gateway> gateway, IOptions<GatewayOptions> options, IServiceProvider services)
{
    /// <summary>For a host that registers no actor system (a test's): keeps nothing, its time being zero.</summary>
    private static readonly NodeViewCache Uncached = new();

    private NodeViewCache? _nodes;

    /// <summary>
    /// The nodes this member read lately: the actor system's (Akka.Hosting registers it), looked up on first use, as the
    /// system starts after this client is made.
    /// </summary>
    public NodeViewCache Nodes => _nodes ??= services.GetService<ActorSystem>() is { } system ? NodeViewCache.For(system) : Uncached;

    /// <summary>
    /// Longest wait for an answer. The gateway may ask twice in a row (registry, then node), each bounded by
    /// <see cref="GatewayOptions.AskTimeout"/>, and answers <see cref="GatewayReplies.TimedOut"/> itself, so
    /// this outer limit only guards against a gateway that is gone.
    /// </summary>
    private TimeSpan Timeout => options.Value.AskTimeout * 2 + TimeSpan.FromSeconds(5);

    /// <summary>Asks the gateway actor; cancelled when the HTTP client goes away (<paramref name="requestAborted"/>).</summary>
    public async Task<object> AskAsync(object request, CancellationToken requestAborted)
    {
        var actor = await gateway.GetAsync(requestAborted);
        return await actor.Ask<object>(request, Timeout, requestAborted);
    }
}
