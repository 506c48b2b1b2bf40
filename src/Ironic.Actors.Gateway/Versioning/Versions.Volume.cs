namespace Ironic.Actors.Gateway.Versioning;

/// <summary>The microversions that introduced features, by name (partial: each resource declares its own).</summary>
public static partial class Versions
{
    /// <summary>1.32: <c>/v1/volume</c>, volume connectors and targets (404 below, as Ironic's controllers answer).</summary>
    public const int VolumeResources = 32;
}
