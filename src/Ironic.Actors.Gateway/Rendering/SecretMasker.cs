using System.Text;
using System.Text.Json.Nodes;

namespace Ironic.Actors.Gateway.Rendering;

/// <summary>
/// Hides secrets in node documents as Ironic does even without authentication: values whose key looks
/// like a password (contains "password", "secret", "token" or "key") become <c>"******"</c>, in nested
/// objects too; <c>instance_info.configdrive</c>/<c>image_url</c> and <c>driver_internal_info.agent_secret_token</c>
/// are always hidden.
/// </summary>
public static class SecretMasker
{
    public const string Mask = "******";

    private static readonly string[] SecretWords = ["password", "secret", "token", "key"];

    public static bool LooksSecret(string key) =>
        SecretWords.Any(w => key.Contains(w, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Writes <paramref name="source"/> with every value whose key looks secret shown as <see cref="Mask"/>, in nested
    /// objects too (a nested object is never hidden whole: its own keys decide).
    /// </summary>
    public static void WriteMasked(StringBuilder sb, JsonObject source) => WriteObject(sb, source, deep: true, alwaysHidden: []);

    /// <summary><c>driver_info</c>: every secret-looking value hidden.</summary>
    public static void WriteDriverInfo(StringBuilder sb, JsonObject driverInfo) => WriteMasked(sb, driverInfo);

    /// <summary><c>instance_info</c>: secret-looking values hidden, and <c>configdrive</c> and <c>image_url</c> whenever set.</summary>
    public static void WriteInstanceInfo(StringBuilder sb, JsonObject instanceInfo) =>
        WriteObject(sb, instanceInfo, deep: true, alwaysHidden: ["configdrive", "image_url"]);

    /// <summary><c>driver_internal_info</c>: only <c>agent_secret_token</c> is hidden (when set).</summary>
    public static void WriteDriverInternalInfo(StringBuilder sb, JsonObject internalInfo) =>
        WriteObject(sb, internalInfo, deep: false, alwaysHidden: ["agent_secret_token"]);

    /// <summary>
    /// Writes an object: a top-level key in <paramref name="alwaysHidden"/> with a non-null value shows <see cref="Mask"/>;
    /// with <paramref name="deep"/>, nested objects are masked the same way and other secret-looking keys show the mask
    /// whatever their value.
    /// </summary>
    private static void WriteObject(StringBuilder sb, JsonObject source, bool deep, string[] alwaysHidden)
    {
        sb.Append('{');
        var first = true;
        foreach (var (key, value) in source)
        {
            if (!first)
                sb.Append(", ");
            first = false;
            PyJson.AppendString(sb, key);
            sb.Append(": ");
            if (value is not null && alwaysHidden.Contains(key))
                PyJson.AppendString(sb, Mask);
            else if (deep && value is JsonObject nested)
                WriteObject(sb, nested, deep: true, alwaysHidden: []);
            else if (deep && LooksSecret(key))
                PyJson.AppendString(sb, Mask);
            else
                PyJson.Append(sb, value);
        }
        sb.Append('}');
    }
}
