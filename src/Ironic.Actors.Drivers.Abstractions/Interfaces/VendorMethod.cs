namespace Ironic.Actors.Drivers.Abstractions;

/// <summary>
/// A vendor passthru method as <c>GET /v1/nodes/{ident}/vendor_passthru/methods</c> describes it:
/// accepted HTTP methods, whether it runs asynchronously (202) or synchronously (200), description,
/// whether the result is sent as an attachment, and whether it needs the exclusive node lock.
/// </summary>
public sealed record VendorMethod(
    IReadOnlyList<string> HttpMethods, bool Async, string Description, bool Attach = false, bool RequireExclusiveLock = true)
{
    /// <summary>
    /// Checks that <paramref name="method"/> exists and accepts <paramref name="httpMethod"/>,
    /// with the conductor's wording for each failure.
    /// </summary>
    public static ValidationResult CheckRoute(IReadOnlyDictionary<string, VendorMethod> methods, string method, string httpMethod)
    {
        if (!methods.TryGetValue(method, out var route))
            return ValidationResult.Fail($"No handler for method {method}");
        return route.HttpMethods.Contains(httpMethod, StringComparer.OrdinalIgnoreCase)
            ? ValidationResult.Ok
            : ValidationResult.Fail($"The method {method} does not support HTTP {httpMethod}");
    }
}
