using Ironic.Actors.Bench.DirectDeployBench;
using NUnit.Framework;

namespace Ironic.Actors.Bench.Tests;

/// <summary>
/// CI's short smoke of the deploy benchmark (<c>Ironic.Actors.Bench deploy</c>): a few emulated redfish servers deployed
/// with <c>direct</c> through their in-process BMCs and agent doubles, against the server dll built with this solution.
/// The figures are not judged.
/// </summary>
[TestFixture]
public sealed class DeployModeSmokeTests
{
    [Test]
    [CancelAfter(180_000)]
    public async Task A_few_redfish_nodes_are_deployed_with_direct_and_the_figures_reported(CancellationToken ct)
    {
        var report = await DeployBenchmark.RunAsync(4, endpoint: null, serverDll: null, clean: false, ct);

        TestContext.Progress.WriteLine(report);
        Assert.That(report, Does.Contain("| deploy → all active |"));
        Assert.That(report, Does.Contain("| agent boots | 4 |"));
    }
}
