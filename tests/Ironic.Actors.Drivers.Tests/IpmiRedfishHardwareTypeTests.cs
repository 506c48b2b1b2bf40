using Ironic.Actors.Drivers.Abstractions;
using NUnit.Framework;
using static Ironic.Actors.Drivers.Tests.TestNodes;

namespace Ironic.Actors.Drivers.Tests;

/// <summary>The ipmi and redfish hardware types in the registry: enabled by default, as Ironic's, next to fake-hardware.</summary>
public class IpmiRedfishHardwareTypeTests
{
    private static HardwareOptions RealHardware() => new()
    {
        EnabledHardwareTypes = ["fake-hardware", "ipmi", "redfish"],
        EnabledInterfaces =
        {
            ["power"] = ["fake", "ipmitool", "redfish"],
            ["management"] = ["fake", "ipmitool", "redfish"],
        },
    };

    private static HardwareTypeRegistry Build(HardwareOptions options) => DriverCatalog.CreateRegistry(options, TimeProvider.System);

    [Test]
    public void Default_configuration_offers_fake_hardware_ipmi_and_redfish()
    {
        var registry = Build(new HardwareOptions());

        Assert.That(registry.EnabledHardwareTypes.Select(t => t.Name), Is.EqualTo(new[] { "fake-hardware", "ipmi", "redfish" }));
        var ipmi = registry.Resolve("ipmi", Request()).Interfaces!;
        Assert.That((ipmi.Power, ipmi.Management, ipmi.Boot, ipmi.Deploy), Is.EqualTo(("ipmitool", "ipmitool", "ipxe", "direct")));
        Assert.That(registry.Resolve("idrac", Request()).Error, Is.EqualTo("Could not find the following driver(s) or hardware type(s): idrac."));
    }

    [Test]
    public void Default_configuration_gives_a_redfish_node_virtual_media_boot_and_the_direct_deploy()
    {
        var registry = Build(new HardwareOptions());

        var interfaces = registry.Resolve("redfish", Request()).Interfaces!;
        Assert.That((interfaces.Power, interfaces.Management, interfaces.Boot, interfaces.Deploy),
            Is.EqualTo(("redfish", "redfish", "redfish-virtual-media", "direct")));
        var asked = registry.Resolve("redfish", Request(("boot", "redfish-virtual-media"), ("deploy", "ramdisk")));
        Assert.That(asked.Error, Is.Null);
        Assert.That(registry.Resolve("redfish", Request(("deploy", "ansible"))).Error,
            Does.Contain("Valid interfaces are ['fake', 'direct', 'ramdisk']"));

        // fake-hardware keeps its fake defaults.
        Assert.That(registry.Resolve("fake-hardware", Request()).Interfaces, Is.EqualTo(FakeInterfaces));
    }

    [Test]
    public void Ipmi_gets_the_ramdisk_deploy_when_direct_is_not_enabled_and_fake_only_when_neither_is()
    {
        var options = RealHardware();
        options.EnabledInterfaces["deploy"] = ["fake", "ramdisk"];
        Assert.That(Build(options).Resolve("ipmi", Request()).Interfaces!.Deploy, Is.EqualTo("ramdisk"));

        options.EnabledInterfaces["deploy"] = ["fake"];
        Assert.That(Build(options).Resolve("ipmi", Request()).Interfaces!.Deploy, Is.EqualTo("fake"));
    }

    [Test]
    public void Ipmi_node_gets_ipmitool_power_and_management_and_generic_defaults()
    {
        var resolution = Build(RealHardware()).Resolve("ipmi", Request());

        Assert.That(resolution.Error, Is.Null);
        var interfaces = resolution.Interfaces!;
        Assert.That(interfaces.Power, Is.EqualTo("ipmitool"));
        Assert.That(interfaces.Management, Is.EqualTo("ipmitool"));
        Assert.That(interfaces.Bios, Is.EqualTo("no-bios"));
        Assert.That(interfaces.Console, Is.EqualTo("no-console"));
        Assert.That(interfaces.Inspect, Is.EqualTo("no-inspect"));
        Assert.That(interfaces.Network, Is.EqualTo("noop"));
        Assert.That(interfaces.Raid, Is.EqualTo("no-raid"));
        Assert.That(interfaces.Rescue, Is.EqualTo("no-rescue"));
        Assert.That(interfaces.Storage, Is.EqualTo("noop"));
        Assert.That(interfaces.Vendor, Is.EqualTo("no-vendor"));
        // iPXE boots the agent, which deploys.
        Assert.That(interfaces.Boot, Is.EqualTo("ipxe"));
        Assert.That(interfaces.Deploy, Is.EqualTo("direct"));
    }

    [Test]
    public void Ipmi_alone_with_the_default_boot_and_deploy_lists_resolves_a_metal3_style_node()
    {
        var options = new HardwareOptions
        {
            EnabledHardwareTypes = ["ipmi"],
            EnabledInterfaces = { ["power"] = ["ipmitool"], ["management"] = ["ipmitool"] },
        };

        var resolution = Build(options).Resolve("ipmi", Request(("boot", "ipxe"), ("raid", "no-raid")));

        Assert.That(resolution.Error, Is.Null);
        Assert.That((resolution.Interfaces!.Boot, resolution.Interfaces.Deploy), Is.EqualTo(("ipxe", "direct")));
    }

    [Test]
    public void Ipmi_boots_by_ipxe_or_pxe_only_and_redfish_offers_them_after_virtual_media()
    {
        var registry = Build(RealHardware());

        Assert.That(registry.Resolve("ipmi", Request(("boot", "pxe"))).Interfaces!.Boot, Is.EqualTo("pxe"));
        Assert.That(registry.Resolve("ipmi", Request(("boot", "fake"))).Error,
            Is.EqualTo("boot interface implementation 'fake' is not supported by hardware type ipmi."), "no fake stand-in any more");
        Assert.That(registry.Resolve("redfish", Request()).Interfaces!.Boot, Is.EqualTo("redfish-virtual-media"));
        Assert.That(registry.Resolve("redfish", Request(("boot", "ipxe"))).Interfaces!.Boot, Is.EqualTo("ipxe"));
        Assert.That(registry.Resolve("redfish", Request(("boot", "pxe"))).Interfaces!.Boot, Is.EqualTo("pxe"));
        // fake-hardware still resolves its fake boot.
        Assert.That(registry.Resolve("fake-hardware", Request()).Interfaces!.Boot, Is.EqualTo("fake"));
    }

    [Test]
    public void Redfish_node_gets_redfish_power_and_management()
    {
        var interfaces = Build(RealHardware()).Resolve("redfish", Request()).Interfaces!;

        Assert.That(interfaces.Power, Is.EqualTo("redfish"));
        Assert.That(interfaces.Management, Is.EqualTo("redfish"));
        Assert.That(interfaces.Vendor, Is.EqualTo("no-vendor"));
    }

    [Test]
    public void Interface_of_another_hardware_type_is_incompatible()
    {
        var error = Build(RealHardware()).Resolve("redfish", Request(("power", "ipmitool"))).Error;

        Assert.That(error, Is.EqualTo("power interface implementation 'ipmitool' is not supported by hardware type redfish."));
    }

    [Test]
    public void Interface_that_is_not_enabled_is_refused()
    {
        var options = RealHardware();
        options.EnabledHardwareTypes = ["ipmi"];
        options.EnabledInterfaces["power"] = ["ipmitool"];
        options.EnabledInterfaces["management"] = ["ipmitool"];

        var error = Build(options).Resolve("ipmi", Request(("management", "redfish"))).Error;

        Assert.That(error, Is.EqualTo(
            "Could not find the following interface in the 'ironic.hardware.interfaces.management' entrypoint: redfish. " +
            "Valid interfaces are ['ipmitool']."));
    }

    [Test]
    public void Enabling_ipmi_without_its_power_interface_stops_the_start()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Build(new HardwareOptions
        {
            EnabledHardwareTypes = ["ipmi"],
            EnabledInterfaces = { ["management"] = ["fake", "redfish"] },
        }));

        Assert.That(error!.Message, Is.EqualTo(
            "For hardware type 'ipmi', no default value found for management interface could be determined. Please ensure the interfaces are enabled."));
    }

    [Test]
    public void Properties_list_the_driver_info_keys()
    {
        var registry = Build(RealHardware());

        Assert.That(registry.Properties("ipmi").Keys, Does.Contain("ipmi_address").And.Contain("ipmi_password").And.Contain("ipmi_cipher_suite"));
        Assert.That(registry.Properties("redfish").Keys, Does.Contain("redfish_address").And.Contain("redfish_verify_ca"));
    }

    [Test]
    public void Bad_driver_options_are_configuration_errors()
    {
        var options = new HardwareOptions();
        options.Ipmi.CommandRetryTimeout = 0;
        options.Redfish.ConnectionAttempts = 0;

        var error = Assert.Throws<InvalidOperationException>(() => options.Validate());

        Assert.That(error!.Message, Does.Contain("Ironic:Hardware:Ipmi:CommandRetryTimeout").And.Contain("Ironic:Hardware:Redfish:ConnectionAttempts"));
    }
}
