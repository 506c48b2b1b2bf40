using Ironic.Actors.Domain.Nodes;
using System.Text.Json.Nodes;
using Ironic.Actors.Domain.States;
using Ironic.Actors.Drivers.Abstractions;
using Ironic.Actors.Drivers.Fake;
using NUnit.Framework;
using static Ironic.Actors.Drivers.Tests.TestNodes;

namespace Ironic.Actors.Drivers.Tests;

/// <summary>Behaviour of the fake interfaces (spec 6.2), without delays.</summary>
public class FakeInterfaceTests
{
    [TestCase(null, null)]
    [TestCase(PowerStates.PowerOn, PowerStates.PowerOn)]
    [TestCase(PowerStates.PowerOff, PowerStates.PowerOff)]
    [TestCase(PowerStates.Error, PowerStates.Error)]
    public async Task Power_state_is_whatever_the_node_has_recorded(string? recorded, string? expected)
    {
        Assert.That(await new FakePower().GetPowerStateAsync(FakeNode(recorded), CancellationToken.None), Is.EqualTo(expected));
    }

    [TestCase(PowerStates.PowerOn, PowerStates.PowerOn)]
    [TestCase(PowerStates.PowerOff, PowerStates.PowerOff)]
    [TestCase(PowerStates.Rebooting, PowerStates.PowerOn)]
    [TestCase(PowerStates.SoftRebooting, PowerStates.PowerOn)]
    [TestCase(PowerStates.SoftPowerOff, PowerStates.PowerOff)]
    public async Task Power_action_reports_the_state_its_target_ends_in(string target, string expected)
    {
        var result = await new FakePower().SetPowerStateAsync(FakeNode(PowerStates.PowerOff), target, null, CancellationToken.None);

        Assert.That(result, Is.EqualTo(expected));
    }

    [Test]
    public void Invalid_power_target_is_a_400()
    {
        var error = Assert.ThrowsAsync<DriverException>(
            () => new FakePower().SetPowerStateAsync(FakeNode(), "sideways", null, CancellationToken.None));

        Assert.That(error!.Message, Is.EqualTo("set_power_state called with an invalid power state: sideways."));
        Assert.That(error.StatusCode, Is.EqualTo(400));
    }

    [Test]
    public void Supported_power_states_include_reboots_and_soft_actions()
    {
        Assert.That(new FakePower().SupportedPowerStates(FakeNode()), Is.EquivalentTo(PowerStates.Targets));
    }

    [Test]
    public async Task Management_reports_pxe_not_persistent_and_only_accepts_pxe()
    {
        var management = new FakeManagement();

        Assert.That(await management.GetBootDeviceAsync(FakeNode(), CancellationToken.None), Is.EqualTo(new BootDeviceInfo("pxe", false)));
        Assert.That(management.SupportedBootDevices(FakeNode()), Is.EqualTo(new[] { "pxe" }));
        await management.SetBootDeviceAsync(FakeNode(), "pxe", persistent: true, CancellationToken.None);
        var error = Assert.ThrowsAsync<DriverException>(() => management.SetBootDeviceAsync(FakeNode(), "disk", false, CancellationToken.None));
        Assert.That(error!.Message, Is.EqualTo("Invalid boot device disk specified."));
    }

    [Test]
    public async Task Deploy_has_one_deploy_step_and_no_clean_steps()
    {
        IDeployInterface deploy = new FakeDeploy();

        Assert.That(deploy.GetDeploySteps(FakeNode()), Is.EqualTo(new[] { new StepDefinition("deploy", "deploy", 100, false, null) }));
        Assert.That(deploy.GetCleanSteps(FakeNode()), Is.Empty);
        await deploy.ExecuteDeployStepAsync(FakeNode(), "deploy", new JsonObject(), CancellationToken.None);
        var error = Assert.ThrowsAsync<DriverException>(() => deploy.ExecuteCleanStepAsync(FakeNode(), "erase_devices", new JsonObject(), CancellationToken.None));
        Assert.That(error!.Message, Is.EqualTo("node does not support this clean step: {'interface': 'deploy', 'step': 'erase_devices'}"));
    }

    [Test]
    public async Task Bios_offers_manual_clean_steps_and_reports_the_settings_they_leave()
    {
        IBiosInterface bios = new FakeBios();

        // Ironic 21.4's fake: apply_configuration, factory_reset and (doing nothing) cache_bios_settings, all priority 0.
        Assert.That(bios.GetCleanSteps(FakeNode()).Select(s => (s.Step, s.Priority)),
            Is.EqualTo(new[] { ("apply_configuration", 0), ("factory_reset", 0), ("cache_bios_settings", 0) }));
        var applied = await bios.ExecuteBiosStepAsync(FakeNode(), "apply_configuration",
            new JsonObject { ["settings"] = new JsonArray(new JsonObject { ["name"] = "a", ["value"] = "b" }) }, deploy: false, CancellationToken.None);
        Assert.That(applied, Is.EqualTo(new[] { new BiosSetting("a", "b") }), "the given settings become the cache");
        Assert.That(await bios.ExecuteBiosStepAsync(FakeNode(), "factory_reset", new JsonObject(), deploy: true, CancellationToken.None), Is.Empty);
        Assert.That(await bios.ExecuteBiosStepAsync(FakeNode(), "cache_bios_settings", new JsonObject(), deploy: false, CancellationToken.None), Is.Null,
            "caching reads nothing: the cache stays as it is");
        Assert.That(await bios.CacheBiosSettingsAsync(FakeNode(), CancellationToken.None), Is.Null);
        var missing = Assert.ThrowsAsync<DriverException>(() => bios.ExecuteCleanStepAsync(FakeNode(), "apply_configuration", new JsonObject(), CancellationToken.None));
        Assert.That(missing!.Message, Is.EqualTo("'settings'"));
        var noName = Assert.ThrowsAsync<DriverException>(() => bios.ExecuteCleanStepAsync(FakeNode(), "apply_configuration",
            new JsonObject { ["settings"] = new JsonArray(new JsonObject { ["value"] = "b" }) }, CancellationToken.None));
        Assert.That(noName!.Message, Is.EqualTo("'name'"), "Ironic's KeyError text");
    }

    [Test]
    public async Task Inspection_finds_nothing_and_finishes_at_once()
    {
        var result = await new FakeInspect().InspectAsync(FakeNode(), CancellationToken.None);

        Assert.That(result.Properties, Is.Null);
        Assert.That(result.Asynchronous, Is.False);
    }

    [Test]
    public async Task Vendor_methods_check_bar()
    {
        IVendorInterface vendor = new FakeVendor();
        var body = new JsonObject { ["bar"] = "kazoo" };

        Assert.That(vendor.Methods.Keys, Is.EquivalentTo(new[] { "second_method", "third_method_sync", "fourth_method_shared_lock" }));
        Assert.That(vendor.Methods["third_method_sync"].Async, Is.False);
        Assert.That(vendor.Methods["fourth_method_shared_lock"].RequireExclusiveLock, Is.False);
        Assert.That((bool)(await vendor.CallAsync(FakeNode(), "second_method", "POST", body, CancellationToken.None))!, Is.True);
        Assert.That((bool)(await vendor.CallAsync(FakeNode(), "third_method_sync", "POST", body, CancellationToken.None))!, Is.False);
        Assert.That(vendor.ValidateCall(FakeNode(), "second_method", "POST", new JsonObject()).Reason,
            Is.EqualTo("Parameter 'bar' not passed to method 'second_method'."));
        Assert.That(vendor.ValidateCall(FakeNode(), "second_method", "GET", body).Reason,
            Is.EqualTo("The method second_method does not support HTTP GET"));
        Assert.That(vendor.ValidateCall(FakeNode(), "nope", "POST", body).Reason, Is.EqualTo("No handler for method nope"));
    }
}
