namespace Ironic.Actors.Drivers.Abstractions;

/// <summary>
/// A failure raised by a driver interface. The message is user-facing: the conductor records it
/// in <c>node.last_error</c> or returns it as the API fault string, so it is worded like Ironic's.
/// </summary>
public class DriverException : Exception
{
    /// <summary>A driver failure answered with HTTP 500, as Ironic's base exception is.</summary>
    public DriverException(string message) : this(message, 500)
    {
    }

    /// <summary>A driver failure with the HTTP status Ironic's exception class would carry.</summary>
    public DriverException(string message, int statusCode) : base(message)
    {
        StatusCode = statusCode;
    }

    /// <summary>A driver failure caused by <paramref name="inner"/> (HTTP 500).</summary>
    public DriverException(string message, Exception inner) : base(message, inner)
    {
        StatusCode = 500;
    }

    /// <summary>The HTTP status Ironic would answer with (its exception's <c>code</c>), e.g. 400 for invalid input.</summary>
    public int StatusCode { get; }

    /// <summary>Ironic's <c>InvalidParameterValue</c> (400).</summary>
    public static DriverException InvalidParameter(string message) => new(message, 400);

    /// <summary>Ironic's <c>MissingParameterValue</c> (400).</summary>
    public static DriverException MissingParameter(string message) => new(message, 400);

    /// <summary>Ironic's <c>UnsupportedDriverExtension</c> (400), raised by the <c>no-*</c> implementations.</summary>
    public static DriverException UnsupportedExtension(string driver, string interfaceType) =>
        new(UnsupportedExtensionMessage(driver, interfaceType), 400) { IsUnsupportedExtension = true };

    /// <summary>True for Ironic's <c>UnsupportedDriverExtension</c> (some endpoints answer it with another status, e.g. RAID 404).</summary>
    public bool IsUnsupportedExtension { get; private init; }

    /// <summary>The text of Ironic's <c>UnsupportedDriverExtension</c>.</summary>
    public static string UnsupportedExtensionMessage(string driver, string interfaceType) =>
        $"Driver {driver} does not support {interfaceType} (disabled or not implemented).";

    /// <summary>A clean/deploy step that the interface does not offer (400).</summary>
    public static DriverException UnsupportedStep(string stepType, string interfaceType, string step) =>
        new($"node does not support this {stepType} step: {{'interface': '{interfaceType}', 'step': '{step}'}}", 400);
}
