using System.Diagnostics;
using System.Reflection;

namespace Ironic.Actors.Client.Tests.Infrastructure;

/// <summary>Starts the agent double (tests/Ironic.Actors.AgentDouble) as its own process.</summary>
public static class AgentDoubleProcess
{
    /// <summary>Starts the double with <paramref name="arguments"/> (its command line, see AgentSettings).</summary>
    public static Process Start(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false };
        start.ArgumentList.Add(LocateDll());
        foreach (var arg in arguments)
            start.ArgumentList.Add(arg);
        return Process.Start(start) ?? throw new InvalidOperationException("Could not start the agent double.");
    }

    /// <summary>Kills <paramref name="process"/> (and its children) if it still runs.</summary>
    public static void Kill(Process? process)
    {
        if (process is null)
            return;
        try
        {
            if (!process.HasExited)
                process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }
        process.Dispose();
    }

    private static string LocateDll()
    {
        const string dll = "Ironic.Actors.AgentDouble.dll";
        var here = Path.Combine(AppContext.BaseDirectory, dll);
        if (File.Exists(here) && File.Exists(Path.ChangeExtension(here, ".runtimeconfig.json")))
            return here;
        var configuration = typeof(AgentDoubleProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        var framework = new DirectoryInfo(AppContext.BaseDirectory).Name;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "Ironic.Actors.AgentDouble", "bin", configuration, framework, dll);
            if (File.Exists(candidate))
                return candidate;
        }
        throw new FileNotFoundException($"{dll} was not found; build tests/Ironic.Actors.AgentDouble first.");
    }
}
