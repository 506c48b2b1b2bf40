using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Decisions;
using Ironic.Actors.Domain.Enclosures;
using NUnit.Framework;
using static Ironic.Actors.Domain.Tests.TestNodes;

namespace Ironic.Actors.Domain.Tests;

/// <summary><see cref="ChassisDecisions"/>: Ironic's chassis schema, patch rules and ChassisNotEmpty.</summary>
public class ChassisDecisionTests
{
    private static readonly Guid Id = Guid.Parse("d7ccf15b-58ed-4b9b-afcd-9443533d624c");

    private static Chassis Rack() => new() { Uuid = Id, Description = "rack 1", CreatedAt = Created };

    [Test]
    public void Create_reads_description_and_extra()
    {
        var (chassis, rejection) = ChassisDecisions.Create(_ => null, Id,
            new JsonObject { ["description"] = "rack 1", ["extra"] = new JsonObject { ["row"] = "B" }, ["uuid"] = Id.ToString() }, Ctx().Now);
        Assert.That(rejection, Is.Null);
        Assert.Multiple(() =>
        {
            Assert.That(chassis!.Uuid, Is.EqualTo(Id));
            Assert.That(chassis.Description, Is.EqualTo("rack 1"));
            Assert.That(chassis.Extra["row"]!.GetValue<string>(), Is.EqualTo("B"));
            Assert.That(chassis.CreatedAt, Is.EqualTo(Ctx().Now));
            Assert.That(chassis.UpdatedAt, Is.Null);
        });
    }

    [Test]
    public void Create_refuses_long_descriptions_unknown_fields_and_taken_UUIDs()
    {
        var tooLong = new string('d', 256);
        Assert.Multiple(() =>
        {
            Assert.That(ChassisDecisions.Create(_ => null, Id, new JsonObject { ["description"] = new string('d', 255) }, Ctx().Now).Rejection, Is.Null);
            Assert.That(ChassisDecisions.Create(_ => null, Id, new JsonObject { ["description"] = tooLong }, Ctx().Now).Rejection,
                Is.EqualTo(Rejection.Invalid($"Schema error for chassis: '{tooLong}' is too long")));
            Assert.That(ChassisDecisions.Create(_ => null, Id, new JsonObject { ["nodes"] = 1 }, Ctx().Now).Rejection,
                Is.EqualTo(Rejection.Invalid("Schema error for chassis: Additional properties are not allowed ('nodes' was unexpected)")));
            Assert.That(ChassisDecisions.Create(_ => Rack(), Guid.NewGuid(), new JsonObject { ["uuid"] = Id.ToString() }, Ctx().Now).Rejection,
                Is.EqualTo(Rejection.Conflict($"A chassis with UUID {Id} already exists.")));
        });
    }

    [Test]
    public void A_create_finding_a_chassis_under_the_uuid_generated_for_it_returns_that_chassis()
    {
        // Its earlier copy was stored by a conductor that died before answering, and this copy was sent again.
        var stored = Rack();
        var (chassis, rejection) = ChassisDecisions.Create(id => id == Id ? stored : null, Id, new JsonObject { ["description"] = "rack 1" }, Ctx().Now);
        Assert.That(rejection, Is.Null);
        Assert.That(chassis, Is.SameAs(stored), "the stored chassis itself: nothing new to store");
    }

    [Test]
    public void Create_takes_the_bodys_uuid_checked_after_the_schema_and_before_asking_whether_it_is_taken()
    {
        var given = Guid.Parse("0b0e4b8e-6f43-4f7e-9d0e-0c8a5e2a1f11");
        var asked = new List<Guid>();
        var (chassis, _) = ChassisDecisions.Create(id => { asked.Add(id); return null; }, Id, new JsonObject { ["uuid"] = given.ToString().ToUpperInvariant() }, Ctx().Now);
        Assert.Multiple(() =>
        {
            Assert.That(chassis!.Uuid, Is.EqualTo(given));
            Assert.That(asked, Is.EqualTo(new[] { given }));
            Assert.That(ChassisDecisions.Create(_ => Rack(), Id, new JsonObject { ["uuid"] = "nope" }, Ctx().Now).Rejection,
                Is.EqualTo(Rejection.Invalid("Expected UUID for uuid: nope")));
            Assert.That(ChassisDecisions.Create(_ => Rack(), Id, new JsonObject { ["uuid"] = "nope", ["nodes"] = 1 }, Ctx().Now).Rejection!.Message,
                Does.StartWith("Schema error for chassis"));
        });
    }

    [Test]
    public void Patch_updates_and_stamps_updated_at_but_a_no_op_returns_the_same_chassis()
    {
        var (updated, rejection) = ChassisDecisions.Patch(Rack(), [Replace("/description", JsonValue.Create("rack 2")), Add("/extra/k", JsonValue.Create("v"))], Ctx(4).Now);
        Assert.That(rejection, Is.Null);
        Assert.That((updated!.Description, updated.Extra["k"]!.GetValue<string>(), updated.UpdatedAt), Is.EqualTo(("rack 2", "v", (DateTimeOffset?)Ctx(4).Now)));
        var rack = Rack();
        Assert.That(ChassisDecisions.Patch(rack, [Replace("/description", JsonValue.Create("rack 1"))], Ctx().Now).Chassis, Is.SameAs(rack));
        Assert.That(ChassisDecisions.Patch(rack, [Remove("/description")], Ctx().Now).Chassis!.Description, Is.Null);
    }

    [Test]
    public void The_UUID_of_a_chassis_cannot_change()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ChassisDecisions.Patch(Rack(), [Remove("/uuid")], Ctx().Now).Rejection,
                Is.EqualTo(Rejection.Invalid("Cannot overwrite UUID for an existing Chassis.")));
            Assert.That(ChassisDecisions.Patch(Rack(), [Replace("/uuid", JsonValue.Create(Guid.NewGuid().ToString()))], Ctx().Now).Rejection,
                Is.EqualTo(Rejection.Invalid("Cannot overwrite UUID for an existing Chassis.")));
            Assert.That(ChassisDecisions.Patch(Rack(), [Replace("/uuid", JsonValue.Create(Id.ToString()))], Ctx().Now).Rejection, Is.Null);
            Assert.That(ChassisDecisions.Patch(Rack(), [Replace("/description", JsonValue.Create(new string('x', 256)))], Ctx().Now).Rejection!.Message,
                Does.StartWith("Schema error for patch: 'xxx"));
        });
    }

    [Test]
    public void A_chassis_holding_nodes_cannot_be_deleted()
    {
        Assert.That(ChassisDecisions.Delete(Rack(), 2), Is.EqualTo(Rejection.Invalid(
            $"Cannot complete the requested action because chassis {Id} contains nodes.")));
        Assert.That(ChassisDecisions.Delete(Rack(), 0), Is.Null);
    }
}
