using Ironic.Actors.Drivers.Abstractions;

namespace Ironic.Actors.Drivers.Fake;

/// <summary>
/// Waits out one fake interface's configured delay on the given <see cref="TimeProvider"/>
/// (a timer, never a blocked thread), so tests can drive it with a fake clock.
/// </summary>
internal sealed class FakeDelayer
{
    private readonly FakeDelay _delay;
    private readonly TimeProvider _time;
    private readonly Random _random;

    /// <summary>How often a held call looks for <see cref="FakeDelays.HoldFile"/>.</summary>
    private static readonly TimeSpan HoldPoll = TimeSpan.FromMilliseconds(50);

    private readonly string? _holdFile;

    public FakeDelayer(FakeDelays? delays, string interfaceType, TimeProvider? time, Random? random)
    {
        delays ??= new FakeDelays();
        _delay = delays.Parse(interfaceType);
        _holdFile = string.IsNullOrWhiteSpace(delays.HoldFile) ? null : delays.HoldFile;
        _time = time ?? TimeProvider.System;
        _random = random ?? Random.Shared;
    }

    public FakeDelay Delay => _delay;

    public Task WaitAsync(CancellationToken ct)
    {
        if (_delay.IsZero)
            return ct.IsCancellationRequested ? Task.FromCanceled(ct) : Task.CompletedTask;
        var delay = Task.Delay(Sample(), _time, ct);
        return _holdFile is null ? delay : HeldAsync(delay, _holdFile, ct);
    }

    /// <summary>The delay, then (a test's hold, see <see cref="FakeDelays.HoldFile"/>) until the hold file exists.</summary>
    private async Task HeldAsync(Task delay, string holdFile, CancellationToken ct)
    {
        await delay.ConfigureAwait(false);
        while (!File.Exists(holdFile))
            await Task.Delay(HoldPoll, _time, ct).ConfigureAwait(false);
    }

    private TimeSpan Sample()
    {
        // Random.Shared is thread-safe; an injected Random is not, and fakes are shared by all nodes.
        if (ReferenceEquals(_random, Random.Shared))
            return _delay.Sample(_random);
        lock (_random)
            return _delay.Sample(_random);
    }
}
