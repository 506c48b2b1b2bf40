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

    /// <summary>A masked copy of <paramref name="source"/> (the source is not changed).</summary>
    public static JsonObject MaskSecrets(JsonObject source)
    {
        var copy = new JsonObject();
        foreach (var (key, value) in source)
            copy[key] = value switch
            {
                JsonObject nested => MaskSecrets(nested),
                _ when LooksSecret(key) => Mask,
                _ => value?.DeepClone(),
            };
        return copy;
    }

    public static JsonObject DriverInfo(JsonObject driverInfo) => MaskSecrets(driverInfo);

    public static JsonObject InstanceInfo(JsonObject instanceInfo)
    {
        var copy = MaskSecrets(instanceInfo);
        foreach (var key in new[] { "configdrive", "image_url" })
            if (copy.ContainsKey(key) && copy[key] is not null)
                copy[key] = Mask;
        return copy;
    }

    public static JsonObject DriverInternalInfo(JsonObject internalInfo)
    {
        var copy = (JsonObject)internalInfo.DeepClone();
        if (copy.ContainsKey("agent_secret_token") && copy["agent_secret_token"] is not null)
            copy["agent_secret_token"] = Mask;
        return copy;
    }
}
