using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Templates;

namespace Ironic.Actors.Protocol.Views;

/// <summary>
/// What the API shows of a deploy template (see <see cref="PortFields"/>: built from a reply, never sent);
/// <see cref="Steps"/> is already Ironic's JSON of the steps, a fresh copy.
/// </summary>
public sealed record DeployTemplateFields(Guid Uuid, string Name, JsonArray Steps, JsonObject Extra, DateTimeOffset CreatedAt, DateTimeOffset? UpdatedAt)
{
    public static DeployTemplateFields Of(DeployTemplate template) => new(
        template.Uuid, template.Name, DeployTemplateDecisions.StepsJson(template.Steps), template.Extra, template.CreatedAt, template.UpdatedAt);
}
