using System.Text.Json.Nodes;

namespace Ironic.Actors.Domain.Ports;

/// <summary>One property of a flat JSON schema: its allowed JSON types and an optional maximum string length.</summary>
public sealed record SchemaProperty(string Name, string[] Types, int? MaxLength = null);

/// <summary>
/// The part of JSON Schema Ironic's port, portgroup and chassis schemas use (additionalProperties: false,
/// required, type, maxLength), with jsonschema's wording behind Ironic's <c>Schema error for &lt;name&gt;: </c>.
/// </summary>
public static class SchemaCheck
{
    /// <summary>Null when <paramref name="doc"/> satisfies the schema, else Ironic's message.</summary>
    /// <param name="schemaName">"port", "portgroup", "chassis" for POST bodies; "patch" for patched documents.</param>
    /// <param name="nullMeansMissing">For patched documents, where a removed root field reads as null.</param>
    public static string? Check(
        JsonObject doc, string schemaName, IReadOnlyList<SchemaProperty> properties, IReadOnlyList<string> required,
        bool nullMeansMissing = false)
    {
        var known = properties.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var extra = doc.Select(kv => kv.Key).Where(k => !known.Contains(k)).ToList();
        if (extra.Count > 0)
            return Fail(schemaName, $"Additional properties are not allowed ({string.Join(", ", extra.Select(PythonText.Of))} " +
                                    $"{(extra.Count == 1 ? "was" : "were")} unexpected)");
        foreach (var name in required)
            if (!doc.TryGetPropertyValue(name, out var value) || (nullMeansMissing && value is null))
                return Fail(schemaName, $"{PythonText.Of(name)} is a required property");
        foreach (var property in properties)
        {
            if (!doc.TryGetPropertyValue(property.Name, out var value))
                continue;
            if (!PythonText.HasType(value, property.Types))
                return Fail(schemaName, PythonText.NotOfType(value, property.Types));
            if (property.MaxLength is { } max && value is JsonValue v && v.TryGetValue<string>(out var text) && text.Length > max)
                return Fail(schemaName, $"{PythonText.Of(text)} is too long");
        }
        return null;
    }

    public static string Fail(string schemaName, string message) => $"Schema error for {schemaName}: {message}";

    /// <summary>The string value of <paramref name="key"/>, or null when absent or JSON null (types are checked first).</summary>
    public static string? String(JsonObject doc, string key) =>
        doc.TryGetPropertyValue(key, out var v) && v is JsonValue value && value.TryGetValue<string>(out var s) ? s : null;

    /// <summary>A deep copy of the object under <paramref name="key"/>; empty when absent or null.</summary>
    public static JsonObject Object(JsonObject doc, string key) =>
        doc.TryGetPropertyValue(key, out var v) && v is JsonObject o ? (JsonObject)o.DeepClone() : new JsonObject();

    /// <summary>Ironic's <c>args.uuid</c>: the canonical lower-case UUID, or the error <c>Expected UUID for &lt;field&gt;: X</c>.</summary>
    public static (Guid? Value, string? Error) Uuid(string field, string? value)
    {
        if (value is null)
            return (null, null);
        return Nodes.FieldRules.NormalizeUuid(value) is { } uuid
            ? (Guid.Parse(uuid), null)
            : (null, $"Expected UUID for {field}: {value}");
    }
}
