using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Drivers.Abstractions;
using Ironic.Actors.Drivers.Fake;
using NUnit.Framework;
using static Ironic.Actors.Drivers.Tests.TestNodes;

namespace Ironic.Actors.Drivers.Tests;

/// <summary>Interface resolution (spec 6.2, 6.5) and the start-up checks of the registry.</summary>
public class HardwareTypeRegistryTests
{
    /// <summary>A hardware type that checks compatibility, unlike fake-hardware.</summary>
    private static readonly HardwareType Strict = new("strict-hardware", new Dictionary<string, IReadOnlyList<string>>
    {
        ["bios"] = ["no-bios"], ["boot"] = ["fake"], ["console"] = ["no-console"], ["deploy"] = ["fake"],
        ["inspect"] = ["no-inspect"], ["management"] = ["fake"], ["network"] = ["noop"], ["power"] = ["fake"],
        ["raid"] = ["no-raid"], ["rescue"] = ["no-rescue"], ["storage"] = ["noop"], ["vendor"] = ["no-vendor"],
    });

    private static HardwareTypeRegistry Build(HardwareOptions? options = null, params HardwareType[] extraTypes)
    {
        options ??= new HardwareOptions();
        return new HardwareTypeRegistry(options, DriverCatalog.All(options, TimeProvider.System), KnownHardwareTypes.All.Concat(extraTypes));
    }

    private static NodeInterfaces ResolveOk(HardwareTypeRegistry registry, string driver, IReadOnlyDictionary<string, string?> requested)
    {
        var resolution = registry.Resolve(driver, requested);
        Assert.That(resolution.Error, Is.Null);
        return resolution.Interfaces!;
    }

    [Test]
    public void Defaults_are_fake_except_network_and_storage_which_are_noop()
    {
        var registry = Build();

        var interfaces = ResolveOk(registry, "fake-hardware", Request());

        // Matches what Ironic 21.4 answers for POST /v1/nodes {"driver": "fake-hardware"}.
        Assert.That(interfaces, Is.EqualTo(FakeInterfaces));
        Assert.That(registry.IsKnownDriver("fake-hardware"), Is.True);
        Assert.That(registry.IsKnownDriver("ipmi"), Is.True);
        Assert.That(registry.IsKnownDriver("idrac"), Is.False);
        Assert.That(registry.EnabledHardwareTypes.Select(t => t.Name), Is.EqualTo(new[] { "fake-hardware", "ipmi", "redfish" }));
    }

    [Test]
    public void Explicit_enabled_implementation_is_kept()
    {
        var interfaces = ResolveOk(Build(), "fake-hardware", Request(("bios", "no-bios"), ("vendor", "no-vendor")));

        Assert.That(interfaces.Bios, Is.EqualTo("no-bios"));
        Assert.That(interfaces.Vendor, Is.EqualTo("no-vendor"));
        Assert.That(interfaces.Power, Is.EqualTo("fake"));
    }

    [Test]
    public void Null_request_entries_get_the_default()
    {
        var interfaces = ResolveOk(Build(), "fake-hardware", new Dictionary<string, string?> { ["bios"] = null });

        Assert.That(interfaces.Bios, Is.EqualTo("fake"));
    }

    [Test]
    public void Explicit_unknown_implementation_is_refused_with_Ironic_wording()
    {
        var resolution = Build().Resolve("fake-hardware", Request(("power", "bogus")));

        Assert.That(resolution.Interfaces, Is.Null);
        Assert.That(resolution.Error, Is.EqualTo(
            "Could not find the following interface in the 'ironic.hardware.interfaces.power' entrypoint: bogus. " +
            "Valid interfaces are ['fake', 'ipmitool', 'redfish']."));
    }

    [Test]
    public void Implemented_but_not_enabled_is_refused_listing_the_enabled_ones()
    {
        var options = new HardwareOptions { EnabledHardwareTypes = ["fake-hardware"], EnabledInterfaces = { ["console"] = ["fake"] } };

        var resolution = Build(options).Resolve("fake-hardware", Request(("console", "no-console")));

        Assert.That(resolution.Error, Is.EqualTo(
            "Could not find the following interface in the 'ironic.hardware.interfaces.console' entrypoint: no-console. " +
            "Valid interfaces are ['fake']."));
    }

    [Test]
    public void Fake_hardware_accepts_any_enabled_implementation_but_other_types_check_support()
    {
        var options = new HardwareOptions
        {
            EnabledHardwareTypes = ["fake-hardware", "strict-hardware"],
            EnabledInterfaces = { ["storage"] = ["noop", "fake"] },
        };
        var registry = Build(options, Strict);

        Assert.That(ResolveOk(registry, "fake-hardware", Request(("storage", "fake"))).Storage, Is.EqualTo("fake"));
        Assert.That(registry.Resolve("strict-hardware", Request(("bios", "fake"))).Error,
            Is.EqualTo("bios interface implementation 'fake' is not supported by hardware type strict-hardware."));
        Assert.That(ResolveOk(registry, "strict-hardware", Request()).Bios, Is.EqualTo("no-bios"));
    }

    [Test]
    public void Default_is_the_first_supported_implementation_that_is_enabled()
    {
        // Enabled order does not matter: the hardware type's supported order does.
        var fakeFirst = Build(new HardwareOptions { EnabledInterfaces = { ["bios"] = ["no-bios", "fake"] } });
        var onlyNoop = Build(new HardwareOptions { EnabledInterfaces = { ["bios"] = ["no-bios"] } });

        Assert.That(fakeFirst.DefaultInterface("fake-hardware", "bios"), Is.EqualTo("fake"));
        Assert.That(ResolveOk(onlyNoop, "fake-hardware", Request()).Bios, Is.EqualTo("no-bios"));
    }

    [Test]
    public void Forced_default_wins_over_the_supported_order()
    {
        var registry = Build(new HardwareOptions { DefaultInterfaces = { ["rescue"] = "no-rescue" } });

        Assert.That(ResolveOk(registry, "fake-hardware", Request()).Rescue, Is.EqualTo("no-rescue"));
        Assert.That(registry.DefaultInterface("fake-hardware", "rescue"), Is.EqualTo("no-rescue"));
    }

    [Test]
    public void Forced_default_that_is_not_enabled_stops_the_build()
    {
        var options = new HardwareOptions { DefaultInterfaces = { ["power"] = "ipmitool" }, EnabledInterfaces = { ["power"] = ["fake", "redfish"] } };

        var error = Assert.Throws<InvalidOperationException>(() => Build(options));

        Assert.That(error!.Message, Does.StartWith(
            "Could not find the following interface in the 'ironic.hardware.interfaces.power' entrypoint: ipmitool."));
    }

    [Test]
    public void Unknown_driver_is_refused()
    {
        Assert.That(Build().Resolve("idrac", Request()).Error,
            Is.EqualTo("Could not find the following driver(s) or hardware type(s): idrac."));
    }

    [Test]
    public void Refuses_to_build_without_any_hardware_type()
    {
        // A single blank entry is how configuration says "none" (an empty list means the default).
        var error = Assert.Throws<InvalidOperationException>(() => Build(new HardwareOptions { EnabledHardwareTypes = [""] }));

        Assert.That(error!.Message, Is.EqualTo("Conductor cannot be started because no hardware types were loaded."));
    }

    [Test]
    public void Refuses_to_build_with_an_unknown_hardware_type()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Build(new HardwareOptions { EnabledHardwareTypes = ["idrac"] }));

        Assert.That(error!.Message, Is.EqualTo("Could not find the following items in the 'ironic.hardware.types' entrypoint: idrac."));
    }

    [Test]
    public void Refuses_to_build_with_an_enabled_implementation_that_does_not_exist()
    {
        var error = Assert.Throws<InvalidOperationException>(
            () => Build(new HardwareOptions { EnabledInterfaces = { ["power"] = ["fake", "bogus"] } }));

        Assert.That(error!.Message, Is.EqualTo("Could not find the following items in the 'ironic.hardware.interfaces.power' entrypoint: bogus."));
    }

    [Test]
    public void Refuses_to_build_with_an_empty_interface_list()
    {
        var error = Assert.Throws<InvalidOperationException>(
            () => Build(new HardwareOptions { EnabledInterfaces = { ["deploy"] = [" "] } }));

        Assert.That(error!.Message, Is.EqualTo(
            "Invalid configuration file. Configuration options enabled_deploy_interfaces cannot be an empty list."));
    }

    [Test]
    public void Refuses_to_build_when_a_hardware_type_has_no_usable_default()
    {
        var picky = Strict with { Name = "picky-hardware", SupportedInterfaces = new Dictionary<string, IReadOnlyList<string>>(Strict.SupportedInterfaces) { ["power"] = ["ipmitool"] } };

        var error = Assert.Throws<InvalidOperationException>(
            () => Build(new HardwareOptions { EnabledHardwareTypes = ["picky-hardware"], EnabledInterfaces = { ["power"] = ["fake"] } }, picky));

        Assert.That(error!.Message, Is.EqualTo(
            "For hardware type 'picky-hardware', no default value found for power interface could be determined. " +
            "Please ensure the interfaces are enabled."));
    }

    [Test]
    public void Empty_lists_mean_defaults_and_duplicates_are_dropped()
    {
        var options = new HardwareOptions
        {
            EnabledHardwareTypes = [],
            EnabledInterfaces = { ["power"] = ["fake", " fake "] },
        };

        Assert.That(options.GetEnabledHardwareTypes(), Is.EqualTo(new[] { "fake-hardware", "ipmi", "redfish" }));
        Assert.That(options.GetEnabledInterfaces("power"), Is.EqualTo(new[] { "fake" }));
        Assert.That(options.GetEnabledInterfaces("bios"), Is.EqualTo(new[] { "fake", "no-bios" }));
    }

    [Test]
    public void Drivers_api_views()
    {
        var registry = Build();

        Assert.That(registry.EnabledInterfaces("fake-hardware", "bios"), Is.EqualTo(new[] { "fake", "no-bios" }));
        Assert.That(registry.EnabledInterfaces("fake-hardware", "network"), Is.EqualTo(new[] { "noop" }));
        Assert.That(registry.DefaultInterface("fake-hardware", "storage"), Is.EqualTo("noop"));
        Assert.That(registry.DefaultInterface("ipmi", "power"), Is.EqualTo("ipmitool"));
        Assert.That(registry.DefaultInterface("idrac", "power"), Is.Null);
        Assert.That(registry.Properties("fake-hardware").Keys, Is.EqualTo(new[] { "B1", "B2" }));
        Assert.That(registry.HardwareInterfaces.Count(e => e.IsDefault), Is.EqualTo(36), "12 for each of fake-hardware, ipmi and redfish");
        Assert.That(registry.HardwareInterfaces, Does.Contain(new HardwareInterfaceEntry("fake-hardware", "console", "no-console", false)));
    }

    [Test]
    public void Hands_out_the_node_implementations()
    {
        var registry = Build();

        Assert.That(registry.GetInterface<IPowerInterface>(FakeInterfaces), Is.InstanceOf<FakePower>());
        Assert.That(registry.GetInterface<INetworkInterface>(FakeInterfaces).Name, Is.EqualTo("noop"));
        Assert.That(registry.Get("deploy", "fake"), Is.InstanceOf<FakeDeploy>());
        // Implemented but not enabled: fake storage is not in the default enabled list.
        var error = Assert.Throws<DriverException>(() => registry.Get("storage", "fake"));
        Assert.That(error!.StatusCode, Is.EqualTo(400));
        Assert.That(error.Message, Does.Contain("Valid interfaces are ['noop']"));
    }

    [Test]
    public void Rejects_two_implementations_with_the_same_name()
    {
        var options = new HardwareOptions();
        var duplicate = DriverCatalog.All(options, TimeProvider.System).Append(new FakePower());

        Assert.Throws<InvalidOperationException>(() => _ = new HardwareTypeRegistry(options, duplicate));
    }
}
