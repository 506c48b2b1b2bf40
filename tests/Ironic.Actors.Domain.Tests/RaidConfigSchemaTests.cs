using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Nodes;
using NUnit.Framework;

namespace Ironic.Actors.Domain.Tests;

/// <summary>
/// <see cref="RaidConfigSchema"/>: the target RAID configurations Ironic 21.4 accepts, and for each rejected one the
/// exact message it answers (checked against the reference server's PUT /states/raid and its jsonschema), including
/// which error wins when a configuration breaks several rules.
/// </summary>
public class RaidConfigSchemaTests
{
    [TestCase("{\"logical_disks\": [{\"size_gb\": 100, \"raid_level\": \"1\", \"is_root_volume\": true}]}")]
    [TestCase("{\"logical_disks\": [{\"size_gb\": \"MAX\", \"raid_level\": \"JBOD\"}, {\"size_gb\": 0, \"raid_level\": \"6+0\", \"volume_name\": \"data\", \"share_physical_disks\": false, \"disk_type\": \"hdd\", \"interface_type\": \"scsi\", \"number_of_physical_disks\": 1, \"controller\": \"RAID.Integrated.1-1\", \"physical_disks\": [\"Disk.Bay.0\", \"Disk.Bay.1\"]}]}")]
    [TestCase("{\"logical_disks\": [{\"size_gb\": 10, \"raid_level\": \"1\", \"controller\": \"c\", \"physical_disks\": [{\"id\": 1}, {\"id\": 2}]}]}")]
    [TestCase("{\"logical_disks\": [{\"size_gb\": 10, \"raid_level\": \"1\", \"controller\": \"c\", \"physical_disks\": []}]}")]
    [TestCase("{\"logical_disks\": [{\"size_gb\": 10, \"raid_level\": \"1\", \"is_root_volume\": true}, {\"size_gb\": 10, \"raid_level\": \"1\", \"is_root_volume\": false}]}")]
    public void Accepted_configurations(string config) =>
        Assert.That(RaidConfigSchema.Check(JsonNode.Parse(config)!.AsObject()), Is.Null);

    [TestCase("{}",
        "RAID config validation error: 'logical_disks' is a required property")]
    [TestCase("{\"foo\": 1}",
        "RAID config validation error: 'logical_disks' is a required property")]
    [TestCase("{\"logical_disks\": []}",
        "RAID config validation error: [] is too short")]
    [TestCase("{\"logical_disks\": {}}",
        "RAID config validation error: {} is not of type 'array'")]
    [TestCase("{\"logical_disks\": null}",
        "RAID config validation error: None is not of type 'array'")]
    [TestCase("{\"logical_disks\": [1]}",
        "RAID config validation error: 1 is not of type 'object'")]
    [TestCase("{\"logical_disks\": [null]}",
        "RAID config validation error: None is not of type 'object'")]
    [TestCase("{\"logical_disks\": [{\"size_gb\": \"max\", \"raid_level\": \"5\"}]}",
        "RAID config validation error: 'max' is not one of ['MAX']")]
    [TestCase("{\"logical_disks\": [{\"size_gb\": 10.5, \"raid_level\": \"5\"}]}",
        "RAID config validation error: 10.5 is not valid under any of the given schemas")]
    [TestCase("{\"logical_disks\": [{\"size_gb\": 1.0, \"raid_level\": \"5\"}]}",
        "RAID config validation error: 1.0 is not valid under any of the given schemas")]
    [TestCase("{\"logical_disks\": [{\"size_gb\": -1, \"raid_level\": \"5\"}]}",
        "RAID config validation error: -1 is less than the minimum of 0")]
    [TestCase("{\"logical_disks\": [{\"size_gb\": -1.5, \"raid_level\": \"5\"}]}",
        "RAID config validation error: -1.5 is not valid under any of the given schemas")]
    [TestCase("{\"logical_disks\": [{\"size_gb\": \"10\", \"raid_level\": \"5\"}]}",
        "RAID config validation error: '10' is not one of ['MAX']")]
    [TestCase("{\"logical_disks\": [{\"size_gb\": true, \"raid_level\": \"5\"}]}",
        "RAID config validation error: True is not valid under any of the given schemas")]
    [TestCase("{\"logical_disks\": [{\"size_gb\": null, \"raid_level\": \"5\"}]}",
        "RAID config validation error: None is not valid under any of the given schemas")]
    [TestCase("{\"logical_disks\": [{\"size_gb\": 10, \"raid_level\": \"7\"}]}",
        "RAID config validation error: '7' is not one of ['JBOD', '0', '1', '2', '5', '6', '1+0', '5+0', '6+0']")]
    [TestCase("{\"logical_disks\": [{\"size_gb\": 10, \"raid_level\": 1}]}",
        "RAID config validation error: 1 is not of type 'string'")]
    [TestCase("{\"logical_disks\": [{\"size_gb\": 10, \"raid_level\": null}]}",
        "RAID config validation error: None is not of type 'string'")]
    [TestCase("{\"logical_disks\": [{\"size_gb\": 10}]}",
        "RAID config validation error: 'raid_level' is a required property")]
    [TestCase("{\"logical_disks\": [{\"raid_level\": \"1\"}]}",
        "RAID config validation error: 'size_gb' is a required property")]
    [TestCase("{\"logical_disks\": [{}]}",
        "RAID config validation error: 'raid_level' is a required property")]
    [TestCase("{\"logical_disks\": [{\"size_gb\": 10, \"raid_level\": \"1\", \"foo\": 1}]}",
        "RAID config validation error: Additional properties are not allowed ('foo' was unexpected)")]
    [TestCase("{\"logical_disks\": [{\"size_gb\": 10, \"raid_level\": \"1\", \"foo\": 1}], \"bar\": 2}",
        "RAID config validation error: Additional properties are not allowed ('bar' was unexpected)")]
    [TestCase("{\"logical_disks\": [{\"raid_level\": \"1\", \"foo\": 1}]}",
        "RAID config validation error: 'size_gb' is a required property")]
    [TestCase("{\"logical_disks\": [{\"size_gb\": 10, \"raid_level\": \"1\", \"is_root_volume\": \"yes\"}]}",
        "RAID config validation error: 'yes' is not of type 'boolean'")]
    [TestCase("{\"logical_disks\": [{\"size_gb\": 10, \"raid_level\": \"1\", \"share_physical_disks\": 1}]}",
        "RAID config validation error: 1 is not of type 'boolean'")]
    [TestCase("{\"logical_disks\": [{\"size_gb\": 10, \"raid_level\": \"1\", \"is_root_volume\": true}, {\"size_gb\": 10, \"raid_level\": \"1\", \"is_root_volume\": true}]}",
        "Raid config cannot have more than one root volume. 2 root volumes were specified")]
    [TestCase("{\"logical_disks\": [{\"size_gb\": 10, \"raid_level\": \"1\", \"physical_disks\": [\"a\"]}]}",
        "RAID config validation error: 'controller' is a dependency of 'physical_disks'")]
    [TestCase("{\"logical_disks\": [{\"size_gb\": 10, \"raid_level\": \"1\", \"physical_disks\": [{\"a\": 1}], \"controller\": \"c\"}]}",
        "RAID config validation error: {'a': 1} is not of type 'string'")]
    [TestCase("{\"logical_disks\": [{\"size_gb\": 10, \"raid_level\": \"1\", \"physical_disks\": [1], \"controller\": \"c\"}]}",
        "RAID config validation error: [1] is not valid under any of the given schemas")]
    [TestCase("{\"logical_disks\": [{\"size_gb\": 10, \"raid_level\": \"1\", \"physical_disks\": \"a\", \"controller\": \"c\"}]}",
        "RAID config validation error: 'a' is not valid under any of the given schemas")]
    [TestCase("{\"logical_disks\": [{\"size_gb\": 10, \"raid_level\": \"1\", \"physical_disks\": [\"a\", {\"b\": 1}], \"controller\": \"c\"}]}",
        "RAID config validation error: ['a', {'b': 1}] is not valid under any of the given schemas")]
    [TestCase("{\"logical_disks\": [{\"size_gb\": 10, \"raid_level\": \"1\", \"number_of_physical_disks\": 0}]}",
        "RAID config validation error: 0 is less than or equal to the minimum of 0")]
    [TestCase("{\"logical_disks\": [{\"size_gb\": 10, \"raid_level\": \"1\", \"number_of_physical_disks\": 2.5}]}",
        "RAID config validation error: 2.5 is not of type 'integer'")]
    [TestCase("{\"logical_disks\": [{\"size_gb\": 10, \"raid_level\": \"1\", \"number_of_physical_disks\": -2.5}]}",
        "RAID config validation error: -2.5 is not of type 'integer'")]
    [TestCase("{\"logical_disks\": [{\"size_gb\": 10, \"raid_level\": \"1\", \"number_of_physical_disks\": \"2\"}]}",
        "RAID config validation error: '2' is not of type 'integer'")]
    [TestCase("{\"logical_disks\": [{\"size_gb\": 10, \"raid_level\": \"1\", \"disk_type\": \"nvme\", \"interface_type\": 5}]}",
        "RAID config validation error: 5 is not of type 'string'")]
    [TestCase("{\"logical_disks\": [{\"size_gb\": 10, \"raid_level\": \"1\", \"disk_type\": 5, \"interface_type\": \"usb\"}]}",
        "RAID config validation error: 5 is not of type 'string'")]
    [TestCase("{\"logical_disks\": [{\"size_gb\": 10, \"raid_level\": \"7\", \"is_root_volume\": \"x\"}]}",
        "RAID config validation error: 'x' is not of type 'boolean'")]
    [TestCase("{\"logical_disks\": [{\"size_gb\": \"x\", \"raid_level\": 7}]}",
        "RAID config validation error: 7 is not of type 'string'")]
    [TestCase("{\"logical_disks\": [{\"size_gb\": \"x\", \"raid_level\": \"7\"}]}",
        "RAID config validation error: '7' is not one of ['JBOD', '0', '1', '2', '5', '6', '1+0', '5+0', '6+0']")]
    [TestCase("{\"logical_disks\": [{\"size_gb\": 10, \"raid_level\": \"1\"}, {\"raid_level\": \"1\"}], \"x\": 2}",
        "RAID config validation error: Additional properties are not allowed ('x' was unexpected)")]
    [TestCase("{\"logical_disks\": [{\"size_gb\": 10, \"raid_level\": \"1\", \"volume_name\": 5, \"controller\": 6}]}",
        "RAID config validation error: 5 is not of type 'string'")]
    [TestCase("{\"logical_disks\": [{\"size_gb\": 10, \"raid_level\": \"1\"}, {\"size_gb\": 10, \"raid_level\": \"9\"}]}",
        "RAID config validation error: '9' is not one of ['JBOD', '0', '1', '2', '5', '6', '1+0', '5+0', '6+0']")]
    [TestCase("{\"logical_disks\": [{\"size_gb\": 10, \"raid_level\": \"9\"}, 5]}",
        "RAID config validation error: 5 is not of type 'object'")]
    public void Rejected_configurations_read_like_Ironic(string config, string message) =>
        Assert.That(RaidConfigSchema.Check(JsonNode.Parse(config)!.AsObject()), Is.EqualTo(message));

    [Test]
    public void The_logical_disk_keys_are_the_schema_keys_in_its_order() =>
        Assert.That(RaidConfigSchema.LogicalDiskKeys, Is.EqualTo(new[]
        {
            "raid_level", "size_gb", "volume_name", "is_root_volume", "share_physical_disks", "disk_type", "interface_type",
            "number_of_physical_disks", "controller", "physical_disks",
        }));

    [Test]
    public void Checking_does_not_change_the_configuration()
    {
        var config = JsonNode.Parse("""{"logical_disks": [{"size_gb": "x", "raid_level": 7, "foo": [1]}]}""")!.AsObject();
        var before = config.ToJsonString();

        RaidConfigSchema.Check(config);

        Assert.That(config.ToJsonString(), Is.EqualTo(before));
    }
}
