namespace Ironic.Actors.Drivers.Abstractions;

/// <summary>
/// The outcome of validating one interface of a node, shaped like an entry of Ironic's
/// <c>GET /v1/nodes/{ident}/validate</c> response (<c>result</c>, <c>reason</c>).
/// </summary>
public sealed record ValidationResult(bool Result, string? Reason)
{
    /// <summary>Validation passed.</summary>
    public static ValidationResult Ok { get; } = new(true, null);

    /// <summary>Validation failed for <paramref name="reason"/> (user-facing text).</summary>
    public static ValidationResult Fail(string reason) => new(false, reason);
}
