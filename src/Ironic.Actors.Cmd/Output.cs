using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ironic.Actors.Cmd;

/// <summary>How answers are printed: aligned tables (the default) or indented JSON (--json).</summary>
public static class Output
{
    /// <summary>Shown where a value is missing (a member that is not a conductor, or did not answer).</summary>
    public const string None = "-";

    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>One line per member: address, roles, status, reachable, leader marker, conductor hostname and group.</summary>
    public static string Members(MembersView view) => Table(
        ["ADDRESS", "ROLES", "STATUS", "REACHABLE", "LEADER", "HOSTNAME", "GROUP"],
        (view.Members ?? []).Select(m => new[]
        {
            m.Address,
            m.Roles is { Count: > 0 } roles ? string.Join(',', roles) : None,
            m.Status,
            m.Reachable ? "yes" : "NO",
            m.Leader ? "*" : "",
            Or(m.Hostname),
            m.Hostname is null ? None : Or(m.ConductorGroup),
        }));

    /// <summary>One line per region type and member hosting it.</summary>
    public static string Regions(RegionsView view) => Table(
        ["REGION", "MEMBER"],
        (view.Regions ?? []).SelectMany(r => (r.Members is { Count: > 0 } members ? members : [None]).Select(m => new[] { r.Name, m })));

    /// <summary>Shards and awake entities per member, a total line, and the shards that did not answer (if any).</summary>
    public static string RegionStats(RegionStatsView view)
    {
        var members = view.Members ?? [];
        var rows = members.Select(m => new[] { m.Member, Count(m.ShardCount), Count(m.Entities) })
            .Append(["TOTAL", Count(view.TotalShards), Count(view.TotalEntities)]);
        var text = new StringBuilder(Table(["MEMBER", "SHARDS", "ENTITIES"], rows, rightAligned: [1, 2]));
        foreach (var member in members.Where(m => m.FailedShards is { Count: > 0 }))
            text.AppendLine($"{member.Member}: shards that did not answer in time: {string.Join(' ', member.FailedShards!)}");
        return text.ToString();
    }

    /// <summary>The node, its shard, and its member (or "not allocated").</summary>
    public static string Location(NodeLocation location) =>
        Table(["NODE", "SHARD", "MEMBER"], [[location.Node, location.Shard, location.Member ?? "not allocated"]]);

    /// <summary>What leave or down did.</summary>
    public static string Change(MembershipChange change) => change.Message + Environment.NewLine;

    /// <summary>The endpoint's JSON, indented.</summary>
    public static string Json(string body) =>
        (JsonNode.Parse(body)?.ToJsonString(Indented) ?? "null") + Environment.NewLine;

    /// <summary>
    /// Columns padded to their widest cell and separated by two spaces (numbers right-aligned in
    /// <paramref name="rightAligned"/>), a header line first; lines carry no trailing blanks.
    /// </summary>
    public static string Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows, IReadOnlyCollection<int>? rightAligned = null)
    {
        var all = rows.Prepend(headers).ToList();
        var widths = headers.Select((_, i) => all.Max(r => i < r.Count ? r[i].Length : 0)).ToArray();
        var text = new StringBuilder();
        foreach (var row in all)
        {
            var cells = widths.Select((width, i) =>
            {
                var cell = i < row.Count ? row[i] : "";
                return rightAligned?.Contains(i) == true ? cell.PadLeft(width) : cell.PadRight(width);
            });
            text.AppendLine(string.Join("  ", cells).TrimEnd());
        }
        return text.ToString();
    }

    private static string Or(string? value) => string.IsNullOrEmpty(value) ? None : value;

    private static string Count(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
