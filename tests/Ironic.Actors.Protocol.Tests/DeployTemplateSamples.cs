using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Domain.Templates;
using Ironic.Actors.Protocol.Templates;
using static Ironic.Actors.Protocol.Tests.Samples;

namespace Ironic.Actors.Protocol.Tests;

/// <summary>Samples of the deploy template types, listed by <see cref="Samples.OnePerType"/> and <see cref="Samples.Variants"/>.</summary>
internal static class DeployTemplateSamples
{
    public static readonly Guid TemplateId = Guid.Parse("3f9b2c7e-5a1d-4c8e-b2f0-7d6e5a4b3c21");

    /// <summary>A template with every field set and two steps.</summary>
    public static DeployTemplate FullTemplate() => new()
    {
        Uuid = TemplateId,
        Name = "CUSTOM_RAID1",
        Steps =
        [
            new DeployStep("raid", "apply_configuration", new JsonObject
            {
                ["raid_config"] = new JsonObject { ["logical_disks"] = new JsonArray(new JsonObject { ["size_gb"] = "MAX", ["raid_level"] = "1" }) },
            }, 90),
            new DeployStep("bios", "apply_configuration", new JsonObject(), 0),
        ],
        Extra = new JsonObject { ["ticket"] = "OPS-7" },
        CreatedAt = CreatedAt,
        UpdatedAt = UpdatedAt,
    };

    public static IEnumerable<object> OnePerType()
    {
        yield return new DeployTemplateEvents.DeployTemplateCreated(FullTemplate());
        yield return new DeployTemplateEvents.DeployTemplateUpdated(FullTemplate());
        yield return new DeployTemplateEvents.DeployTemplateDeleted(TemplateId, EventAt);
        yield return new DeployTemplateEvents.DeployTemplateSnapshot([FullTemplate()]);
        yield return new DeployTemplateCommands.CreateDeployTemplate(TemplateId, new JsonObject
        {
            ["name"] = "CUSTOM_RAID1",
            ["steps"] = new JsonArray(new JsonObject { ["interface"] = "raid", ["step"] = "x", ["args"] = new JsonObject(), ["priority"] = "10" }),
        });
        yield return new DeployTemplateCommands.GetDeployTemplate("CUSTOM_RAID1");
        yield return new DeployTemplateCommands.ListDeployTemplates("name", "desc", 10, TemplateId);
        yield return new DeployTemplateCommands.PatchDeployTemplate("CUSTOM_RAID1", [new PatchOperation("replace", "/steps/0/priority", JsonValue.Create(20), true)]);
        yield return new DeployTemplateCommands.DeleteDeployTemplate("CUSTOM_RAID1");
        yield return new DeployTemplateCommands.FindDeployTemplates(["CUSTOM_RAID1", "CUSTOM_GPU"]);
        yield return new DeployTemplateReplies.DeployTemplateView(FullTemplate());
        yield return new DeployTemplateReplies.DeployTemplatePage([FullTemplate()], MarkerFound: true);
        yield return new DeployTemplateReplies.DeployTemplateRemoved(TemplateId);
        yield return new DeployTemplateReplies.DeployTemplatesFound([FullTemplate()]);
    }

    public static IEnumerable<(string Name, object Message)> Variants()
    {
        yield return ("DeployTemplate minimal", new DeployTemplateEvents.DeployTemplateCreated(
            new DeployTemplate { Uuid = TemplateId, Name = "CUSTOM_X", CreatedAt = CreatedAt }));
        yield return ("DeployTemplatePage empty", new DeployTemplateReplies.DeployTemplatePage([], MarkerFound: false));
    }
}
