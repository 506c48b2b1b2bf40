using Ironic.Actors.Cmd;
using NUnit.Framework;

namespace Ironic.Actors.Cmd.Tests;

/// <summary>Argument parsing: commands, options anywhere on the line, environment defaults, usage errors (no processes).</summary>
public class CmdLineTests
{
    private static readonly Func<string, string?> NoEnvironment = _ => null;

    private static CmdRequest Parse(string line, Func<string, string?>? environment = null)
    {
        var parsed = CmdLine.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries), environment ?? NoEnvironment);
        Assert.That(parsed.Errors, Is.Empty, line);
        return parsed.Request!;
    }

    [TestCase("cluster show", CmdKind.ClusterShow, null)]
    [TestCase("cluster leave akka.tcp://ironic@10.0.0.2:4053", CmdKind.ClusterLeave, "akka.tcp://ironic@10.0.0.2:4053")]
    [TestCase("cluster down akka.tcp://ironic@10.0.0.2:4053", CmdKind.ClusterDown, "akka.tcp://ironic@10.0.0.2:4053")]
    [TestCase("cluster-sharding regions", CmdKind.ShardingRegions, null)]
    [TestCase("cluster-sharding region-stats", CmdKind.ShardingRegionStats, null)]
    [TestCase("node locate node-1", CmdKind.NodeLocate, "node-1")]
    [TestCase("node locate 1be26c0b-03f2-4d2e-ae87-c02d7f33c123", CmdKind.NodeLocate, "1be26c0b-03f2-4d2e-ae87-c02d7f33c123")]
    public void Commands_map_to_their_kind_and_argument(string line, CmdKind kind, string? argument)
    {
        var request = Parse(line);
        Assert.That((request.Kind, request.Argument, request.Json, request.Secret), Is.EqualTo((kind, argument, false, (string?)null)));
        Assert.That(request.Endpoint, Is.EqualTo(new Uri("http://127.0.0.1:6386/")));
    }

    [Test]
    public void Options_are_accepted_before_and_after_the_command()
    {
        var before = Parse("--address 10.1.2.3:7000 --json --secret s3 cluster show");
        var after = Parse("cluster show -a 10.1.2.3:7000 --secret s3 --json");
        Assert.That(after, Is.EqualTo(before));
        Assert.That((before.Endpoint, before.Json, before.Secret), Is.EqualTo((new Uri("http://10.1.2.3:7000/"), true, "s3")));
    }

    [Test]
    public void Address_and_secret_default_from_the_environment_and_the_command_line_wins()
    {
        var environment = new Dictionary<string, string?>
        {
            [CmdLine.AddressVariable] = "member-2:6390",
            [CmdLine.SecretVariable] = "from-env",
        };
        var fromEnvironment = Parse("cluster show", name => environment.GetValueOrDefault(name));
        Assert.That((fromEnvironment.Endpoint, fromEnvironment.Secret), Is.EqualTo((new Uri("http://member-2:6390/"), "from-env")));

        var given = Parse("cluster show --address 127.0.0.1:1234 --secret mine", name => environment.GetValueOrDefault(name));
        Assert.That((given.Endpoint, given.Secret), Is.EqualTo((new Uri("http://127.0.0.1:1234/"), "mine")));
    }

    [TestCase("127.0.0.1:6386", "http://127.0.0.1:6386/")]
    [TestCase("[::1]:6386", "http://[::1]:6386/")]
    [TestCase("https://mgmt.example:8443", "https://mgmt.example:8443/")]
    [TestCase("http://10.0.0.5:6386/", "http://10.0.0.5:6386/")]
    [TestCase("127.0.0.1", null)]
    [TestCase("127.0.0.1:", null)]
    [TestCase("host:port", null)]
    [TestCase("ftp://h:21", null)]
    [TestCase("10.0.0.5:6386/x", null)]
    public void Endpoints_are_host_and_port_or_an_http_url(string address, string? expected)
    {
        Assert.That(CmdLine.EndpointOf(address)?.ToString(), Is.EqualTo(expected));
    }

    [TestCase("")]
    [TestCase("cluster")]
    [TestCase("cluster leave")]
    [TestCase("node locate")]
    [TestCase("cluster show extra")]
    [TestCase("cluster frobnicate")]
    [TestCase("cluster show --address nowhere")]
    [TestCase("cluster show --bogus")]
    public void Bad_usage_is_an_error_with_a_message(string line)
    {
        var parsed = CmdLine.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries), NoEnvironment);
        Assert.That(parsed.Request, Is.Null);
        Assert.That(parsed.Errors, Is.Not.Empty);
        Assert.That(parsed.IsInformational, Is.False);
    }

    [Test]
    public async Task Bad_usage_exits_2_with_the_reason_on_stderr()
    {
        var (code, stdout, stderr) = await Run("cluster leave");
        Assert.That((code, stdout), Is.EqualTo((CmdApp.BadUsage, "")));
        Assert.That(stderr, Does.Contain("Required argument missing").And.Contain("--help"));
    }

    [Test]
    public async Task Help_exits_0_and_lists_the_commands()
    {
        var (code, stdout, _) = await Run("--help");
        Assert.That(code, Is.EqualTo(CmdApp.Ok));
        Assert.That(stdout, Does.Contain("cluster-sharding").And.Contain("--address").And.Contain("--json"));

        (code, stdout, _) = await Run("cluster leave --help");
        Assert.That(code, Is.EqualTo(CmdApp.Ok));
        Assert.That(stdout, Does.Contain("ADDRESS"));
    }

    [Test]
    public async Task Help_never_shows_a_secret_taken_from_the_environment()
    {
        var (_, stdout, _) = await Run("--help", name => name == CmdLine.SecretVariable ? "hush-hush" : null);
        Assert.That(stdout, Does.Not.Contain("hush-hush"));
    }

    [Test]
    public async Task An_endpoint_nobody_listens_on_exits_1_with_a_clear_message()
    {
        var port = Ironic.Actors.TestKit.FreePort.NextTcp();
        var (code, stdout, stderr) = await Run($"cluster show --address 127.0.0.1:{port}");
        Assert.That((code, stdout), Is.EqualTo((CmdApp.Failed, "")));
        Assert.That(stderr, Does.Contain("cannot reach the management endpoint").And.Contain($"127.0.0.1:{port}"));
    }

    internal static async Task<(int Code, string Stdout, string Stderr)> Run(string line, Func<string, string?>? environment = null)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await CmdApp.RunAsync(line.Split(' ', StringSplitOptions.RemoveEmptyEntries), stdout, stderr, environment ?? NoEnvironment);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
