using System.Text.Json.Nodes;
using Ironic.Actors.Client.Tests.Infrastructure;
using NUnit.Framework;

namespace Ironic.Actors.Client.Tests;

/// <summary>
/// openstacksdk (Debian's python3-openstacksdk 0.101) against the real server: <c>openstack.connect</c> with auth type
/// "none" and <c>baremetal_endpoint_override</c>, as standalone Ironic users (bifrost, metal3 tooling) connect. The
/// session (Sdk/sdk_session.py) creates a node, lists, gets it by name, patches and updates it, walks it through
/// manage, provide, power on, ports, deploy, power off and undeploy with the SDK's own waits, deletes it, and records
/// how the SDK reports an error; the assertions here are on the JSON it prints. The same script gave the same
/// answers (UUIDs aside) against OpenStack Ironic 21.4 with fake-hardware.
/// </summary>
[TestFixture]
public sealed class SdkTests : CliFixture
{
    private string _python = null!;

    [OneTimeSetUp]
    public void FindPython()
    {
        var python = PythonSdk.LocateInterpreter();
        if (python is null)
            Assert.Fail("No python3 here imports openstacksdk: these tests need it (Debian package python3-openstacksdk; " +
                        "`bash test.sh` installs it when run as root). A machine without it must not pass these tests silently.");
        _python = python!;
    }

    [Test]
    public async Task A_whole_node_life_through_openstacksdk()
    {
        var prefix = UniqueName("sdk");
        var mac = RandomMac();
        var run = await PythonSdk.RunAsync(_python, PythonSdk.Script("sdk_session.py"), Server.BaseUrl, prefix, mac);
        TestContext.Out.WriteLine(run.ToString());
        Assert.That(run.ExitCode, Is.Zero, run.ToString);
        var o = run.Output;
        Assert.That(o, Is.Not.Null, "the script prints one JSON object");
        Assert.That(o!["failed"], Is.Null, () => $"The SDK session failed: {o["failed"]?.ToJsonString()}");

        var name = prefix + "-node";
        var created = o["created"]!.AsObject();
        var id = Str(created, "id");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Guid.TryParse(id, out _), Is.True, id);
            Assert.That(Str(created, "name"), Is.EqualTo(name));
            Assert.That(Str(created, "provision_state"), Is.EqualTo("enroll"));
            Assert.That(created["power_state"], Is.Null);
            Assert.That(Str(created, "driver"), Is.EqualTo("fake-hardware"));
            Assert.That(JsonNode.DeepEquals(created["properties"], JsonNode.Parse("""{"cpus": 4, "memory_mb": 8192}""")), Is.True);
            Assert.That(o["created_driver_info"]!["ipmi_password"]!.GetValue<string>(), Is.EqualTo("******"));

            Assert.That(o["listed_names"]!.AsArray().Select(n => n?.GetValue<string>()), Does.Contain(name));
            Assert.That(Str(o["got"]!.AsObject(), "id"), Is.EqualTo(id), "get by name");

            var patched = o["patched"]!.AsObject();
            Assert.That(patched["extra"]!["rack"]!.GetValue<string>(), Is.EqualTo("r7"));
            Assert.That(patched["properties"]!["cpus"]!.GetValue<int>(), Is.EqualTo(8));

            Assert.That(Str(o["managed"]!.AsObject(), "provision_state"), Is.EqualTo("manageable"));
            Assert.That(Str(o["provided"]!.AsObject(), "provision_state"), Is.EqualTo("available"));
            Assert.That(o["provided"]!["power_state"], Is.Null, "fake power knows no state before the first power action, as in Ironic");
            Assert.That(o["powered_on"]!.GetValue<string>(), Is.EqualTo("power on"));

            var port = o["port"]!.AsObject();
            Assert.That(Str(port, "address"), Is.EqualTo(mac));
            Assert.That(Str(port, "node_id"), Is.EqualTo(id));
            Assert.That(port["extra"]!["made_by"]!.GetValue<string>(), Is.EqualTo("sdk"));
            Assert.That(o["port_addresses"]!.AsArray().Select(a => a?.GetValue<string>()), Is.EqualTo(new[] { mac }));
            Assert.That(o["ports_after_delete"]!.AsArray(), Is.Empty);

            var deployed = o["deployed"]!.AsObject();
            Assert.That(Str(deployed, "provision_state"), Is.EqualTo("active"));
            Assert.That(Str(deployed, "power_state"), Is.EqualTo("power on"));
            Assert.That(o["powered_off"]!.GetValue<string>(), Is.EqualTo("power off"));
            Assert.That(Str(o["undeployed"]!.AsObject(), "provision_state"), Is.EqualTo("available"));
            Assert.That(o["names_after_delete"]!.AsArray(), Is.Empty);
        }

        // Errors: the SDK maps the status to its exception type and carries Ironic's faultstring.
        var duplicate = o["duplicate_port_error"]!.AsObject();
        var missing = o["missing_node_error"]!.AsObject();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Str(duplicate, "type"), Is.EqualTo("ConflictException"));
            Assert.That(duplicate["status"]!.GetValue<int>(), Is.EqualTo(409));
            Assert.That(Str(duplicate, "message"), Does.EndWith($"A port with MAC address {mac} already exists."));
            Assert.That(Str(missing, "type"), Is.EqualTo("ResourceNotFound"));
            Assert.That(missing["status"]!.GetValue<int>(), Is.EqualTo(404));
            Assert.That(Str(missing, "message"), Does.EndWith($"Node {prefix}-missing could not be found."));
        }

        Assert.That((await Api.GetAsync($"/v1/nodes/{id}")).StatusCode, Is.EqualTo(404), "the node is gone");
    }

    private static string RandomMac()
    {
        var bytes = new byte[4];
        Random.Shared.NextBytes(bytes);
        return "52:54:" + string.Join(':', bytes.Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
    }
}
