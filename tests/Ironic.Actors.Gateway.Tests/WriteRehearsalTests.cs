using System.Globalization;
using System.Text.RegularExpressions;
using Ironic.Actors.Gateway.Tests.Infrastructure;
using NUnit.Framework;
using NUnit.Framework.Interfaces;

namespace Ironic.Actors.Gateway.Tests;

/// <summary>
/// The start-up warm-up's rehearsal of writes against the real server: a member whose store is new creates, reads,
/// lists, updates and deletes nodes on a scratch store of its own before it serves clients, and its own store — the
/// read model, the registry of names — never sees them; the scratch store is gone afterwards.
/// </summary>
[TestFixture]
public sealed class WriteRehearsalTests
{
    private static readonly Regex Rehearsed = new(
        @"Warm-up: rehearsed writes on a scratch store: (\d+) nodes created, read, listed and updated, (\d+) deleted \((\d+) rounds\)");

    private static readonly Regex Settled = new(@"Warm-up: the scratch API stopped and (\d+) methods compiled at their next tier in (\d+) ms");

    private static readonly Regex EmptyRead = new(
        @"Warm-up: no nodes to read yet; read the API's root and empty list pages through HTTP to \S+ \((\d+) rounds, (\d+) reads of absent nodes among them\)");

    private ServerProcess _server = null!;
    private IronicClient _api = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _server = new ServerProcess(extraArguments: ["--Ironic:Gateway:WarmUpRehearsalNodes", "20", "--Ironic:Gateway:WarmUpTime", "00:00:02"]);
        await _server.StartAsync();
        _api = new IronicClient(_server.BaseAddress);
    }

    [TearDown]
    public async Task StopAsync()
    {
        if (TestContext.CurrentContext.Result.Outcome.Status == TestStatus.Failed)
            await TestContext.Out.WriteLineAsync(_server.LogTail(200));
        _api.Dispose();
        await _server.DisposeAsync();
    }

    [Test]
    public async Task A_new_store_is_rehearsed_on_a_scratch_store_that_leaves_no_trace_in_it()
    {
        // The API holds clients until the warm-up is done, which logs as it ends (the console logger writes a moment later).
        Expect.Status(await _api.GetAsync("/v1/nodes"), 200);
        var match = await WaitForAsync(() => Rehearsed.Match(_server.Log) is { Success: true } m ? m : null, "the rehearsal's line in the log");
        var created = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.That(created, Is.GreaterThanOrEqualTo(20), "at least a round of 20 nodes created");
        Assert.That(int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture), Is.EqualTo(created), "each deleted again");

        Assert.That((await _api.GetAsync("/v1/nodes")).Body, Is.EqualTo("""{"nodes": []}"""), "the member's read model saw none of them");
        // Before clients come, the warm-up waits for the scratch instance's stop and for the compiler's work.
        await WaitForAsync(() => Settled.Match(_server.Log) is { Success: true } m ? m : null, "the settling's line in the log");
        // With no nodes of its own to read, it then reads its own API's root and empty pages over HTTP.
        var empty = await WaitForAsync(() => EmptyRead.Match(_server.Log) is { Success: true } m ? m : null, "the empty reads' line in the log");
        Assert.That(int.Parse(empty.Groups[2].Value, CultureInfo.InvariantCulture), Is.GreaterThan(0), "nodes that do not exist read (404)");
        // The scratch instance's directory goes with its stop.
        var pid = _server.ProcessId!.Value.ToString(CultureInfo.InvariantCulture);
        await WaitForAsync(() => Directory.EnumerateDirectories(Path.GetTempPath(), $"ironic-actors-scratch-{pid}-*").Any() ? null : "gone",
            "the scratch store's directory removed");

        // The rehearsal named its first node rehearsal-0: the member's registry of names never held it.
        var uuid = await _api.CreateFakeNodeAsync("rehearsal-0");
        var listed = (await _api.GetAsync("/v1/nodes")).Object["nodes"]!.AsArray();
        Assert.That(listed.Select(n => (string?)n!["uuid"]), Is.EqualTo(new[] { uuid }));
        Assert.That(_server.ErrorSummary(), Is.EqualTo("(no error lines)"), "no errors logged by the member or its scratch instance");
    }

    private static async Task<T> WaitForAsync<T>(Func<T?> probe, string what) where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            if (probe() is { } found)
                return found;
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), $"waited 30 s for {what}");
            await Task.Delay(20);
        }
    }
}
