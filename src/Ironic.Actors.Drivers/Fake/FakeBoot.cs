using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Drivers.Abstractions;

namespace Ironic.Actors.Drivers.Fake;

/// <summary>The "fake" boot interface: every preparation succeeds after the configured boot delay.</summary>
public sealed class FakeBoot : IBootInterface
{
    private readonly FakeDelayer _delay;

    public FakeBoot(FakeDelays? delays = null, TimeProvider? time = null, Random? random = null)
    {
        _delay = new FakeDelayer(delays, InterfaceTypes.Boot, time, random);
    }

    public string Name => "fake";
    public string InterfaceType => InterfaceTypes.Boot;

    /// <summary>Can "boot" a ramdisk instance, so fake-hardware nodes can try the ramdisk deploy.</summary>
    public IReadOnlyCollection<string> Capabilities => [IBootInterface.RamdiskBoot];

    public ValidationResult Validate(Node node) => ValidationResult.Ok;

    public Task PrepareRamdiskAsync(Node node, CancellationToken ct) => _delay.WaitAsync(ct);
    public Task CleanUpRamdiskAsync(Node node, CancellationToken ct) => _delay.WaitAsync(ct);
    public Task PrepareInstanceAsync(Node node, CancellationToken ct) => _delay.WaitAsync(ct);
    public Task CleanUpInstanceAsync(Node node, CancellationToken ct) => _delay.WaitAsync(ct);
}
