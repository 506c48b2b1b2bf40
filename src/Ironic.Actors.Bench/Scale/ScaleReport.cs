using System.Globalization;
using System.Text;

namespace Ironic.Actors.Bench.Scale;

/// <summary>
/// One reported figure: a measured <see cref="Phase"/> (count, wall time, rate, percentiles) or a single
/// <see cref="Duration"/> (the restart's), with the Scale issue's target for it, its failures and notes.
/// </summary>
internal sealed record ScaleRow(string Label, string Target, Phase? Phase, TimeSpan? Duration, int Failures, string Notes)
{
    /// <summary>The line printed when the phase ends.</summary>
    public string Line
    {
        get
        {
            var figures = Phase is not null ? Phase.ToString() : $"{Duration?.TotalSeconds,6:0.00} s";
            var failed = Failures > 0 ? $"  FAILURES {Failures}" : "";
            return $"{Label,-42} {figures}   {Notes}{failed}";
        }
    }

    public string MarkdownRow
    {
        get
        {
            var notes = Failures > 0 ? $"**{Failures} failed**; {Notes}" : Notes;
            return Phase is { } p
                ? $"| {Label} | {p.Count.ToString("N0", CultureInfo.InvariantCulture)} | {Seconds(p.Wall)} | "
                  + $"{p.PerSecond.ToString("N0", CultureInfo.InvariantCulture)}/s | {Ms(p.Percentile(50))} | {Ms(p.Percentile(99))} | {Target} | {notes} |"
                : $"| {Label} | | {Seconds(Duration ?? TimeSpan.Zero)} | | | | {Target} | {notes} |";
        }
    }

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + " s";

    private static string Ms(double ms) => ms switch
    {
        >= 1000 => (ms / 1000).ToString("0.00", CultureInfo.InvariantCulture) + " s",
        >= 100 => ms.ToString("0", CultureInfo.InvariantCulture) + " ms",
        >= 10 => ms.ToString("0.0", CultureInfo.InvariantCulture) + " ms",
        _ => ms.ToString("0.00", CultureInfo.InvariantCulture) + " ms",
    };
}

/// <summary>
/// The rows of a scale run, printed one line each as they come, and at the end as a markdown table headed with
/// the date, the machine and the server's provider, ready to paste into the README.
/// </summary>
internal sealed class ScaleReport(TextWriter output)
{
    private readonly List<ScaleRow> _rows = [];
    private readonly List<string> _footnotes = [];

    public void Add(ScaleRow row)
    {
        lock (_rows)
            _rows.Add(row);
        output.WriteLine(row.Line);
    }

    /// <summary>A line printed now and kept under the final table.</summary>
    public void Footnote(string text)
    {
        lock (_rows)
            _footnotes.Add(text);
        output.WriteLine(text);
    }

    public string Markdown(string title, IEnumerable<string> header)
    {
        var text = new StringBuilder().AppendLine($"### {title}").AppendLine();
        foreach (var line in header)
            text.AppendLine(line + "  ");
        text.AppendLine()
            .AppendLine("| phase | count | wall | rate | p50 | p99 | target (Scale issue) | server RSS after; CPU per operation |")
            .AppendLine("|---|---|---|---|---|---|---|---|");
        lock (_rows)
        {
            foreach (var row in _rows)
                text.AppendLine(row.MarkdownRow);
            if (_footnotes.Count > 0)
                text.AppendLine();
            foreach (var note in _footnotes)
                text.AppendLine(note + "  ");
        }

        return text.ToString();
    }
}
