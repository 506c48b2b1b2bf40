using System.Collections.Concurrent;
using Ironic.Actors.Drivers.Abstractions;

namespace Ironic.Actors.Drivers.Ipmi;

/// <summary>
/// Runs ipmitool commands against BMCs as Ironic's <c>_exec_ipmitool</c> does: the password goes through a
/// 0600 temporary file (never the command line), failed commands are retried until
/// <see cref="IpmiOptions.CommandRetryTimeout"/>, and commands to one BMC are serialised and kept
/// <see cref="IpmiOptions.MinCommandInterval"/> apart. Waiting is asynchronous; no thread is held.
/// Shared by the ipmitool power and management interfaces of a conductor, so the gap holds across both.
/// </summary>
public sealed class IpmitoolRunner
{
    private readonly IpmiOptions _options;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, BmcGate> _gates = new(StringComparer.OrdinalIgnoreCase);

    public IpmitoolRunner(IpmiOptions options, TimeProvider? time = null)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _time = time ?? TimeProvider.System;
    }

    public IpmiOptions Options => _options;

    private TimeSpan MinInterval => TimeSpan.FromSeconds(_options.MinCommandInterval);

    /// <summary>
    /// Runs one ipmitool command (e.g. "power status") and returns its standard output. Throws a
    /// <see cref="DriverException"/> carrying ipmitool's error text once the retry budget is spent.
    /// </summary>
    public async Task<string> ExecuteAsync(IpmiDriverInfo info, string command, CancellationToken ct)
    {
        var budget = TimeSpan.FromSeconds(_options.CommandRetryTimeout);
        var started = _time.GetTimestamp();
        // Ironic's number of tries: command_retry_timeout // min_command_interval, at least one.
        var maxTries = _options.MinCommandInterval > 0
            ? Math.Max(1, (int)Math.Floor(_options.CommandRetryTimeout / _options.MinCommandInterval))
            : int.MaxValue;
        // Without a configured gap, failing fast commands would spin; space retries a little anyway.
        var retryPause = _options.MinCommandInterval > 0 ? TimeSpan.Zero : TimeSpan.FromMilliseconds(50);

        string? lastFailure = null;
        var failures = 0;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var remaining = budget - _time.GetElapsedTime(started);
                var limit = remaining < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : remaining;
                var result = await RunGatedAsync(info, command, limit, ct).ConfigureAwait(false);
                if (result.Succeeded)
                    return result.StandardOutput;

                failures++;
                lastFailure = result.TimedOut
                    ? $"ipmitool did not finish within {Seconds(limit)} seconds (is the BMC at {info.BmcKey} reachable?)"
                    : Describe(result);
                if (attempt >= maxTries || _time.GetElapsedTime(started) + Max(MinInterval, retryPause) >= budget)
                    throw new DriverException(
                        $"IPMI call failed: {command}. {lastFailure} (gave up after {attempt} attempt(s) in {Seconds(_time.GetElapsedTime(started))} seconds)");
                if (retryPause > TimeSpan.Zero)
                    await Task.Delay(retryPause, _time, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException e) when (lastFailure is not null && ct.IsCancellationRequested)
            {
                // The caller's budget ran out while retrying: report why the BMC kept failing, which says
                // more in last_error than "timed out" would.
                throw new DriverException(
                    $"IPMI call failed: {command}. {lastFailure} (still failing after {failures} attempt(s) when the " +
                    $"operation was cancelled after {Seconds(_time.GetElapsedTime(started))} seconds)", e);
            }
        }
    }

    /// <summary>Waits for the BMC's turn, keeps the minimum gap, then runs ipmitool once.</summary>
    private async Task<ProcessResult> RunGatedAsync(IpmiDriverInfo info, string command, TimeSpan timeout, CancellationToken ct)
    {
        var gate = _gates.GetOrAdd(info.BmcKey, static _ => new BmcGate());
        await gate.Lock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (gate.LastCommand is { } last)
            {
                var wait = MinInterval - _time.GetElapsedTime(last);
                if (wait > TimeSpan.Zero)
                    await Task.Delay(wait, _time, ct).ConfigureAwait(false);
            }
            try
            {
                return await RunOnceAsync(info, command, timeout, ct).ConfigureAwait(false);
            }
            finally
            {
                gate.LastCommand = _time.GetTimestamp();
            }
        }
        finally
        {
            gate.Lock.Release();
        }
    }

    private async Task<ProcessResult> RunOnceAsync(IpmiDriverInfo info, string command, TimeSpan timeout, CancellationToken ct)
    {
        var passwordFile = PasswordFile.Create(info.Password);
        try
        {
            var interval = Math.Max(1, (int)Math.Ceiling(_options.MinCommandInterval));
            var args = new List<string>(info.ConnectionArguments(interval)) { "-f", passwordFile };
            args.AddRange(command.Split(' ', StringSplitOptions.RemoveEmptyEntries));
            try
            {
                return await ProcessRunner.RunAsync(_options.IpmitoolPath, args, timeout, ct).ConfigureAwait(false);
            }
            catch (FileNotFoundException e)
            {
                throw new DriverException($"IPMI call failed: {command}. {e.Message} (is ipmitool installed?)", e);
            }
        }
        finally
        {
            PasswordFile.Delete(passwordFile);
        }
    }

    private static string Describe(ProcessResult result)
    {
        var text = string.IsNullOrWhiteSpace(result.StandardError) ? result.StandardOutput : result.StandardError;
        text = string.Join(" ", text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return string.IsNullOrEmpty(text)
            ? $"ipmitool exited with code {result.ExitCode}."
            : $"ipmitool exited with code {result.ExitCode}: {text}";
    }

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture);

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private sealed class BmcGate
    {
        public SemaphoreSlim Lock { get; } = new(1, 1);
        public long? LastCommand { get; set; }
    }
}
