using System.CommandLine;

namespace Ironic.Actors.Cmd;

/// <summary>The commands the tool knows.</summary>
public enum CmdKind
{
    ClusterShow,
    ClusterLeave,
    ClusterDown,
    ShardingRegions,
    ShardingRegionStats,
    NodeLocate,
}

/// <summary>
/// One parsed invocation: what to do, the member's management endpoint, the secret for leave/down, table or JSON, and the
/// command's argument (an address for leave/down, a node UUID or name for locate).
/// </summary>
public sealed record CmdRequest(CmdKind Kind, Uri Endpoint, string? Secret, bool Json, string? Argument);

/// <summary>The outcome of parsing: a request, or usage errors, or a help/version request (<see cref="Result"/> prints it).</summary>
public sealed record CmdParse(ParseResult Result, CmdRequest? Request, IReadOnlyList<string> Errors)
{
    /// <summary>--help or --version: invoke <see cref="Result"/> to print it.</summary>
    public bool IsInformational => Result.Action is { ClearsParseErrors: true };
}

/// <summary>The command line (System.CommandLine): <c>cluster show|leave|down</c>, <c>cluster-sharding regions|region-stats</c>, <c>node locate</c>.</summary>
public static class CmdLine
{
    public const string AddressVariable = "IRONIC_CMD_ADDRESS";
    public const string SecretVariable = "IRONIC_CMD_SECRET";
    public const string DefaultAddress = "127.0.0.1:6386";

    /// <summary>Parses <paramref name="args"/>; <paramref name="environment"/> supplies the defaults of --address and --secret.</summary>
    public static CmdParse Parse(IReadOnlyList<string> args, Func<string, string?> environment)
    {
        var address = new Option<string>("--address", "-a")
        {
            Description = $"The member's management endpoint, HOST:PORT or a URL (its Ironic:Management:Urls; env {AddressVariable})",
            HelpName = "HOST:PORT",
            DefaultValueFactory = _ => environment(AddressVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment : DefaultAddress,
            Recursive = true,
        };
        address.Validators.Add(result =>
        {
            if (EndpointOf(result.GetValueOrDefault<string>()) is null)
                result.AddError($"--address: '{result.GetValueOrDefault<string>()}' is not HOST:PORT or an http(s) URL.");
        });
        // No default value here: help would print a secret taken from the environment.
        var secret = new Option<string?>("--secret")
        {
            Description = $"The member's Ironic:Management:Secret, needed by leave and down when it is set (env {SecretVariable})",
            HelpName = "SECRET",
            Recursive = true,
        };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table", Recursive = true };

        var kinds = new Dictionary<Command, CmdKind>();
        Command Leaf(string name, string description, CmdKind kind, Argument<string>? argument = null)
        {
            var command = new Command(name, description);
            if (argument is not null)
                command.Arguments.Add(argument);
            kinds[command] = kind;
            return command;
        }

        var memberAddress = () => new Argument<string>("ADDRESS") { Description = "The member's address, akka.tcp://SYSTEM@HOST:PORT (see cluster show)" };
        var cluster = new Command("cluster", "Cluster membership")
        {
            Leaf("show", "Members: address, roles, status, reachability, leader, conductor hostname and group", CmdKind.ClusterShow),
            Leaf("leave", "Ask a member to leave the cluster gracefully (its shards move to the others)", CmdKind.ClusterLeave, memberAddress()),
            Leaf("down", "Mark an unreachable member down, so the cluster moves on without it", CmdKind.ClusterDown, memberAddress()),
        };
        var sharding = new Command("cluster-sharding", "The node shard region")
        {
            Leaf("regions", "The members hosting a region of the node shard region", CmdKind.ShardingRegions),
            Leaf("region-stats", "Shards and awake node entities per member", CmdKind.ShardingRegionStats),
        };
        var node = new Command("node", "Nodes")
        {
            Leaf("locate", "The shard of a node and the member hosting it", CmdKind.NodeLocate,
                new Argument<string>("NODE") { Description = "The node's UUID or name" }),
        };
        var root = new RootCommand("Inspects an Ironic.Actors cluster through any member's management endpoint.") { cluster, sharding, node };
        root.Options.Add(address);
        root.Options.Add(secret);
        root.Options.Add(json);

        var result = root.Parse(args);
        if (result.Action is { ClearsParseErrors: true })
            return new CmdParse(result, null, []); // --help, --version
        if (result.Errors.Count > 0 || !kinds.TryGetValue(result.CommandResult.Command, out var kind))
        {
            var errors = result.Errors.Select(e => e.Message).ToList();
            if (errors.Count == 0)
                errors.Add($"'{result.CommandResult.Command.Name}' needs a command: {string.Join(", ", result.CommandResult.Command.Subcommands.Select(c => c.Name))}.");
            return new CmdParse(result, null, errors);
        }

        var argument = result.CommandResult.Command.Arguments.Select(a => result.GetValue((Argument<string>)a)).FirstOrDefault();
        var secretValue = result.GetValue(secret) ?? environment(SecretVariable);
        var request = new CmdRequest(kind, EndpointOf(result.GetValue(address))!, string.IsNullOrEmpty(secretValue) ? null : secretValue,
            result.GetValue(json), argument);
        return new CmdParse(result, request, []);
    }

    /// <summary>The endpoint's base URL from HOST:PORT (http), [V6]:PORT, or an http(s) URL; null when it is neither.</summary>
    public static Uri? EndpointOf(string? address)
    {
        if (string.IsNullOrWhiteSpace(address))
            return null;
        var isUrl = address.Contains("://", StringComparison.Ordinal);
        // HOST alone would mean port 80; the management endpoint is never there by default, so the port must be given.
        if (!isUrl && (address.LastIndexOf(':') is var colon && (colon < 0 || colon == address.Length - 1 || !address[(colon + 1)..].All(char.IsAsciiDigit))))
            return null;
        if (!Uri.TryCreate(isUrl ? address : "http://" + address, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || string.IsNullOrEmpty(uri.Host)
            || (!isUrl && uri.PathAndQuery != "/"))
            return null;
        return new Uri(uri.GetLeftPart(UriPartial.Authority) + "/");
    }
}
