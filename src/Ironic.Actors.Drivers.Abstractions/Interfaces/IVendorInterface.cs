using System.Collections.ObjectModel;
using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Nodes;

namespace Ironic.Actors.Drivers.Abstractions;

/// <summary>Vendor passthru methods (Ironic's <c>VendorInterface</c>); none by default.</summary>
public interface IVendorInterface : IDriverInterface
{
    /// <summary>Node-level passthru methods by name.</summary>
    IReadOnlyDictionary<string, VendorMethod> Methods => ReadOnlyDictionary<string, VendorMethod>.Empty;

    /// <summary>
    /// Validates a call before it is accepted (so the API can answer 400 rather than 202):
    /// the method exists, accepts the HTTP method, and gets the arguments it needs.
    /// </summary>
    ValidationResult ValidateCall(Node node, string method, string httpMethod, JsonNode? body) =>
        VendorMethod.CheckRoute(Methods, method, httpMethod);

    /// <summary>Runs a passthru method; the result is the response body (null for none).</summary>
    Task<JsonNode?> CallAsync(Node node, string method, string httpMethod, JsonNode? body, CancellationToken ct) =>
        Task.FromException<JsonNode?>(DriverException.InvalidParameter($"No handler for method {method}"));
}
