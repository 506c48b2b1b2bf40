using System.Reflection;
using System.Runtime.InteropServices;

namespace Ironic.Actors.Bench.Scale;

/// <summary>
/// Finds the server to start without referencing its project: the Ironic.Actors.Server build of this
/// configuration in the same source tree (src/Ironic.Actors.Server/bin/CONFIG/TFM), else one copied beside this
/// program; and the <c>dotnet</c> host to run it with.
/// </summary>
internal static class ServerLocator
{
    private const string Dll = "Ironic.Actors.Server.dll";
    private const string RuntimeConfig = "Ironic.Actors.Server.runtimeconfig.json";

    /// <summary>The full path of the server dll; throws <see cref="FileNotFoundException"/> naming where it looked.</summary>
    public static string Find(string? given)
    {
        if (given is not null)
            return File.Exists(given) ? Path.GetFullPath(given) : throw new FileNotFoundException($"--server-dll: no file '{given}'");

        var candidates = Candidates().ToList();
        foreach (var directory in candidates)
        {
            if (File.Exists(Path.Combine(directory, Dll)) && File.Exists(Path.Combine(directory, RuntimeConfig)))
                return Path.GetFullPath(Path.Combine(directory, Dll));
        }

        throw new FileNotFoundException(
            $"{Dll} was not found in any of: {string.Join(", ", candidates)}. "
            + "Build it first (dotnet build src/Ironic.Actors.Server -c Release) or pass --server-dll PATH.");
    }

    /// <summary>The <c>dotnet</c> host running this program, else the one beside the shared runtime, else the one on PATH.</summary>
    public static string DotnetHost()
    {
        var current = Environment.ProcessPath;
        if (current is not null && Path.GetFileNameWithoutExtension(current).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
            return current;
        var announced = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(announced) && File.Exists(announced))
            return announced;
        // .../dotnet/shared/Microsoft.NETCore.App/10.0.x/ → .../dotnet/dotnet
        var root = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var beside = Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
        return File.Exists(beside) ? beside : "dotnet";
    }

    private static IEnumerable<string> Candidates()
    {
        var here = AppContext.BaseDirectory;
        var framework = new DirectoryInfo(here).Name; // net10.0
        var configuration = typeof(ServerLocator).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration;
        var configurations = new[] { configuration, "Release", "Debug" }.Where(c => !string.IsNullOrEmpty(c)).Distinct().ToList();
        for (var directory = new DirectoryInfo(here); directory is not null; directory = directory.Parent)
        {
            // src/Ironic.Actors.Bench/bin/Release/net10.0 → src/Ironic.Actors.Server/...; tests/X/bin/... → (root)/src/...
            foreach (var sources in new[] { directory.FullName, Path.Combine(directory.FullName, "src") })
            {
                var server = Path.Combine(sources, "Ironic.Actors.Server");
                if (Directory.Exists(server))
                {
                    foreach (var config in configurations)
                        yield return Path.Combine(server, "bin", config!, framework);
                }
            }
        }

        yield return here;
    }
}
