using System.Diagnostics;
using System.Globalization;
using Ironic.Actors.Gateway;
using Ironic.Actors.Gateway.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ironic.Actors.Hosting;

/// <summary>
/// Scratch instances of a member's API for the warm-up's rehearsal of writes (<see cref="IScratchApiFactory"/>): a
/// second web application in this process, put together as a member that is both gateway and conductor
/// (<see cref="IronicHostingExtensions.AddIronicActors"/>, <see cref="IronicApi.MapIronicApi"/>) from default settings
/// only — none of the member's own, so never its store, cluster, seed nodes or ports: a new SQLite database in a
/// temporary directory, an actor system of another name that joins only itself, every port chosen by the system on
/// loopback, no management endpoint, no metrics, no warm-up of its own. Its errors go to this host's log (categories
/// prefixed <c>Scratch:</c>); it does not listen to the process's signals.
/// </summary>
public sealed class ScratchApiFactory(ILoggerFactory logs) : IScratchApiFactory
{
    /// <summary>Directories of scratch stores are named with this, then the owning process's id.</summary>
    public const string DirectoryPrefix = "ironic-actors-scratch-";

    public async Task<IScratchApi> StartAsync(CancellationToken cancellationToken)
    {
        RemoveAbandoned();
        var directory = Directory.CreateTempSubdirectory($"{DirectoryPrefix}{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}-");
        WebApplication? app = null;
        try
        {
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = directory.FullName });
            builder.Configuration.Sources.Clear();
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Urls"] = "http://127.0.0.1:0",
                ["Ironic:Persistence:Provider"] = "sqlite",
                ["Ironic:Persistence:DataDirectory"] = directory.FullName,
                ["Ironic:Cluster:SystemName"] = "ironic-scratch",
                ["Ironic:Cluster:Hostname"] = "127.0.0.1",
                ["Ironic:Cluster:Port"] = "0",
                ["Ironic:Management:Urls"] = "",
                ["Ironic:Management:Metrics"] = "false",
                ["Ironic:Gateway:WarmUpNodes"] = "0",
            });
            builder.Logging.ClearProviders();
            builder.Logging.AddProvider(new ForwardedLogs(logs));
            // Errors only: its start's warnings (singleton proxies still looking, as a member's at start) are not the operator's.
            builder.Logging.SetMinimumLevel(LogLevel.Error);
            builder.Services.AddSingleton<IHostLifetime, NoSignals>();
            builder.Services.AddIronicActors(builder.Configuration);
            app = builder.Build();
            app.MapIronicApi();
            await app.StartAsync(cancellationToken);
            return new Running(app, directory, app.Urls.First());
        }
        catch
        {
            if (app is not null)
                await app.DisposeAsync();
            Delete(directory);
            throw;
        }
    }

    /// <summary>Scratch directories whose process is gone (killed while it rehearsed) are removed.</summary>
    private static void RemoveAbandoned()
    {
        foreach (var directory in new DirectoryInfo(Path.GetTempPath()).EnumerateDirectories(DirectoryPrefix + "*"))
        {
            var owner = directory.Name[DirectoryPrefix.Length..].Split('-')[0];
            if (int.TryParse(owner, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid != Environment.ProcessId && !IsRunning(pid))
                Delete(directory);
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static void Delete(DirectoryInfo directory)
    {
        try
        {
            directory.Delete(recursive: true);
        }
        catch (IOException)
        {
            // another process's, or already gone: left to the system's temporary-file cleaning
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private sealed class Running(WebApplication app, DirectoryInfo directory, string address) : IScratchApi
    {
        public string Address => address;

        public async ValueTask DisposeAsync()
        {
            try
            {
                await app.StopAsync();
            }
            finally
            {
                await app.DisposeAsync();
                Delete(directory);
            }
        }
    }

    /// <summary>The process's signals (SIGTERM, Ctrl+C) are the member's to handle; the scratch instance is stopped by its owner.</summary>
    private sealed class NoSignals : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary>The scratch instance's log entries, written to the member's loggers under <c>Scratch:</c> categories.</summary>
    private sealed class ForwardedLogs(ILoggerFactory logs) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => logs.CreateLogger("Scratch:" + categoryName);

        public void Dispose()
        {
        }
    }
}
