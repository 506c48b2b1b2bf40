using System.Text.Encodings.Web;
using System.Text.Json;
using Ironic.Actors.Gateway.Api;
using Ironic.Actors.Gateway.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Ironic.Actors.Hosting.Management;

/// <summary>
/// The management endpoint every member serves for the cluster inspection tool (Ironic.Actors.Cmd): its own listen
/// address (<see cref="ManagementOptions.Urls"/>, loopback by default), JSON routes for members, shard regions and node
/// location, leave/down under the rule of <see cref="ManagementAccess"/>, liveness and readiness (<see cref="Health"/>) and
/// Prometheus metrics (<see cref="MetricsSetup"/>). Requests are told apart by the port they
/// arrived on, not by their Host header: the API port never serves these routes, this port never serves the API.
/// </summary>
public static class ManagementEndpoints
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        // Answers are JSON for the tool and for people, never HTML: keep quotes and apostrophes readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>
    /// Binds <see cref="ManagementOptions"/> from <c>Ironic:Management</c>, checks its URLs (an explicit port the API's
    /// <c>urls</c> do not use; <see cref="InvalidOperationException"/> otherwise) and adds them to the server's listen
    /// addresses when the web host starts. Map the routes with <see cref="MapIronicManagement"/>.
    /// </summary>
    public static IServiceCollection AddIronicManagement(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(ManagementOptions.Section).Get<ManagementOptions>() ?? new ManagementOptions();
        var urls = options.ParseUrls();
        options.CheckDurations();
        var apiPorts = ApiPorts(configuration["urls"]);
        if (urls.FirstOrDefault(u => apiPorts.Contains(u.Port)) is { } clash)
            throw new InvalidOperationException(
                $"{ManagementOptions.Section}:Urls uses port {clash.Port}, which the Ironic API listens on too (urls); give it a port of its own.");

        services.AddOptions<ManagementOptions>().Bind(configuration.GetSection(ManagementOptions.Section));
        services.AddSingleton<ClusterInspector>();
        if (urls.Count > 0)
            services.AddSingleton<IStartupFilter>(new ListenFilter(options.Urls));
        if (urls.Count > 0 && options.Metrics)
            services.AddIronicMetrics();
        return services;
    }

    /// <summary>Maps the management routes (only answered on the management port) and the guard that keeps the two ports apart.</summary>
    public static WebApplication MapIronicManagement(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<ManagementOptions>>().Value;
        var urls = options.ParseUrls();
        if (urls.Count == 0)
            return app;
        var ports = urls.Select(u => u.Port).ToHashSet();
        var loopbackOnly = ManagementOptions.AllLoopback(urls);

        app.Use(async (http, next) =>
        {
            var onManagementPort = ports.Contains(http.Connection.LocalPort);
            var isManagementRoute = http.GetEndpoint()?.Metadata.GetMetadata<ManagementRoute>() is not null;
            if (onManagementPort == isManagementRoute)
                await next(http);
            else if (onManagementPort)
                await Results.Json(new ManagementError($"No management route {http.Request.Method} {http.Request.Path}."), Json,
                    statusCode: StatusCodes.Status404NotFound).ExecuteAsync(http);
            else
                await IronicResults.Error(StatusCodes.Status404NotFound, Messages.ResourceNotFound).ExecuteAsync(http);
        });

        Route(app.MapGet("/cluster/members", (ClusterInspector cluster, HttpContext http) =>
            Answer(() => cluster.MembersAsync(http.RequestAborted))));
        Route(app.MapGet("/cluster-sharding/regions", (ClusterInspector cluster, HttpContext http) =>
            Answer(() => cluster.RegionsAsync(http.RequestAborted))));
        Route(app.MapGet("/cluster-sharding/region-stats", (ClusterInspector cluster, HttpContext http) =>
            Answer(() => cluster.RegionStatsAsync(http.RequestAborted))));
        Route(app.MapGet("/nodes/{ident}/locate", (string ident, ClusterInspector cluster, HttpContext http) =>
            Answer(() => cluster.LocateAsync(ident, http.RequestAborted))));
        Route(app.MapPost("/cluster/leave", (ClusterInspector cluster, HttpContext http) =>
            ChangeMembership(cluster, http, options, loopbackOnly, down: false)));
        Route(app.MapPost("/cluster/down", (ClusterInspector cluster, HttpContext http) =>
            ChangeMembership(cluster, http, options, loopbackOnly, down: true)));
        Route(app.MapGet("/bootstrap/seed-nodes", (HttpContext http) =>
        {
            // What the cluster bootstrap of other members asks (Bootstrap.ClusterBootstrapActor): this member's address
            // and the members it sees up; answered before this member has joined anything (no members then).
            var cluster = Akka.Cluster.Cluster.Get(http.RequestServices.GetRequiredService<Akka.Actor.ActorSystem>());
            var members = cluster.State.Members
                .Where(m => m.Status is Akka.Cluster.MemberStatus.Up or Akka.Cluster.MemberStatus.WeaklyUp)
                .Select(m => m.Address.ToString()).Order(StringComparer.Ordinal).ToList();
            return Results.Json(new Bootstrap.SeedNodesView(cluster.SelfAddress.ToString(), members), Json);
        }));
        Route(app.MapGet("/healthz", () => Results.Json(Health.Alive, Json)));
        Route(app.MapGet("/readyz", async (HttpContext http) =>
        {
            var (status, body) = await Health.CheckAsync(http.RequestServices, options.ReadinessTimeout);
            return Results.Json(body, Json, statusCode: status);
        }));
        if (options.Metrics)
            Route(app.MapPrometheusScrapingEndpoint("/metrics"));
        return app;
    }

    private static async Task<IResult> ChangeMembership(
        ClusterInspector cluster, HttpContext http, ManagementOptions options, bool loopbackOnly, bool down)
    {
        var decision = ManagementAccess.Decide(loopbackOnly, options.Secret, http.Request.Headers[ManagementAccess.SecretHeader].FirstOrDefault());
        if (!decision.Allowed)
            return Results.Json(new ManagementError(decision.Reason!), Json, statusCode: StatusCodes.Status403Forbidden);
        MembershipRequest? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync<MembershipRequest>(http.Request.Body, Json, http.RequestAborted);
        }
        catch (JsonException)
        {
            request = null;
        }
        if (string.IsNullOrWhiteSpace(request?.Address))
            return Results.Json(new ManagementError("The body must be {\"address\": \"akka.tcp://SYSTEM@HOST:PORT\"}."), Json,
                statusCode: StatusCodes.Status400BadRequest);
        return await Answer(() => cluster.ChangeMembershipAsync(request.Address, down, http.RequestAborted), StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> Answer<T>(Func<Task<T>> work, int status = StatusCodes.Status200OK)
    {
        try
        {
            return Results.Json(await work(), Json, statusCode: status);
        }
        catch (ManagementProblem problem)
        {
            return Results.Json(new ManagementError(problem.Message), Json, statusCode: problem.Status);
        }
    }

    private static void Route(IEndpointConventionBuilder endpoint) => endpoint.WithMetadata(ManagementRoute.Instance);

    private static HashSet<int> ApiPorts(string? urls)
    {
        var ports = new HashSet<int>();
        foreach (var text in (urls ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parsable = text.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal);
            if (Uri.TryCreate(parsable, UriKind.Absolute, out var uri))
                ports.Add(uri.Port);
        }
        return ports;
    }

    /// <summary>Marks the endpoints the guard lets through on the management port (and only there).</summary>
    private sealed class ManagementRoute
    {
        public static readonly ManagementRoute Instance = new();
    }

    /// <summary>
    /// Adds the management URLs to the addresses the server binds, once the host has filled them from <c>urls</c>
    /// (ASP.NET reads <c>urls</c> only into an empty list, so adding earlier would lose the API's address).
    /// </summary>
    private sealed class ListenFilter(string urls) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            var addresses = app.ServerFeatures.Get<IServerAddressesFeature>()?.Addresses;
            if (addresses is { IsReadOnly: false })
            {
                if (addresses.Count == 0)
                    addresses.Add("http://localhost:5000"); // what Kestrel binds when nothing else is configured
                foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    addresses.Add(url);
            }
            next(app);
        };
    }
}
