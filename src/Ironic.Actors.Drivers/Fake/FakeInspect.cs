using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Drivers.Abstractions;

namespace Ironic.Actors.Drivers.Fake;

/// <summary>The "fake" inspect interface: finishes synchronously (node back to manageable) and finds nothing.</summary>
public sealed class FakeInspect : IInspectInterface
{
    private readonly FakeDelayer _delay;

    public FakeInspect(FakeDelays? delays = null, TimeProvider? time = null, Random? random = null)
    {
        _delay = new FakeDelayer(delays, InterfaceTypes.Inspect, time, random);
    }

    public string Name => "fake";
    public string InterfaceType => InterfaceTypes.Inspect;

    public ValidationResult Validate(Node node) => ValidationResult.Ok;

    public async Task<InspectionResult> InspectAsync(Node node, CancellationToken ct)
    {
        await _delay.WaitAsync(ct).ConfigureAwait(false);
        return InspectionResult.Done;
    }
}
