using System.Globalization;
using System.Text.RegularExpressions;

namespace Ironic.Actors.Gateway.Auth;

/// <summary>
/// The users of an Apache htpasswd file (<c>user:hash</c> per line), as Ironic's http_basic reads it: lines are
/// trimmed, blank lines and lines without a colon are ignored, the first line of a user decides, and only bcrypt
/// hashes (<c>$2y$</c>, <c>$2b$</c>, <c>$2a$</c>) are accepted. A line with another kind of hash (MD5 <c>$apr1$</c>,
/// SHA-1 <c>{SHA}</c>, crypt, plain text) or a malformed bcrypt hash is listed in <see cref="Problems"/> and its
/// user cannot log in.
/// </summary>
public sealed partial class HtpasswdFile
{
    private readonly Dictionary<string, string?> _hashes; // null: the user's first line is unusable

    private HtpasswdFile(string source, Dictionary<string, string?> hashes, IReadOnlyList<HtpasswdProblem> problems)
    {
        Source = source;
        _hashes = hashes;
        Problems = problems;
    }

    /// <summary>Where the text came from (a file path), for messages.</summary>
    public string Source { get; }

    /// <summary>Lines whose user cannot log in, and why (never the hash itself).</summary>
    public IReadOnlyList<HtpasswdProblem> Problems { get; }

    /// <summary>Users that can log in.</summary>
    public int UsableUsers => _hashes.Count(h => h.Value is not null);

    /// <summary>An empty file: nobody can log in.</summary>
    public static HtpasswdFile Empty(string source) => new(source, new(StringComparer.Ordinal), []);

    public static HtpasswdFile Parse(string text, string source)
    {
        var hashes = new Dictionary<string, string?>(StringComparer.Ordinal);
        var problems = new List<HtpasswdProblem>();
        var lineNumber = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = raw.Trim();
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (line.Length == 0 || colon < 0)
                continue;
            var user = line[..colon];
            var hash = line[(colon + 1)..];
            if (hashes.ContainsKey(user))
                continue; // the first line of a user decides, as in Ironic
            var problem = user.Length == 0 ? "the user name is empty" : HashProblem(hash);
            if (problem is not null)
                problems.Add(new HtpasswdProblem(lineNumber, user, problem));
            hashes[user] = problem is null ? hash : null;
        }

        return new HtpasswdFile(source, hashes, problems);
    }

    /// <summary>The bcrypt hash of <paramref name="user"/>, if the file has a usable line for that user.</summary>
    public bool TryGetHash(string user, out string hash)
    {
        if (_hashes.TryGetValue(user, out var found) && found is not null)
        {
            hash = found;
            return true;
        }

        hash = "";
        return false;
    }

    /// <summary>The bcrypt cost of the first usable entry (used to make a check for an unknown user take as long).</summary>
    public int? FirstCost => _hashes.Values.FirstOrDefault(h => h is not null) is { } hash ? int.Parse(hash.AsSpan(4, 2), CultureInfo.InvariantCulture) : null;

    /// <summary>All problems on one line each, for a start-up error or a log entry.</summary>
    public string DescribeProblems() =>
        string.Join(Environment.NewLine, Problems.Select(p => $"  {Source} line {p.Line} (user '{p.User}'): {p.Reason}"));

    /// <summary>Null for a well-formed bcrypt hash of a supported variant, else what is wrong with it.</summary>
    public static string? HashProblem(string hash)
    {
        if (!hash.StartsWith("$2y$", StringComparison.Ordinal) && !hash.StartsWith("$2b$", StringComparison.Ordinal)
            && !hash.StartsWith("$2a$", StringComparison.Ordinal))
            return $"only bcrypt hashes ($2y$, $2b$, $2a$; made with `htpasswd -B`) are supported, not {Describe(hash)}";
        return BcryptShape().IsMatch(hash)
            ? null
            : "malformed bcrypt hash (expected $2y$NN$ with a cost NN of 04-31 and 53 characters of salt and digest)";
    }

    private static string Describe(string hash) => hash switch
    {
        _ when hash.StartsWith("$apr1$", StringComparison.Ordinal) => "an Apache MD5 hash ($apr1$)",
        _ when hash.StartsWith("{SHA}", StringComparison.Ordinal) => "a SHA-1 hash ({SHA})",
        _ when hash.StartsWith("$1$", StringComparison.Ordinal) => "an MD5-crypt hash ($1$)",
        _ when hash.StartsWith("$5$", StringComparison.Ordinal) => "a SHA-256-crypt hash ($5$)",
        _ when hash.StartsWith("$6$", StringComparison.Ordinal) => "a SHA-512-crypt hash ($6$)",
        _ when hash.StartsWith("$2x$", StringComparison.Ordinal) => "a $2x$ bcrypt hash",
        _ when hash.StartsWith('$') => "this kind of hash",
        _ => "a crypt(3) or plain-text password",
    };

    [GeneratedRegex(@"^\$2[yba]\$(0[4-9]|[12][0-9]|3[01])\$[./A-Za-z0-9]{53}$", RegexOptions.CultureInvariant)]
    private static partial Regex BcryptShape();
}

/// <summary>A line of an htpasswd file whose user cannot log in.</summary>
public sealed record HtpasswdProblem(int Line, string User, string Reason);
