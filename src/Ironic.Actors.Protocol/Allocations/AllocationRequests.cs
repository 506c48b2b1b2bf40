using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Allocations;
using Ironic.Actors.Domain.Ports;

namespace Ironic.Actors.Protocol.Allocations;

/// <summary>
/// The checks Ironic's API runs on a POST /v1/allocations body before anything else (its schema, the uuid, the
/// name's form), in the rules' one definition (the domain's), for the gateway that runs them between its version
/// checks in Ironic's order. The allocation service takes the body as checked.
/// </summary>
public static class AllocationRequests
{
    /// <summary>Ironic's allocation schema (types, lengths, unknown keys, candidate and trait items): its 400 message, or null.</summary>
    public static string? CheckBody(JsonObject body) => AllocationDecisions.CheckBody(body);

    /// <summary>The body's uuid (null when it gives none), or Ironic's 400 message.</summary>
    public static (Guid? Uuid, string? Error) ReadUuid(JsonObject body) => SchemaCheck.Uuid("uuid", SchemaCheck.String(body, "uuid"));

    /// <summary>Ironic's rule for names (empty or null: none; else a logical name): its 400 message, or null.</summary>
    public static string? CheckName(string? name, bool creating) => AllocationDecisions.CheckName(name, creating);
}
