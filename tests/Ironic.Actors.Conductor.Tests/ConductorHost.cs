using Akka.Actor;
using Akka.Cluster;
using Akka.Hosting;
using Ironic.Actors.Drivers;
using Ironic.Actors.Hosting;
using Ironic.Actors.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Ironic.Actors.Conductor.Tests;

/// <summary>
/// A real conductor member in a plain generic host: Akka cluster of one, SQLite journal in a folder the
/// test owns. Start it again on the same folder to test recovery. Every event and snapshot goes through
/// the Ironic serializer into SQLite and back, so stored types are verified for real; Akka's in-process
/// serialize-messages check cannot run here (the SQL journal's own internal messages carry Tasks).
/// </summary>
public sealed class ConductorHost : IAsyncDisposable
{
    private readonly IHost _host;

    private ConductorHost(IHost host) => _host = host;

    public ActorSystem System => _host.Services.GetRequiredService<ActorSystem>();

    public IActorRef Region => _host.Services.GetRequiredService<ActorRegistry>().Get<ActorKeys.NodeRegion>();

    public IActorRef QueryModel => _host.Services.GetRequiredService<ActorRegistry>().Get<ActorKeys.NodeQueryModel>();

    public static async Task<ConductorHost> StartAsync(string dataDirectory, Action<IronicOptions>? configure = null)
    {
        var options = new IronicOptions
        {
            Roles = [ActorKeys.ConductorRole],
            Persistence = { Provider = "sqlite", DataDirectory = dataDirectory },
            Conductor = { Host = "test-conductor", NumberOfShards = 10 },
        };
        configure?.Invoke(options);

        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddAkka("ironic", (akka, _) =>
            akka.AddIronic(options, DriverCatalog.CreateRegistry(options.Hardware, TimeProvider.System), TimeProvider.System));
        var host = builder.Build();
        await host.StartAsync();

        var upOrTimeout = new TaskCompletionSource();
        var system = host.Services.GetRequiredService<ActorSystem>();
        Cluster.Get(system).RegisterOnMemberUp(() => upOrTimeout.TrySetResult());
        await upOrTimeout.Task.WaitAsync(TimeSpan.FromSeconds(30));
        return new ConductorHost(host);
    }

    public async Task<T> AskAsync<T>(object message) => await Region.Ask<T>(message, TimeSpan.FromSeconds(15));

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(TimeSpan.FromSeconds(30));
        _host.Dispose();
    }
}
