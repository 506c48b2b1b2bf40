namespace Ironic.Actors.Gateway.Rendering;

/// <summary>
/// The JSON of nodes as list pages last wrote them, so that a page read again (a client polling its nodes, as Nova's
/// driver, metal3 or a dashboard do) copies each node's text instead of writing it anew from the stored document. An
/// entry is keyed by everything its text depends on: how the page asks (<see cref="Context"/>: API version, link base,
/// fields) and the row as stored (node, version, lock, conductor). A node changed since has another version, so its old
/// text is never found again and ages out; nothing needs invalidating.
/// </summary>
/// <remarks>
/// Bounded by <see cref="BudgetChars"/> (<see cref="Protocol.Nodes.TwoGenerations{TKey,TValue}"/>): entries go into a current generation; once it holds half the budget it becomes
/// the previous one (the one before is dropped) and a found entry of the previous generation moves into the current one.
/// So what is read over and over stays, what was read once leaves within two generations. A node is kept only when it is
/// rendered a second time while the first is still remembered (by hash, as <see cref="Protocol.Nodes.NodeViewCache"/>
/// does): a walk through every page of a large fleet, each read once, adds nothing but those hashes.
/// </remarks>
public sealed class RenderedNodeCache
{
    /// <summary>A cache that keeps nothing (turned off, or for a host that registers none).</summary>
    public static readonly RenderedNodeCache None = new(0);

    private readonly Protocol.Nodes.SeenOnce _seen = new(65_536); // nodes written once
    private readonly Protocol.Nodes.TwoGenerations<Key, string> _entries;

    /// <param name="budgetChars">Characters of JSON held at most (two per byte of memory); zero keeps nothing.</param>
    public RenderedNodeCache(long budgetChars)
    {
        BudgetChars = Math.Max(0, budgetChars);
        _entries = new(BudgetChars);
    }

    /// <summary>A cache of about <paramref name="mebibytes"/> MiB of node text.</summary>
    public static RenderedNodeCache OfMebibytes(int mebibytes) => mebibytes <= 0 ? None : new(mebibytes * 1024L * 1024 / sizeof(char));

    public long BudgetChars { get; }

    /// <summary>Entries held now (tests).</summary>
    public int Count => _entries.Count;

    /// <summary>
    /// What a page's rendering depends on besides the row: its API version, link base and the fields asked for (null: all).
    /// Made once per page; entries of pages asked alike share it.
    /// </summary>
    public static string Context(Versioning.ApiVersion version, string baseUrl, IReadOnlyList<string>? fields) =>
        fields is null ? $"{version}\n{baseUrl}" : $"{version}\n{baseUrl}\n{string.Join(',', fields)}";

    /// <summary>One row as a page would write it.</summary>
    public readonly record struct Key(string Context, string Node, long Version, string? Reservation, string Conductor);

    /// <summary>The text kept for <paramref name="key"/>, if any.</summary>
    public bool TryGet(in Key key, out string text)
    {
        if (BudgetChars != 0)
            return _entries.TryGet(key, out text, static t => t.Length);
        text = "";
        return false;
    }

    /// <summary>
    /// Whether the text of <paramref name="key"/> is worth keeping once rendered: true the second time it is asked while
    /// the first is remembered.
    /// </summary>
    public bool SeenBefore(in Key key) => BudgetChars != 0 && _seen.SeenBefore(key.GetHashCode());

    /// <summary>Keeps <paramref name="text"/> as the rendering of <paramref name="key"/>.</summary>
    public void Keep(in Key key, string text) => _entries.Keep(key, text, text.Length);
}
