using System.Text.Json.Nodes;
using Ironic.Actors.Gateway.Rendering;

namespace Ironic.Actors.Gateway.Errors;

/// <summary>
/// Ironic's error body: <c>{"error_message": "&lt;JSON string&gt;"}</c>, where the string is itself the JSON of
/// <c>{"faultcode", "faultstring", "debuginfo"}</c> (double encoding). <c>faultcode</c> is <c>Client</c>
/// for 4xx and <c>Server</c> for 5xx.
/// </summary>
public static class ErrorBody
{
    public static string Render(int status, string faultstring)
    {
        var inner = new JsonObject
        {
            ["faultcode"] = status >= 500 ? "Server" : "Client",
            ["faultstring"] = faultstring,
            ["debuginfo"] = null,
        };
        return PyJson.Serialize(new JsonObject { ["error_message"] = PyJson.Serialize(inner) });
    }
}
