using System.Text.Json.Nodes;
using Ironic.Actors.Drivers.Ipmi;
using Ironic.Actors.Drivers.Redfish;
using NUnit.Framework;

namespace Ironic.Actors.Drivers.Tests;

/// <summary>
/// GET /v1/drivers/{name}/properties says which driver_info keys are required: these tests hold that to what the ipmi
/// and redfish parsers actually check, key by key, on an otherwise complete driver_info. The descriptions are Ironic
/// 21.4's, which do not always end in "Optional." but name every requirement with a capital "Required".
/// </summary>
public sealed class DriverPropertiesConsistencyTests
{
    private static JsonObject FullIpmi() => new()
    {
        ["ipmi_address"] = "10.0.0.5", ["ipmi_port"] = "623", ["ipmi_username"] = "admin", ["ipmi_password"] = "secret",
        ["ipmi_priv_level"] = "OPERATOR", ["ipmi_protocol_version"] = "2.0", ["ipmi_cipher_suite"] = "17", ["ipmi_hex_kg_key"] = "0a1b",
        ["ipmi_bridging"] = "dual", ["ipmi_local_address"] = "0x20", ["ipmi_transit_channel"] = "0", ["ipmi_transit_address"] = "0x82",
        ["ipmi_target_channel"] = "7", ["ipmi_target_address"] = "0x72", ["ipmi_disable_boot_timeout"] = "false",
    };

    private static JsonObject FullRedfish() => new()
    {
        ["redfish_address"] = "https://10.0.0.6", ["redfish_system_id"] = "/redfish/v1/Systems/1", ["redfish_username"] = "admin",
        ["redfish_password"] = "secret", ["redfish_verify_ca"] = false, ["redfish_auth_type"] = "session",
    };

    private static bool IpmiAccepts(JsonObject info) => IpmiDriverInfo.TryParse(TestNodes.FakeNode() with { DriverInfo = info }).Info is not null;

    private static bool RedfishAccepts(JsonObject info) => RedfishDriverInfo.TryParse(TestNodes.FakeNode() with { DriverInfo = info }).Info is not null;

    private static JsonObject Without(JsonObject info, string key)
    {
        var copy = (JsonObject)info.DeepClone();
        copy.Remove(key);
        return copy;
    }

    [Test]
    public void Every_documented_ipmi_key_is_read_and_only_the_required_ones_are_needed()
    {
        Assert.That(IpmiDriverInfo.Properties.Keys, Is.EquivalentTo(FullIpmi().Select(kv => kv.Key)), "documented = read");
        Assert.That(IpmiAccepts(FullIpmi()), Is.True);
        using (Assert.EnterMultipleScope())
        {
            foreach (var (key, description) in IpmiDriverInfo.Properties)
            {
                // With "dual" bridging every conditionally required key ("Required only if ...") is required.
                var required = description.Contains("Required", StringComparison.Ordinal);
                Assert.That(IpmiAccepts(Without(FullIpmi(), key)), Is.EqualTo(!required), $"driver_info without {key}");
            }
        }
    }

    [Test]
    public void Every_documented_redfish_key_is_read_and_only_the_address_is_needed()
    {
        Assert.That(RedfishDriverInfo.Properties.Keys, Is.EquivalentTo(FullRedfish().Select(kv => kv.Key)), "documented = read");
        Assert.That(RedfishAccepts(FullRedfish()), Is.True);
        using (Assert.EnterMultipleScope())
        {
            foreach (var (key, description) in RedfishDriverInfo.Properties)
            {
                var required = description.Contains("Required", StringComparison.Ordinal);
                Assert.That(RedfishAccepts(Without(FullRedfish(), key)), Is.EqualTo(!required), $"driver_info without {key}");
            }
        }
    }
}
