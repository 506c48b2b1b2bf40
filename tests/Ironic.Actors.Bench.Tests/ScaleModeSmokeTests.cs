using System.Text;
using System.Text.RegularExpressions;
using Ironic.Actors.Bench.Scale;
using NUnit.Framework;

namespace Ironic.Actors.Bench.Tests;

/// <summary>
/// CI's short smoke of the scale benchmark: the same entry point as <c>Ironic.Actors.Bench scale</c>, in process,
/// against the server dll built with this solution, with small counts. Checks that the run succeeds and reports
/// every phase; the figures themselves are not judged (a benchmark, not a timed test).
/// </summary>
[TestFixture]
public sealed class ScaleModeSmokeTests
{
    [Test]
    [CancelAfter(180_000)]
    public async Task A_small_scale_run_starts_the_server_runs_every_phase_and_exits_0(CancellationToken ct)
    {
        var output = new StringBuilder();
        await using var writer = new TeeWriter(output, TestContext.Progress);

        var exitCode = await ScaleBenchmark.RunAsync(
            ["--nodes", "200", "--cold-reads", "100", "--lifecycle-nodes", "20", "--deletes", "20"], writer, ct);

        var text = output.ToString();
        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.Zero, text);
            var lines = text.Split('\n');
            // A phase line: its label, then its figures (a count, or the restart's seconds).
            foreach (var phase in ScalePhases.All)
                Assert.That(lines.Count(l => Regex.IsMatch(l, $@"^{Regex.Escape(phase)}\s+\d")), Is.EqualTo(1), $"phase line '{phase}'");
            Assert.That(text, Does.Contain("| phase | count | wall | rate | p50 | p99 |"), "the final table");
            Assert.That(text, Does.Contain("scale: no failures"));
        });
    }

    [Test]
    public async Task Bad_arguments_exit_2_with_the_usage()
    {
        var output = new StringWriter();
        var exitCode = await ScaleBenchmark.RunAsync(["--nodes", "many"], output, CancellationToken.None);
        Assert.That(exitCode, Is.EqualTo(2));
        Assert.That(output.ToString(), Does.Contain("--nodes: expected a whole number"));
    }

    /// <summary>Keeps what the run prints and shows it live in the test log.</summary>
    private sealed class TeeWriter(StringBuilder kept, TextWriter live) : TextWriter
    {
        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value)
        {
            lock (kept)
                kept.Append(value);
            live.Write(value);
        }

        public override void Write(string? value)
        {
            lock (kept)
                kept.Append(value);
            live.Write(value);
        }

        public override void WriteLine(string? value) => Write(value + Environment.NewLine);
    }
}
