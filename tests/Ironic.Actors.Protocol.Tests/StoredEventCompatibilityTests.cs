using System.Text;
using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Events;
using Ironic.Actors.Domain.States;
using Ironic.Actors.Protocol.Chassis;
using Ironic.Actors.Protocol.Nodes;
using Ironic.Actors.Protocol.Registry;
using Ironic.Actors.Protocol.Serialization;
using Ironic.Actors.TestKit;
using NUnit.Framework;

namespace Ironic.Actors.Protocol.Tests;

/// <summary>
/// Compatibility guard for what journals already hold. Each file in <c>Fixtures/</c> is the exact payload
/// the serializer wrote for a fixed value, named after its manifest; decoding it must give that value
/// back. A renamed or retyped stored field, or a renamed manifest, breaks these tests: never regenerate
/// the files to make them pass. Give the changed shape a new manifest instead and keep a reader for the old.
/// </summary>
public sealed class StoredEventCompatibilityTests() : ActorTestBase(IronicSerializerConfig.Hocon)
{
    public sealed record Fixture(string File, string Manifest, Func<object> Expected)
    {
        public override string ToString() => File;
    }

    private static readonly DateTimeOffset At = new(2024, 5, 17, 9, 41, 7, 250, TimeSpan.FromHours(2));

    /// <summary>The stored manifests and the values their fixture files were written from.</summary>
    public static readonly Fixture[] Fixtures =
    [
        new("ne.provision.v1.json", "ne.provision.v1", () => new ProvisionStateChanged(
            Samples.NodeId, ProvisionEvents.Fail, ProvisionStates.Deploying, ProvisionStates.DeployFailed,
            ProvisionStates.Active, "Deploy step failed: image checksum mismatch", At)),
        new("ne.enrolled.v1.json", "ne.enrolled.v1", () => new NodeEnrolled(Samples.MinimalNode() with { CreatedAt = At })),
        new("ne.updated.v1.json", "ne.updated.v1", () => new NodeUpdated(
            Samples.MinimalNode() with { Name = "compute-0", UpdatedAt = At.AddMinutes(1) }, At.AddMinutes(1))),
        new("ne.power-start.v1.json", "ne.power-start.v1", () => new PowerActionStarted(
            Samples.NodeId, PowerStates.Rebooting, PowerStates.PowerOn, At)),
        new("ne.power.v1.json", "ne.power.v1", () => new PowerStateRecorded(
            Samples.NodeId, PowerStates.PowerOff, "IPMI timeout", At)),
        new("ne.maintenance.v1.json", "ne.maintenance.v1", () => new MaintenanceChanged(
            Samples.NodeId, true, "disk swap", "power failure", At)),
        new("ne.instance-cleared.v1.json", "ne.instance-cleared.v1", () => new InstanceCleared(Samples.NodeId, At)),
        new("ne.deleted.v1.json", "ne.deleted.v1", () => new NodeDeleted(Samples.NodeId, At)),
        // A fully populated node: guards every stored Node field name at once.
        new("ns.node.v1.json", "ns.node.v1", () => new NodeSnapshot(Samples.FullNode())),
        new("re.claimed.v1.json", "re.claimed.v1", () => new RegistryEvents.IdentityClaimed(
            Samples.NodeId, "compute-0", Samples.InstanceUuid)),
        new("re.released.v1.json", "re.released.v1", () => new RegistryEvents.IdentityReleased(Samples.NodeId)),
        new("rs.registry.v1.json", "rs.registry.v1", () => new RegistryEvents.RegistrySnapshot(
        [
            new RegistryEvents.IdentityClaimed(Samples.NodeId, "compute-0", Samples.InstanceUuid),
            new RegistryEvents.IdentityClaimed(Samples.OtherNodeId, null, null),
        ])),
        // Node sub-resources: traits, instance_info written by provisioning requests.
        new("ne.traits.v1.json", "ne.traits.v1", () => new TraitsChanged(Samples.NodeId, ["CUSTOM_GPU", "HW_CPU_X86_AVX2"], At)),
        new("ne.instance-info.v1.json", "ne.instance-info.v1", () => new InstanceInfoChanged(
            Samples.NodeId,
            new JsonObject
            {
                ["configdrive"] = new JsonObject { ["user_data"] = "#cloud-config", ["meta_data"] = new JsonObject { ["hostname"] = "compute-0" } },
                ["rescue_password"] = "s3cret",
            },
            ["image_url"], At)),
        // Ports and portgroups (node journal), their registry claims, and chassis.
        new("ne.port-created.v1.json", "ne.port-created.v1", () => new PortCreated(PortSamples.FullPort())),
        new("ne.port-updated.v1.json", "ne.port-updated.v1", () => new PortUpdated(PortSamples.FullPort(), At)),
        new("ne.port-deleted.v1.json", "ne.port-deleted.v1", () => new PortDeleted(Samples.NodeId, PortSamples.PortId, At)),
        new("ne.portgroup-created.v1.json", "ne.portgroup-created.v1", () => new PortgroupCreated(PortSamples.FullPortgroup())),
        new("ne.portgroup-updated.v1.json", "ne.portgroup-updated.v1", () => new PortgroupUpdated(PortSamples.FullPortgroup(), At)),
        new("ne.portgroup-deleted.v1.json", "ne.portgroup-deleted.v1", () => new PortgroupDeleted(Samples.NodeId, PortSamples.PortgroupId, At)),
        new("re.port-claimed.v1.json", "re.port-claimed.v1", () => new PortRegistryEvents.PortClaimed(Samples.NodeId, PortSamples.PortId, "52:54:00:aa:bb:cc")),
        new("re.port-released.v1.json", "re.port-released.v1", () => new PortRegistryEvents.PortReleased(PortSamples.PortId)),
        new("re.portgroup-claimed.v1.json", "re.portgroup-claimed.v1", () => new PortRegistryEvents.PortgroupClaimed(
            Samples.NodeId, PortSamples.PortgroupId, "bond0", "52:54:00:aa:bb:cc")),
        new("re.portgroup-released.v1.json", "re.portgroup-released.v1", () => new PortRegistryEvents.PortgroupReleased(PortSamples.PortgroupId)),
        new("ce.created.v1.json", "ce.created.v1", () => new ChassisEvents.ChassisCreated(PortSamples.FullChassis())),
        new("ce.updated.v1.json", "ce.updated.v1", () => new ChassisEvents.ChassisUpdated(PortSamples.FullChassis())),
        new("ce.deleted.v1.json", "ce.deleted.v1", () => new ChassisEvents.ChassisDeleted(PortSamples.ChassisId, At)),
        new("ce.node-attached.v1.json", "ce.node-attached.v1", () => new ChassisEvents.NodeAttached(PortSamples.ChassisId, Samples.NodeId)),
        new("ce.node-detached.v1.json", "ce.node-detached.v1", () => new ChassisEvents.NodeDetached(PortSamples.ChassisId, Samples.NodeId)),
        new("cs.chassis.v1.json", "cs.chassis.v1", () => new ChassisEvents.ChassisSnapshot(
            [new ChassisEvents.ChassisEntry(PortSamples.FullChassis(), [Samples.NodeId, Samples.OtherNodeId])])),
        // Allocations: the node's side, and what the allocations singleton stores.
        new("ne.allocation-reserved.v1.json", "ne.allocation-reserved.v1", () => new AllocationReserved(Samples.NodeId, AllocationSamples.AllocationId, ["CUSTOM_GPU"], At)),
        new("ne.allocation-released.v1.json", "ne.allocation-released.v1", () => new AllocationReleased(Samples.NodeId, AllocationSamples.AllocationId, At)),
        new("ae.created.v1.json", "ae.created.v1", () => new Allocations.AllocationEvents.AllocationCreated(AllocationSamples.FullAllocation())),
        new("ae.updated.v1.json", "ae.updated.v1", () => new Allocations.AllocationEvents.AllocationUpdated(AllocationSamples.FullAllocation())),
        new("ae.deleted.v1.json", "ae.deleted.v1", () => new Allocations.AllocationEvents.AllocationDeleted(AllocationSamples.AllocationId, At)),
        new("as.allocations.v1.json", "as.allocations.v1", () => new Allocations.AllocationEvents.AllocationSnapshot([AllocationSamples.FullAllocation()])),
        // Deploy templates: what their singleton stores.
        new("te.created.v1.json", "te.created.v1", () => new Templates.DeployTemplateEvents.DeployTemplateCreated(DeployTemplateSamples.FullTemplate())),
        new("te.updated.v1.json", "te.updated.v1", () => new Templates.DeployTemplateEvents.DeployTemplateUpdated(DeployTemplateSamples.FullTemplate())),
        new("te.deleted.v1.json", "te.deleted.v1", () => new Templates.DeployTemplateEvents.DeployTemplateDeleted(DeployTemplateSamples.TemplateId, At)),
        new("ts.templates.v1.json", "ts.templates.v1", () => new Templates.DeployTemplateEvents.DeployTemplateSnapshot([DeployTemplateSamples.FullTemplate()])),
        // Periodic work: the power sync records what the BMC reports.
        new("ne.power-synced.v1.json", "ne.power-synced.v1", () => new PowerStateSynced(Samples.NodeId, PowerStates.PowerOn, At)),
        // Node states: the console switched, the target RAID configuration set.
        new("ne.console.v1.json", "ne.console.v1", () => new ConsoleModeChanged(Samples.NodeId, true, At)),
        // Node history: an entry recorded after a failure.
        new("ne.history.v1.json", "ne.history.v1", () => new NodeHistoryRecorded(Samples.NodeId, new Domain.Nodes.NodeHistoryEntry(
            Guid.Parse("5b8a7c1e-2f3d-4e5f-8a9b-0c1d2e3f4a5b"), At, "ERROR", "deploying", "Deploy step deploy.deploy failed: boom", "conductor-1", null))),
        // Node inventory (1.81): what a redfish inspection stored.
        new("ne.inventory.v1.json", "ne.inventory.v1", () => new NodeInventoryStored(Samples.NodeId, new JsonObject
        {
            ["cpu"] = new JsonObject { ["count"] = 32, ["architecture"] = "x86_64" },
            ["memory"] = new JsonObject { ["physical_mb"] = 131072 },
            ["interfaces"] = new JsonArray(new JsonObject { ["mac_address"] = "52:54:00:00:01:00" }),
            ["disks"] = new JsonArray(new JsonObject { ["name"] = "Drive 0", ["size"] = 107374182400L }),
        }, new JsonObject(), At)),
        // BIOS settings (1.40, registry fields 1.74): what the bios interface reported after apply_configuration.
        new("ne.bios.v1.json", "ne.bios.v1", () => new BiosSettingsCached(Samples.NodeId, SubResourceSamples.BiosSettings(), At)),
        // Volume connectors and targets (1.32): the node's journal and the registry's claims.
        new("ne.volume-connector-created.v1.json", "ne.volume-connector-created.v1", () => new VolumeConnectorCreated(VolumeSamples.FullConnector())),
        new("ne.volume-connector-updated.v1.json", "ne.volume-connector-updated.v1", () => new VolumeConnectorUpdated(VolumeSamples.FullConnector(), At)),
        new("ne.volume-connector-deleted.v1.json", "ne.volume-connector-deleted.v1", () => new VolumeConnectorDeleted(Samples.NodeId, VolumeSamples.ConnectorId, At)),
        new("ne.volume-target-created.v1.json", "ne.volume-target-created.v1", () => new VolumeTargetCreated(VolumeSamples.FullTarget())),
        new("ne.volume-target-updated.v1.json", "ne.volume-target-updated.v1", () => new VolumeTargetUpdated(VolumeSamples.FullTarget(), At)),
        new("ne.volume-target-deleted.v1.json", "ne.volume-target-deleted.v1", () => new VolumeTargetDeleted(Samples.NodeId, VolumeSamples.TargetId, At)),
        new("re.volume-connector-claimed.v1.json", "re.volume-connector-claimed.v1", () => new VolumeRegistryEvents.ConnectorClaimed(
            Samples.NodeId, VolumeSamples.ConnectorId, "iqn", "iqn.2017-05.org.openstack:01:d9a51732c3f")),
        new("re.volume-connector-released.v1.json", "re.volume-connector-released.v1", () => new VolumeRegistryEvents.ConnectorReleased(VolumeSamples.ConnectorId)),
        new("re.volume-target-claimed.v1.json", "re.volume-target-claimed.v1", () => new VolumeRegistryEvents.TargetClaimed(Samples.NodeId, VolumeSamples.TargetId)),
        new("re.volume-target-released.v1.json", "re.volume-target-released.v1", () => new VolumeRegistryEvents.TargetReleased(VolumeSamples.TargetId)),
        new("ne.target-raid.v1.json", "ne.target-raid.v1", () => new TargetRaidConfigChanged(Samples.NodeId, new JsonObject
        {
            ["logical_disks"] = new JsonArray(
                new JsonObject { ["size_gb"] = "MAX", ["raid_level"] = "1", ["is_root_volume"] = true },
                new JsonObject { ["size_gb"] = 100, ["raid_level"] = "5", ["controller"] = "c0", ["physical_disks"] = new JsonArray("d0", "d1", "d2") }),
        }, At)),
        // The agent: a token handed out and step progress (driver_internal_info), and a heartbeat.
        new("ne.internal-info.v1.json", "ne.internal-info.v1", () => new DriverInternalInfoChanged(Samples.NodeId,
            new JsonObject { ["agent_secret_token"] = "k0D1N2f3_a4B5c6D7e8F9g0H1i2J3k4L5m6N7o8P9q0r", ["agent_clean_step_index"] = 1 },
            ["agent_deploy_step"], At)),
        new("ne.agent-heartbeat.v1.json", "ne.agent-heartbeat.v1", () => new AgentHeartbeatRecorded(
            Samples.NodeId, "http://10.1.2.3:9999", "9.4.1", At)),
        new("ne.current-step.v1.json", "ne.current-step.v1", () => new CurrentStepChanged(Samples.NodeId, "clean",
            new JsonObject { ["interface"] = "deploy", ["step"] = "erase_devices_metadata", ["priority"] = 99, ["args"] = new JsonObject() }, At)),
        // A RAID step ended: the configuration the agent built, and the properties it updates.
        new("ne.raid-config.v1.json", "ne.raid-config.v1", () => new RaidConfigRecorded(Samples.NodeId,
            new JsonObject
            {
                ["logical_disks"] = new JsonArray(new JsonObject { ["size_gb"] = 100, ["raid_level"] = "1", ["is_root_volume"] = true, ["controller"] = "software" }),
                ["last_updated"] = "2024-03-01 12:00:00.000000",
            },
            new JsonObject { ["local_gb"] = 100, ["capabilities"] = "raid_level:1" }, At)),
    ];

    private static string PathOf(string file) => Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", file);

    private static byte[] Read(Fixture f) => File.ReadAllBytes(PathOf(f.File));

    private IronicSerializer Serializer => (IronicSerializer)Sys.Serialization.FindSerializerFor(new NodeDeleted(Guid.Empty, At));

    [Test]
    public void Every_stored_manifest_has_a_fixture()
    {
        var stored = Manifests.ByManifest.Keys.Where(m => m.StartsWith("ne.", StringComparison.Ordinal)
                                                          || m.StartsWith("ns.", StringComparison.Ordinal)
                                                          || m.StartsWith("re.", StringComparison.Ordinal)
                                                          || m.StartsWith("rs.", StringComparison.Ordinal)
                                                          || m.StartsWith("ce.", StringComparison.Ordinal)
                                                          || m.StartsWith("cs.", StringComparison.Ordinal)
                                                          || m.StartsWith("ae.", StringComparison.Ordinal)
                                                          || m.StartsWith("as.", StringComparison.Ordinal)
                                                          || m.StartsWith("te.", StringComparison.Ordinal)
                                                          || m.StartsWith("ts.", StringComparison.Ordinal));
        Assert.That(Fixtures.Select(f => f.Manifest), Is.EquivalentTo(stored));
    }

    [TestCaseSource(nameof(Fixtures))]
    public void The_fixture_file_is_named_after_its_manifest(Fixture f) =>
        Assert.That(f.File, Is.EqualTo(f.Manifest + ".json"));

    [TestCaseSource(nameof(Fixtures))]
    public void The_manifest_still_names_the_same_type(Fixture f) =>
        Assert.That(Manifests.ByManifest[f.Manifest], Is.EqualTo(f.Expected().GetType()));

    [TestCaseSource(nameof(Fixtures))]
    public void A_stored_payload_decodes_to_the_value_it_was_written_from(Fixture f)
    {
        var decoded = Serializer.FromBinary(Read(f), f.Manifest);

        var expected = f.Expected();
        Assert.That(decoded, Is.TypeOf(expected.GetType()));
        Assert.That(CanonicalJson.Of(decoded), Is.EqualTo(CanonicalJson.Of(expected)));
    }

    [TestCaseSource(nameof(Fixtures))]
    public void Every_stored_field_is_still_written_under_the_same_name(Fixture f)
    {
        // New fields may be added (old events then decode with their default), but every field in the
        // fixture must still be written, with the same name and value, by today's serializer.
        var written = JsonNode.Parse(Serializer.ToBinary(f.Expected()));
        var stored = JsonNode.Parse(Read(f));
        Assert.That(Missing(stored, written, "$"), Is.Empty);
    }

    /// <summary>Paths of <paramref name="stored"/> that <paramref name="written"/> lacks or holds differently.</summary>
    private static IEnumerable<string> Missing(JsonNode? stored, JsonNode? written, string path)
    {
        switch (stored)
        {
            case JsonObject so when written is JsonObject wo:
                foreach (var (key, value) in so)
                {
                    if (!wo.TryGetPropertyValue(key, out var w))
                    {
                        yield return $"{path}.{key} (no longer written)";
                        continue;
                    }
                    foreach (var m in Missing(value, w, $"{path}.{key}"))
                        yield return m;
                }
                break;
            case JsonArray sa when written is JsonArray wa && sa.Count == wa.Count:
                for (var i = 0; i < sa.Count; i++)
                    foreach (var m in Missing(sa[i], wa[i], $"{path}[{i}]"))
                        yield return m;
                break;
            default:
                if (CanonicalJson.Canonical(stored) != CanonicalJson.Canonical(written))
                    yield return $"{path}: stored {stored?.ToJsonString() ?? "null"}, written {written?.ToJsonString() ?? "null"}";
                break;
        }
    }

    [Test]
    public void A_provision_event_decodes_field_by_field()
    {
        var e = (ProvisionStateChanged)Serializer.FromBinary(Read(Fixtures[0]), "ne.provision.v1");
        Assert.Multiple(() =>
        {
            Assert.That(e.NodeId, Is.EqualTo(Guid.Parse("1be26c0b-03f2-4d2d-ae87-c02d7f33c123")));
            Assert.That(e.Event, Is.EqualTo("fail"));
            Assert.That(e.From, Is.EqualTo("deploying"));
            Assert.That(e.To, Is.EqualTo("deploy failed"));
            Assert.That(e.Target, Is.EqualTo("active"));
            Assert.That(e.LastError, Is.EqualTo("Deploy step failed: image checksum mismatch"));
            Assert.That(e.At, Is.EqualTo(At));
            Assert.That(e.At.Offset, Is.EqualTo(TimeSpan.FromHours(2)));
        });
    }

    [Test]
    public void An_enrolled_minimal_node_decodes_field_by_field()
    {
        var e = (NodeEnrolled)Serializer.FromBinary(Read(Fixtures[1]), "ne.enrolled.v1");
        Assert.Multiple(() =>
        {
            Assert.That(e.NodeId, Is.EqualTo(Samples.NodeId));
            Assert.That(e.At, Is.EqualTo(At));
            Assert.That(e.Node.Driver, Is.EqualTo("fake-hardware"));
            Assert.That(e.Node.ProvisionState, Is.EqualTo("enroll"));
            Assert.That(e.Node.Name, Is.Null);
            Assert.That(e.Node.Interfaces.Power, Is.EqualTo("fake"));
            Assert.That(e.Node.Interfaces.Vendor, Is.EqualTo("no-vendor"));
            Assert.That(e.Node.Traits, Is.Empty);
            Assert.That(e.Node.Extra, Is.Empty);
            Assert.That(e.Node.ConductorGroup, Is.EqualTo(""));
            Assert.That(e.Node.Maintenance, Is.False);
        });
    }

    [Test]
    public void A_stored_full_node_decodes_its_JSON_fields_and_traits()
    {
        var node = ((NodeSnapshot)Serializer.FromBinary(Read(Fixtures[8]), "ns.node.v1")).Node!;
        Assert.Multiple(() =>
        {
            Assert.That(node.DriverInfo["ipmi_port"]!.GetValue<int>(), Is.EqualTo(623));
            Assert.That(node.DriverInfo["ipmi_bridging"]!["target_channel"]!.GetValue<int>(), Is.EqualTo(7));
            Assert.That(node.Properties["root_device"]!["size"]![">="]!.GetValue<int>(), Is.EqualTo(100));
            Assert.That(node.Extra["owner_note"]!.GetValue<string>(), Is.EqualTo("Ünïcødé ✓ \"quoted\" <tag> & 'apostrophe'\n\ttab"));
            Assert.That(node.Extra.ContainsKey("nothing") && node.Extra["nothing"] is null, Is.True);
            Assert.That(node.Traits, Is.EqualTo(new[] { "CUSTOM_GPU", "HW_CPU_X86_AVX2", "CUSTOM_RAID" }));
            Assert.That(node.ProvisionUpdatedAt!.Value.Offset, Is.EqualTo(TimeSpan.FromMinutes(-210)));
            Assert.That(node.InspectionFinishedAt, Is.EqualTo(Samples.CreatedAt.AddMinutes(17).AddTicks(3)));
            Assert.That(node.SecureBoot, Is.True);
            Assert.That(node.AutomatedClean, Is.False);
        });
    }

    [Test]
    public void An_event_from_an_older_writer_without_newer_optional_fields_still_decodes()
    {
        // A node stored before "Shard", "Traits" and "NetworkData" existed: the missing fields get their defaults.
        const string old = """
            {"Node":{"Uuid":"1be26c0b-03f2-4d2d-ae87-c02d7f33c123","Driver":"fake-hardware","ProvisionState":"enroll",
            "Interfaces":{"Bios":"no-bios","Boot":"fake","Console":"no-console","Deploy":"fake","Inspect":"no-inspect",
            "Management":"fake","Network":"noop","Power":"fake","Raid":"no-raid","Rescue":"no-rescue","Storage":"noop",
            "Vendor":"no-vendor"},"CreatedAt":"2024-05-17T09:41:07.25+02:00"}}
            """;
        var e = (NodeEnrolled)Serializer.FromBinary(Encoding.UTF8.GetBytes(old), "ne.enrolled.v1");
        Assert.That(CanonicalJson.Of(e), Is.EqualTo(CanonicalJson.Of(Fixtures[1].Expected())));
    }

    [Test]
    public void Unknown_fields_written_by_a_newer_version_are_skipped()
    {
        const string newer = """
            {"NodeId":"1be26c0b-03f2-4d2d-ae87-c02d7f33c123","At":"2024-05-17T09:41:07.25+02:00","DeletedBy":"admin","Extra":{"a":[1]}}
            """;
        var e = (NodeDeleted)Serializer.FromBinary(Encoding.UTF8.GetBytes(newer), "ne.deleted.v1");
        Assert.That(e, Is.EqualTo(new NodeDeleted(Samples.NodeId, At)));
    }
}
