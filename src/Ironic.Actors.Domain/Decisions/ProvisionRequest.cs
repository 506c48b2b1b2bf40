using System.Text.Json.Nodes;

namespace Ironic.Actors.Domain.Decisions;

/// <summary>The body of <c>PUT /v1/nodes/{id}/states/provision</c> beyond its target verb.</summary>
public sealed record ProvisionRequest(
    string Target,
    JsonNode? ConfigDrive = null,
    JsonArray? CleanSteps = null,
    JsonArray? DeploySteps = null,
    string? RescuePassword = null,
    bool? DisableRamdisk = null);
