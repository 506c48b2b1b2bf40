using Ironic.Actors.Gateway.Tests.Infrastructure;
using Ironic.Actors.TestKit;
using NUnit.Framework;

namespace Ironic.Actors.Gateway.Tests;

/// <summary>
/// A member whose shard count or cluster name disagrees with what its cluster's database recorded never joins: it says
/// why and exits with code 78 (EX_CONFIG), as two members computing different shards for one node could both run it.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class ClusterSettingsTests
{
    [TestCase("--Ironic:Conductor:NumberOfShards", "50", "Ironic:Conductor:NumberOfShards is \"50\" here, but this cluster's database says \"100\"")]
    [TestCase("--Ironic:Cluster:SystemName", "other", "Ironic:Cluster:SystemName is \"other\" here, but this cluster's database says \"ironic\"")]
    public async Task A_member_that_disagrees_with_its_clusters_database_is_refused(string setting, string value, string expected)
    {
        var data = Path.Combine(Path.GetTempPath(), "ironic-settings-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        try
        {
            await using (var first = new ServerProcess(extraArguments: ["--Ironic:Persistence:DataDirectory", data]))
            {
                await first.StartAsync();
                Assert.That(await first.StopAsync(), Is.Zero);
            }

            await using var second = new ServerProcess(extraArguments: ["--Ironic:Persistence:DataDirectory", data, setting, value]);
            var refusal = Assert.ThrowsAsync<InvalidOperationException>(() => second.StartAsync(TimeSpan.FromSeconds(45)));
            Assert.That(refusal!.Message, Does.Contain("exited with code"), "the process must stop, not join");
            Assert.That(second.LastExitCode, Is.EqualTo(78));
            Assert.That(second.Log, Does.Contain(expected).And.Contain("refusing to join"));

            await using var third = new ServerProcess(extraArguments: ["--Ironic:Persistence:DataDirectory", data]);
            await third.StartAsync();
            Assert.That(await third.StopAsync(), Is.Zero, "the agreeing member still starts");
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}

/// <summary>A member whose database does not answer waits for it, then says why it cannot start and exits with code 69.</summary>
[TestFixture]
[NonParallelizable]
public sealed class DatabaseUnavailableTests
{
    [Test]
    public async Task A_member_whose_database_never_answers_gives_up_with_a_clear_message()
    {
        var closedPort = FreePort.NextTcp();
        await using var server = new ServerProcess(extraArguments:
        [
            "--Ironic:Persistence:Provider", "postgresql",
            "--Ironic:Persistence:ConnectionString", $"Host=127.0.0.1;Port={closedPort};Username=postgres;Database=nowhere;Timeout=1",
            "--Ironic:Persistence:StartupWait", "3",
        ]);
        var refusal = Assert.ThrowsAsync<InvalidOperationException>(() => server.StartAsync(TimeSpan.FromSeconds(45)));
        Assert.That(refusal!.Message, Does.Contain("exited with code"));
        Assert.That(server.LastExitCode, Is.EqualTo(69));
        Assert.That(server.Log, Does.Contain("The database does not answer yet").And.Contain("did not answer within 3 s"));
    }
}

/// <summary>Conductors register in the database when they start, as in Ironic's conductors table: one that stopped stays listed.</summary>
[TestFixture]
[NonParallelizable]
public sealed class ConductorRegistrationTests
{
    [Test]
    public async Task A_conductor_that_stopped_is_listed_not_alive_beside_the_running_one()
    {
        var data = Path.Combine(Path.GetTempPath(), "ironic-conductor-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        try
        {
            await using (var first = new ServerProcess("conductor-old", ["--Ironic:Persistence:DataDirectory", data]))
            {
                await first.StartAsync();
                Assert.That(await first.StopAsync(), Is.Zero);
            }

            await using var second = new ServerProcess("conductor-new", ["--Ironic:Persistence:DataDirectory", data]);
            await second.StartAsync();
            using var http = new HttpClient { BaseAddress = second.BaseAddress };
            http.DefaultRequestHeaders.Add("X-OpenStack-Ironic-API-Version", "1.78");
            var body = System.Text.Json.Nodes.JsonNode.Parse(await http.GetStringAsync("v1/conductors?fields=hostname,alive"))!;
            var listed = body["conductors"]!.AsArray().ToDictionary(c => (string)c!["hostname"]!, c => (bool)c!["alive"]!);
            Assert.That(listed, Is.EquivalentTo(new Dictionary<string, bool> { ["conductor-old"] = false, ["conductor-new"] = true }));

            var old = System.Text.Json.Nodes.JsonNode.Parse(await http.GetStringAsync("v1/conductors/conductor-old"))!;
            Assert.That((bool)old["alive"]!, Is.False);
            Assert.That(old["drivers"]!.AsArray().Select(d => (string)d!), Does.Contain("fake-hardware"), "what it offered is kept");
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
