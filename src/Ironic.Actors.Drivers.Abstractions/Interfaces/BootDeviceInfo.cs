namespace Ironic.Actors.Drivers.Abstractions;

/// <summary>The current boot device as Ironic reports it (<c>boot_device</c>, <c>persistent</c>); nulls when unknown.</summary>
public sealed record BootDeviceInfo(string? BootDevice, bool? Persistent);
