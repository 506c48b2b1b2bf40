using System.Collections.ObjectModel;
using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Drivers.Abstractions;

namespace Ironic.Actors.Drivers.Noop;

/// <summary>"no-vendor": there are no vendor passthru methods.</summary>
public sealed class NoVendor : IVendorInterface
{
    public string Name => "no-vendor";
    public string InterfaceType => InterfaceTypes.Vendor;
    public IReadOnlyDictionary<string, VendorMethod> Methods => ReadOnlyDictionary<string, VendorMethod>.Empty;

    public ValidationResult Validate(Node node) => Unsupported.Validation(node, InterfaceType);

    public ValidationResult ValidateCall(Node node, string method, string httpMethod, JsonNode? body) =>
        Unsupported.Validation(node, InterfaceType);

    public Task<JsonNode?> CallAsync(Node node, string method, string httpMethod, JsonNode? body, CancellationToken ct) =>
        Unsupported.Action<JsonNode?>(node, InterfaceType);
}
