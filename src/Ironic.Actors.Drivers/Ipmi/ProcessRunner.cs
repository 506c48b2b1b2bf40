using System.ComponentModel;
using System.Diagnostics;

namespace Ironic.Actors.Drivers.Ipmi;

/// <summary>What a finished (or killed) program left behind.</summary>
public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError, bool TimedOut)
{
    public bool Succeeded => !TimedOut && ExitCode == 0;
}

/// <summary>
/// Runs a program without blocking a thread: output is read asynchronously, the exit is awaited, and the
/// process tree is killed when the time limit passes or the caller cancels.
/// </summary>
public static class ProcessRunner
{
    /// <summary>
    /// Runs <paramref name="fileName"/> with <paramref name="arguments"/> (passed as separate arguments, never
    /// through a shell). A time-out returns a result with <see cref="ProcessResult.TimedOut"/> set; cancellation
    /// of <paramref name="ct"/> kills the process and throws <see cref="OperationCanceledException"/>.
    /// </summary>
    /// <exception cref="FileNotFoundException">The program cannot be started (not installed, not executable).</exception>
    public static async Task<ProcessResult> RunAsync(
        string fileName, IEnumerable<string> arguments, TimeSpan timeout, CancellationToken ct)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        foreach (var argument in arguments)
            startInfo.ArgumentList.Add(argument);
        // Stable, parseable English output.
        startInfo.Environment["LC_ALL"] = "C";

        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new FileNotFoundException($"Cannot run '{fileName}': {e.Message}", fileName, e);
        }
        process.StandardInput.Close();

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(limit.Token);
        var stderr = process.StandardError.ReadToEndAsync(limit.Token);
        try
        {
            await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
            var output = await stdout.ConfigureAwait(false);
            var error = await stderr.ConfigureAwait(false);
            return new ProcessResult(process.ExitCode, output, error, TimedOut: false);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            // Reap it (bounded) so no zombie outlives the call.
            using (var reap = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
            {
                try
                {
                    await process.WaitForExitAsync(reap.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // Left to the runtime's child reaper.
                }
            }
            // The readers end with the process; observe them so nothing is left unobserved.
            await Task.WhenAll(stdout, stderr).ContinueWith(static _ => { }, TaskScheduler.Default).ConfigureAwait(false);
            ct.ThrowIfCancellationRequested();
            return new ProcessResult(-1, "", "", TimedOut: true);
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
                process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited in between.
        }
        catch (Win32Exception)
        {
            // It is going away already.
        }
    }
}
