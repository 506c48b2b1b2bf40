using Ironic.Actors.Drivers.Abstractions;
using Ironic.Actors.Drivers.Noop;
using NUnit.Framework;
using static Ironic.Actors.Drivers.Tests.TestNodes;

namespace Ironic.Actors.Drivers.Tests;

/// <summary>The noop and no-* implementations.</summary>
public class NoopInterfaceTests
{
    private const string Unsupported = "Driver fake-hardware does not support {0} (disabled or not implemented).";

    [Test]
    public void No_implementations_fail_validation_and_actions_like_Ironic()
    {
        Assert.That(new NoConsole().Validate(FakeNode()), Is.EqualTo(ValidationResult.Fail(string.Format(Unsupported, "console"))));
        Assert.That(new NoRescue().Validate(FakeNode()).Result, Is.False);

        var error = Assert.ThrowsAsync<DriverException>(() => new NoRescue().RescueAsync(FakeNode(), CancellationToken.None));
        Assert.That(error!.Message, Is.EqualTo(string.Format(Unsupported, "rescue")));
        Assert.That(error.StatusCode, Is.EqualTo(400));
        Assert.ThrowsAsync<DriverException>(() => new NoInspect().InspectAsync(FakeNode(), CancellationToken.None));
        Assert.ThrowsAsync<DriverException>(() => new NoRaid().DeleteConfigurationAsync(FakeNode(), CancellationToken.None));
        Assert.ThrowsAsync<DriverException>(() => new NoBios().FactoryResetAsync(FakeNode(), CancellationToken.None));
        Assert.ThrowsAsync<DriverException>(() => new NoVendor().CallAsync(FakeNode(), "x", "POST", null, CancellationToken.None));
    }

    [Test]
    public void Caching_bios_settings_is_harmless_without_bios_support()
    {
        // Ironic's no-bios lets cache_bios_settings pass (every node caches them after power-on and cleaning) while
        // every real BIOS action is refused: done at once, without error, where factory reset fails.
        var bios = new NoBios();

        var caching = bios.CacheBiosSettingsAsync(FakeNode(), CancellationToken.None);

        Assert.That(caching.IsCompletedSuccessfully, Is.True, () => $"status {caching.Status}: {caching.Exception}");
        var refused = Assert.ThrowsAsync<DriverException>(() => bios.FactoryResetAsync(FakeNode(), CancellationToken.None));
        Assert.That(refused!.Message, Is.EqualTo(string.Format(Unsupported, "bios")));
    }

    [Test]
    public void Noop_network_and_storage_validate_and_do_nothing()
    {
        Assert.That(new NoopNetwork().Validate(FakeNode()), Is.EqualTo(ValidationResult.Ok));
        Assert.That(new NoopStorage().Validate(FakeNode()), Is.EqualTo(ValidationResult.Ok));
        var adding = new NoopNetwork().AddProvisioningNetworkAsync(FakeNode(), CancellationToken.None);
        var removing = new NoopNetwork().RemoveProvisioningNetworkAsync(FakeNode(), CancellationToken.None);
        Assert.That((adding.IsCompletedSuccessfully, removing.IsCompletedSuccessfully), Is.EqualTo((true, true)), "nothing to wait for, nothing fails");
        Assert.That(((IStorageInterface)new NoopStorage()).ShouldWriteImage(FakeNode()), Is.True);
    }

    [Test]
    public void Catalog_offers_every_implementation_once()
    {
        var all = DriverCatalog.All(new HardwareOptions(), TimeProvider.System).ToList();

        Assert.That(all.Select(i => (i.InterfaceType, i.Name)), Is.Unique);
        Assert.That(all.Select(i => i.InterfaceType).Distinct(), Is.EquivalentTo(InterfaceTypes.All));
        Assert.That(all.Where(i => i.Name.StartsWith("no-")).Select(i => i.Name),
            Is.EquivalentTo(new[] { "no-bios", "no-console", "no-inspect", "no-raid", "no-rescue", "no-vendor" }));
    }
}
