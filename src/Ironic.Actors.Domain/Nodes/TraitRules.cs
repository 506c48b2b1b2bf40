using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Ironic.Actors.Domain.Nodes;

/// <summary>Ironic's rules for node traits (spec §1.3 "Traits"), worded like its errors.</summary>
public static partial class TraitRules
{
    /// <summary>Most traits one node may have (Ironic's <c>MAX_TRAITS_PER_NODE</c>).</summary>
    public const int MaxTraitsPerNode = 50;

    /// <summary>Longest trait name.</summary>
    public const int MaxLength = 255;

    /// <summary>Operator-defined traits.</summary>
    [GeneratedRegex(@"^CUSTOM_[A-Z0-9_]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex CustomTrait();

    // Ironic accepts a trait that is custom (above) or that is one of the standard names listed by the
    // os-traits library. That list is not available here, so standard names are recognised by the
    // library's naming scheme instead: every os-traits constant sits under one of its top-level
    // namespaces (COMPUTE_, HW_, MISC_, OWNER_, STORAGE_) and is spelled in upper-case letters, digits
    // and underscores. "HW_CPU_X86_AVX2" and "STORAGE_DISK_SSD" pass; lower-case names, other
    // characters ("CUSTOM-X", "HW_CPU.X86") and other prefixes ("FOO_BAR") fail as they do in Ironic.
    // The one leniency: a well-formed name under a standard namespace that the real list lacks
    // (say "HW_NO_SUCH_THING") is accepted, where Ironic would refuse it.
    [GeneratedRegex(@"^(COMPUTE|HW|MISC|OWNER|STORAGE)_[A-Z0-9_]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex StandardTrait();

    /// <summary>True when <paramref name="trait"/> may be given to a node.</summary>
    public static bool IsValid(string trait) => Check(trait) is null;

    /// <summary>
    /// Null when <paramref name="trait"/> is acceptable, else why not in the words of the JSON schema
    /// validator Ironic uses (the API prefixes them with <c>Schema error for …:</c>), with the "possible root cause"
    /// Ironic adds from the first alternative of its anyOf (the CUSTOM_ pattern). The length is checked before the
    /// name, as the validator reports it first.
    /// </summary>
    public static string? Check(string trait)
    {
        if (trait.Length < 1)
            return $"{PyRepr(trait)} is too short";
        if (trait.Length > MaxLength)
            return $"{PyRepr(trait)} is too long";
        return CustomTrait().IsMatch(trait) || StandardTrait().IsMatch(trait)
            ? null
            : $"{PyRepr(trait)} is not valid under any of the given schemas. " +
              $"Possible root cause: {PyRepr(trait)} does not match '^CUSTOM_[A-Z0-9_]+$'";
    }

    /// <summary>The traits as a node stores them: without duplicates, in ordinal order.</summary>
    public static ImmutableArray<string> Normalize(IEnumerable<string> traits) =>
        [.. traits.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>Ironic's refusal when a change would leave a node with more than <see cref="MaxTraitsPerNode"/> traits.</summary>
    public static string TooMany(Guid node, int count) =>
        $"Could not modify traits for node {node} as it would exceed the maximum number of traits per node " +
        $"({count} vs. {MaxTraitsPerNode})";

    /// <summary>Ironic's <c>NodeTraitNotFound</c>.</summary>
    public static string NotFound(Guid node, string trait) => $"Node {node} doesn't have a trait '{trait}'";

    /// <summary>
    /// Null when <c>instance_info.traits</c> (traits an instance asks for) is absent or a subset of the
    /// node's traits, else the error Ironic raises when validating a deploy.
    /// </summary>
    public static string? InstanceTraitsError(Node node)
    {
        if (!node.InstanceInfo.TryGetPropertyValue("traits", out var value) || IsFalsy(value))
            return null;
        if (value is not JsonArray list || list.Any(t => t?.GetValueKind() != JsonValueKind.String))
            return $"Error parsing traits from Node {node.Uuid} instance_info field. A list of strings is expected.";
        var missing = list.Select(t => t!.GetValue<string>())
            .Where(t => !node.Traits.Contains(t, StringComparer.Ordinal))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return missing.Count == 0
            ? null
            : $"Cannot specify instance traits that are not also node traits. Missing traits: {string.Join(", ", missing)}";
    }

    // Python's truth value of a JSON value: null, false, 0, "" and empty containers are false.
    private static bool IsFalsy(JsonNode? value) => value switch
    {
        null => true,
        JsonArray a => a.Count == 0,
        JsonObject o => o.Count == 0,
        _ => value.GetValueKind() switch
        {
            JsonValueKind.False or JsonValueKind.Null => true,
            JsonValueKind.String => value.GetValue<string>().Length == 0,
            JsonValueKind.Number => value.GetValue<double>() == 0,
            _ => false,
        },
    };

    /// <summary>How Python's <c>repr</c> shows a string (as validator messages quote values).</summary>
    public static string PyRepr(string value)
    {
        var quote = value.Contains('\'', StringComparison.Ordinal) && !value.Contains('"', StringComparison.Ordinal) ? '"' : '\'';
        var text = new StringBuilder().Append(quote);
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\': text.Append(@"\\"); break;
                case '\n': text.Append(@"\n"); break;
                case '\r': text.Append(@"\r"); break;
                case '\t': text.Append(@"\t"); break;
                default:
                    if (c == quote)
                        text.Append('\\').Append(c);
                    else if (c < 0x20 || c == 0x7f)
                        text.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}");
                    else
                        text.Append(c);
                    break;
            }
        }
        return text.Append(quote).ToString();
    }
}
