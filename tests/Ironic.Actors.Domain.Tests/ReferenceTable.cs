using System.Text.RegularExpressions;

namespace Ironic.Actors.Domain.Tests;

/// <summary>One row of Ironic 21.4's state machine dump.</summary>
internal sealed record ReferenceRow(string From, string Event, string To, bool StableFrom, string? TargetFrom);

/// <summary>
/// Ironic 21.4's provision state machine as dumped from <c>ironic.common.states.machine</c>
/// (Data/ironic-21.4-transitions.txt, a copy of the shared reference table).
/// </summary>
internal static partial class ReferenceTable
{
    public static readonly IReadOnlyList<ReferenceRow> Rows;
    public static readonly IReadOnlyDictionary<string, string> Verbs;

    [GeneratedRegex(@"\s{2,}")]
    private static partial Regex Columns();

    [GeneratedRegex(@"'([a-z ]+)': '([a-z ]+)'")]
    private static partial Regex VerbPair();

    static ReferenceTable()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Data", "ironic-21.4-transitions.txt");
        var rows = new List<ReferenceRow>();
        var verbs = new Dictionary<string, string>();
        foreach (var raw in File.ReadAllLines(path))
        {
            var line = raw.TrimEnd();
            if (line.Length == 0)
                continue;
            if (line.StartsWith("# API verbs", StringComparison.Ordinal))
            {
                foreach (Match m in VerbPair().Matches(line))
                    verbs.Add(m.Groups[1].Value, m.Groups[2].Value);
                continue;
            }
            if (line.StartsWith('#'))
                continue;
            var cols = Columns().Split(line);
            if (cols.Length != 5)
                throw new InvalidDataException($"bad reference row: '{line}'");
            rows.Add(new ReferenceRow(cols[0], cols[1], cols[2], bool.Parse(cols[3]), cols[4] == "None" ? null : cols[4]));
        }
        Rows = rows;
        Verbs = verbs;
    }

    /// <summary>Every state named in the table.</summary>
    public static IReadOnlySet<string> States =>
        Rows.SelectMany(r => new[] { r.From, r.To }).ToHashSet();

    /// <summary>Every event named in the table.</summary>
    public static IReadOnlySet<string> Events => Rows.Select(r => r.Event).ToHashSet();

    public static string? Next(string from, string evt) =>
        Rows.FirstOrDefault(r => r.From == from && r.Event == evt)?.To;
}
