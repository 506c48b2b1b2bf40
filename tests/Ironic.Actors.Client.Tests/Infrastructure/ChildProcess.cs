using System.Diagnostics;
using System.Text;

namespace Ironic.Actors.Client.Tests.Infrastructure;

/// <summary>
/// Runs the Python clients (the <c>baremetal</c> CLI, the SDK scripts) as child processes: with a private HOME, no
/// <c>OS_*</c> variables, UTF-8 output and quiet Python, so that no clouds.yaml or cache of the machine interferes,
/// and killed (with its children) when it outlives its time-out.
/// </summary>
public static class ChildProcess
{
    /// <summary>
    /// How to start <paramref name="program"/> with <paramref name="args"/> in <paramref name="home"/> (also its HOME);
    /// with <paramref name="closeInput"/> its stdin is redirected and closed at once, so it never waits for a prompt.
    /// </summary>
    public static ProcessStartInfo Isolated(string program, string home, IEnumerable<string> args, bool closeInput = false)
    {
        var start = new ProcessStartInfo(program)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = closeInput,
            WorkingDirectory = home,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("OS_", StringComparison.Ordinal)).ToList())
            start.Environment.Remove(key);
        start.Environment["HOME"] = home;
        start.Environment.Remove("XDG_CONFIG_HOME");
        start.Environment.Remove("XDG_CACHE_HOME");
        start.Environment["LC_ALL"] = "C.UTF-8";
        start.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        start.Environment["PYTHONWARNINGS"] = "ignore";
        return start;
    }

    /// <summary>Runs <paramref name="start"/> to its end, or kills it after <paramref name="timeout"/>; collects what it printed.</summary>
    public static async Task<ProcessRun> RunAsync(ProcessStartInfo start, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName}.");
        if (start.RedirectStandardInput)
            process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            timedOut = true;
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        watch.Stop();
        return new ProcessRun(timedOut ? -1 : process.ExitCode, await stdout, await stderr, watch.Elapsed, timedOut);
    }
}

/// <summary>One run of a child process: its exit code (-1 when it timed out) and what it printed.</summary>
public sealed record ProcessRun(int ExitCode, string StdOut, string StdErr, TimeSpan Elapsed, bool TimedOut);
