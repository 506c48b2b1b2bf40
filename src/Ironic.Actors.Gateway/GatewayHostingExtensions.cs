using Akka.Actor;
using Akka.Hosting;
using Ironic.Actors.Gateway.Actors;
using Ironic.Actors.Gateway.Api;
using Ironic.Actors.Gateway.Auth;
using Ironic.Actors.Protocol;
using Ironic.Actors.Protocol.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Ironic.Actors.Gateway;

/// <summary>Wires the HTTP gateway into a host: the gateway actor (Akka.Hosting) and the services the endpoints use.</summary>
public static class GatewayHostingExtensions
{
    /// <summary>The gateway actor's name under <c>/user</c>.</summary>
    public const string GatewayActorName = "ironic-gateway";

    /// <summary>
    /// Starts the <see cref="GatewayActor"/> and registers it as <see cref="ActorKeys.Gateway"/>. The node region
    /// (or proxy), the registry proxy and the query model must already be registered under
    /// <see cref="ActorKeys.NodeRegion"/>, <see cref="ActorKeys.NodeRegistry"/> and <see cref="ActorKeys.NodeQueryModel"/>,
    /// so call this after the methods that start them.
    /// </summary>
    public static AkkaConfigurationBuilder AddIronicGatewayActor(this AkkaConfigurationBuilder builder) =>
        builder.WithActors((system, registry, resolver) =>
        {
            var options = resolver.GetService<IOptions<GatewayOptions>>()?.Value ?? new GatewayOptions();
            NodeViewCache.For(system).MaxAge = options.NodeReadCacheTime;
            var gateway = system.ActorOf(
                GatewayActor.Props(
                    Required<ActorKeys.NodeRegion>(registry),
                    Required<ActorKeys.NodeRegistry>(registry),
                    Required<ActorKeys.NodeQueryModel>(registry),
                    options,
                    chassis: registry.TryGet<ActorKeys.Chassis>(out var chassis) ? chassis : null,
                    allocations: registry.TryGet<ActorKeys.Allocations>(out var allocations) ? allocations : null,
                    deployTemplates: registry.TryGet<ActorKeys.DeployTemplates>(out var templates) ? templates : null),
                GatewayActorName);
            registry.Register<ActorKeys.Gateway>(gateway);
        });

    /// <summary>
    /// Registers <see cref="GatewayOptions"/> (section <c>Ironic:Gateway</c>), <see cref="IronicGatewayClient"/> and the
    /// list pages' <see cref="Rendering.RenderedNodeCache"/>.
    /// Responses are written by the gateway itself (Python-style JSON), so no serializer options are needed;
    /// the request body limit (<see cref="GatewayOptions.MaxBodyBytes"/>) is applied per request by the API's
    /// filter, leaving the server-wide limits of an embedding host alone.
    /// </summary>
    public static IServiceCollection AddIronicGatewayServices(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<GatewayOptions>()
            .Bind(configuration.GetSection(GatewayOptions.SectionName))
            .Validate(o => o.MaxLimit > 0, "Ironic:Gateway:MaxLimit must be positive.")
            .Validate(o => o.MaxBodyBytes > 0, "Ironic:Gateway:MaxBodyBytes must be positive.")
            .Validate(o => o.AskTimeout > TimeSpan.Zero, "Ironic:Gateway:AskTimeout must be positive.")
            .Validate(o => o.ConductorQueryTimeout > TimeSpan.Zero, "Ironic:Gateway:ConductorQueryTimeout must be positive.")
            .Validate(o => o.WarmUpNodes >= 0, "Ironic:Gateway:WarmUpNodes must not be negative.")
            .Validate(o => o.WarmUpRehearsalNodes >= 0, "Ironic:Gateway:WarmUpRehearsalNodes must not be negative.")
            .Validate(o => o.WarmUpTime >= TimeSpan.Zero && o.WarmUpTime <= GatewayWarmUp.MaxWait,
                $"Ironic:Gateway:WarmUpTime must be between 0 and {GatewayWarmUp.MaxWait.TotalSeconds:0} s.")
            .Validate(o => o.NodeReadCacheTime >= TimeSpan.Zero, "Ironic:Gateway:NodeReadCacheTime must not be negative.")
            .Validate(o => o.RenderedNodeCacheMiB >= 0, "Ironic:Gateway:RenderedNodeCacheMiB must not be negative.");
        services.AddSingleton<IronicGatewayClient>();
        services.AddSingleton(sp => Rendering.RenderedNodeCache.OfMebibytes(sp.GetRequiredService<IOptions<GatewayOptions>>().Value.RenderedNodeCacheMiB));
        services.AddSingleton<MappedApi>();
        services.AddIronicAuth();
        return services;
    }

    /// <summary>
    /// Adds the start-up <see cref="GatewayWarmUp"/>: a few nodes read through the API once the host has started, its
    /// other requests held meanwhile (<see cref="WarmUpGate"/>) when <paramref name="holdStart"/> (a member that also
    /// hosts nodes), else beside them. It reads once the host has started, through the gateway actor the host's
    /// <c>AddAkka</c> starts; add it before the API is mapped (<c>MapIronicApi</c> finds the gate then).
    /// </summary>
    public static IServiceCollection AddIronicGatewayWarmUp(this IServiceCollection services, bool holdStart = true)
    {
        services.AddSingleton<WarmUpGate>();
        services.AddHostedService(sp => ActivatorUtilities.CreateInstance<GatewayWarmUp>(sp, holdStart));
        return services;
    }

    private static IActorRef Required<TKey>(IActorRegistry registry) =>
        registry.TryGet<TKey>(out var actor) && !actor.IsNobody()
            ? actor
            : throw new InvalidOperationException(
                $"The Ironic gateway needs the actor registered as ActorKeys.{typeof(TKey).Name}; " +
                "start it before calling AddIronicGatewayActor().");
}
