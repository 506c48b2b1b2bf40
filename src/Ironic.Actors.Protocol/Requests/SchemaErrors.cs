using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Ports;

namespace Ironic.Actors.Protocol.Requests;

/// <summary>Ironic's jsonschema wording for request bodies, as the domain's readers word it.</summary>
public static class SchemaErrors
{
    /// <summary><c>Schema error for &lt;schema&gt;: &lt;value&gt; is not of type '&lt;type&gt;'</c>.</summary>
    public static string NotOfType(string schemaName, JsonNode? value, params string[] types) =>
        SchemaCheck.Fail(schemaName, PythonText.NotOfType(value, types));
}
