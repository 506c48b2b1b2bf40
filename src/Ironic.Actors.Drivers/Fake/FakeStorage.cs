using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Drivers.Abstractions;

namespace Ironic.Actors.Drivers.Fake;

/// <summary>
/// The "fake" storage interface: attaching and detaching volumes succeed, and images are still written.
/// Not enabled by default (storage defaults to "noop", as in Ironic).
/// </summary>
public sealed class FakeStorage : IStorageInterface
{
    private readonly FakeDelayer _delay;

    public FakeStorage(FakeDelays? delays = null, TimeProvider? time = null, Random? random = null)
    {
        _delay = new FakeDelayer(delays, InterfaceTypes.Storage, time, random);
    }

    public string Name => "fake";
    public string InterfaceType => InterfaceTypes.Storage;

    public ValidationResult Validate(Node node) => ValidationResult.Ok;

    public Task AttachVolumesAsync(Node node, CancellationToken ct) => _delay.WaitAsync(ct);
    public Task DetachVolumesAsync(Node node, CancellationToken ct) => _delay.WaitAsync(ct);
    public bool ShouldWriteImage(Node node) => true;
}
