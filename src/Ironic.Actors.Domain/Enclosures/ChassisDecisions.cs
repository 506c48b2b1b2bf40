using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Decisions;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Domain.Ports;

namespace Ironic.Actors.Domain.Enclosures;

/// <summary>
/// Pure rules for chassis: Ironic's CHASSIS_SCHEMA for bodies and patched documents, and the one rule that
/// spans resources, that a chassis still holding nodes cannot be deleted. Which nodes a chassis holds is
/// tracked by the chassis singleton from the nodes' own attach and detach requests.
/// </summary>
public static class ChassisDecisions
{
    /// <summary>Fields a PATCH may name, in Ironic's order (the schema's properties).</summary>
    public static readonly IReadOnlyList<string> PatchableFields = ["uuid", "extra", "description"];

    public static readonly IReadOnlyList<SchemaProperty> Schema =
    [
        new("uuid", ["string", "null"]),
        new("extra", ["object", "null"]),
        new("description", ["string", "null"], 255),
    ];

    private static readonly IReadOnlySet<string> Patchable = PatchableFields.ToHashSet();

    public static Rejection ChassisNotFound(string ident) => Rejection.NotFound($"Chassis {ident} could not be found.");

    /// <summary>
    /// POST /v1/chassis: the body (a JSON object), checked once, here, in Ironic's order: the schema, the body's
    /// uuid (the new chassis's UUID; <paramref name="newId"/> when it gives none), then whether that UUID is taken.
    /// <paramref name="newId"/> is generated for this request alone, so a chassis found under it was made by an earlier
    /// copy of the same request (stored by a conductor that died before it answered, then sent again): that chassis is
    /// returned, the very instance <paramref name="find"/> gave, and there is nothing to store.
    /// </summary>
    public static (Chassis? Chassis, Rejection? Rejection) Create(Func<Guid, Chassis?> find, Guid newId, JsonObject body, DateTimeOffset now)
    {
        if (SchemaCheck.Check(body, "chassis", Schema, []) is { } schemaError)
            return (null, Rejection.Invalid(schemaError));
        var (uuid, uuidError) = SchemaCheck.Uuid("uuid", SchemaCheck.String(body, "uuid"));
        if (uuidError is not null)
            return (null, Rejection.Invalid(uuidError));
        var id = uuid ?? newId;
        if (find(id) is { } existing)
            return uuid is null ? (existing, null) : (null, Rejection.Conflict($"A chassis with UUID {id} already exists."));
        return (new Chassis
        {
            Uuid = id,
            Description = SchemaCheck.String(body, "description"),
            Extra = SchemaCheck.Object(body, "extra"),
            CreatedAt = now,
        }, null);
    }

    /// <summary>PATCH /v1/chassis/{uuid}; the chassis unchanged when the patch changes nothing.</summary>
    public static (Chassis? Chassis, Rejection? Rejection) Patch(Chassis chassis, IReadOnlyList<PatchOperation> ops, DateTimeOffset now)
    {
        // Ironic lets a patch name /uuid but refuses any change of it once the patch is applied.
        foreach (var op in ops.Where(o => o.Path.Split('/')[1] == "uuid"))
        {
            var value = op.Op == "remove" || op.Path != "/uuid" ? null : SchemaCheck.String(new JsonObject { ["uuid"] = op.Value?.DeepClone() }, "uuid");
            if (value is not null && SchemaCheck.Uuid("uuid", value) is { Error: { } uuidError })
                return (null, Rejection.Invalid(uuidError));
            if (value is null || SchemaCheck.Uuid("uuid", value).Value != chassis.Uuid)
                return (null, Rejection.Invalid("Cannot overwrite UUID for an existing Chassis."));
        }
        var doc = new JsonObject
        {
            ["extra"] = chassis.Extra.DeepClone(),
            ["description"] = chassis.Description,
        };
        if (JsonPatcher.Apply(doc, ops.Where(o => o.Path.Split('/')[1] != "uuid").ToList(), Patchable) is { } patchError)
            return (null, Rejection.Invalid(patchError));
        if (SchemaCheck.Check(doc, "patch", Schema, []) is { } schemaError)
            return (null, Rejection.Invalid(schemaError));

        var updated = chassis with { Description = SchemaCheck.String(doc, "description"), Extra = SchemaCheck.Object(doc, "extra") };
        if (updated.Description == chassis.Description && JsonNode.DeepEquals(updated.Extra, chassis.Extra))
            return (chassis, null);
        return (updated with { UpdatedAt = now }, null);
    }

    /// <summary>DELETE /v1/chassis/{uuid}: refused (400) while any node is in the chassis.</summary>
    public static Rejection? Delete(Chassis chassis, int nodeCount) =>
        nodeCount > 0
            ? Rejection.Invalid($"Cannot complete the requested action because chassis {chassis.Uuid} contains nodes.")
            : null;
}
