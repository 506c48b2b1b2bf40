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

    public FakeDelayer(FakeDelays? delays, string interfaceType, TimeProvider? time, Random? random)
    {
        _delay = (delays ?? new FakeDelays()).Parse(interfaceType);
        _time = time ?? TimeProvider.System;
        _random = random ?? Random.Shared;
    }

    public FakeDelay Delay => _delay;

    public Task WaitAsync(CancellationToken ct)
    {
        if (_delay.IsZero)
            return ct.IsCancellationRequested ? Task.FromCanceled(ct) : Task.CompletedTask;
        return Task.Delay(Sample(), _time, ct);
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
