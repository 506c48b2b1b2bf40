using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Ironic.Actors.Client.Tests.Infrastructure;

/// <summary>
/// Runs the Python scripts of this project's <c>Sdk</c> folder (copied to the output) with an interpreter that can
/// import openstacksdk (Debian's python3-openstacksdk installs it for <c>/usr/bin/python3</c>, which need not be the
/// <c>python3</c> first on PATH). Like <see cref="BaremetalCli"/>, a run gets a private HOME and no <c>OS_*</c>
/// variables, so that no clouds.yaml or cache of the machine interferes.
/// </summary>
public static class PythonSdk
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    /// <summary>The first of /usr/bin/python3 and python3 on PATH that imports <c>openstack</c>, or null.</summary>
    public static string? LocateInterpreter()
    {
        foreach (var candidate in new[] { "/usr/bin/python3", "python3" })
        {
            try
            {
                using var probe = Process.Start(new ProcessStartInfo(candidate, ["-c", "import openstack"])
                {
                    UseShellExecute = false,
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                });
                if (probe is null)
                    continue;
                probe.StandardOutput.ReadToEnd();
                probe.StandardError.ReadToEnd();
                if (probe.WaitForExit(TimeSpan.FromSeconds(60)) && probe.ExitCode == 0)
                    return candidate;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // not installed
            }
        }

        return null;
    }

    /// <summary>Full path of a script of the Sdk folder in the test output.</summary>
    public static string Script(string name) => Path.Combine(AppContext.BaseDirectory, "Sdk", name);

    /// <summary>Runs <paramref name="script"/> with <paramref name="args"/>; returns exit code, stdout and stderr.</summary>
    public static async Task<SdkRun> RunAsync(string interpreter, string script, params string[] args)
    {
        var home = Path.Combine(Path.GetTempPath(), "ironic-sdk-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(home);
        try
        {
            var run = await ChildProcess.RunAsync(ChildProcess.Isolated(interpreter, home, [script, .. args]), Timeout);
            return run.TimedOut
                ? new SdkRun(-1, run.StdOut, run.StdErr + Environment.NewLine + "(timed out)")
                : new SdkRun(run.ExitCode, run.StdOut, run.StdErr);
        }
        finally
        {
            try
            {
                Directory.Delete(home, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}

/// <summary>One run of an SDK script.</summary>
public sealed record SdkRun(int ExitCode, string StdOut, string StdErr)
{
    /// <summary>What the script printed, as JSON (null when it is not JSON).</summary>
    public JsonObject? Output
    {
        get
        {
            try
            {
                return JsonNode.Parse(StdOut) as JsonObject;
            }
            catch (System.Text.Json.JsonException)
            {
                return null;
            }
        }
    }

    public override string ToString() =>
        $"exit {ExitCode}{Environment.NewLine}stdout: {StdOut}{Environment.NewLine}stderr: {StdErr}";
}
