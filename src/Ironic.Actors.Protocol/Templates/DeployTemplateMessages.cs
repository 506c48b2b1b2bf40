using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Domain.Templates;
using Ironic.Actors.Protocol.Views;

namespace Ironic.Actors.Protocol.Templates;

/// <summary>
/// Requests to the deploy templates singleton, which owns every template. Idents are UUIDs or names as the API got
/// them. Failures are answered with <see cref="Replies.Rejected"/> carrying Ironic's message.
/// </summary>
public static class DeployTemplateCommands
{
    /// <summary>POST /v1/deploy_templates: the body as sent (checked by the singleton), with its uuid or a new one.</summary>
    /// <summary>
    /// POST /v1/deploy_templates: the body as received (a JSON object), checked once by the template's decision.
    /// <paramref name="TemplateId"/> is the new template's UUID when the body gives none.
    /// </summary>
    public sealed record CreateDeployTemplate(Guid TemplateId, JsonObject Body) : IIronicMessage;

    public sealed record GetDeployTemplate(string Ident) : IIronicMessage;

    /// <summary>GET /v1/deploy_templates: sorted, after <paramref name="Marker"/>, at most <paramref name="Limit"/>.</summary>
    public sealed record ListDeployTemplates(string SortKey = "id", string SortDir = "asc", int Limit = 1000, Guid? Marker = null) : IIronicMessage;

    public sealed record PatchDeployTemplate(string Ident, IReadOnlyList<PatchOperation> Operations) : IIronicMessage
    {
        /// <summary>Root fields a deploy template PATCH may name, in Ironic's order.</summary>
        public static IReadOnlyList<string> PatchableFields => DeployTemplateDecisions.PatchableFields;
    }

    public sealed record DeleteDeployTemplate(string Ident) : IIronicMessage;

    /// <summary>The templates named by <paramref name="Names"/> (a deploying node's instance traits); unknown names are left out.</summary>
    public sealed record FindDeployTemplates(IReadOnlyList<string> Names) : IIronicMessage;
}

/// <summary>Answers of the deploy templates singleton.</summary>
public static class DeployTemplateReplies
{
    public sealed record DeployTemplateView(DeployTemplate Template) : IIronicMessage
    {
        /// <summary>What the API shows of the template (not serialized: built from <see cref="Template"/>).</summary>
        [JsonIgnore]
        public DeployTemplateFields Fields => DeployTemplateFields.Of(Template);
    }

    public sealed record DeployTemplatePage(IReadOnlyList<DeployTemplate> Templates, bool MarkerFound) : IIronicMessage
    {
        /// <summary>What the API shows of each template of the page, in order (not serialized).</summary>
        [JsonIgnore]
        public IReadOnlyList<DeployTemplateFields> Fields => Templates.Select(DeployTemplateFields.Of).ToList();
    }

    /// <summary>404: no deploy template has this UUID or name.</summary>
    public static Replies.Rejected NotFound(string ident) => Replies.Rejected.From(DeployTemplateDecisions.NotFound(ident));

    public sealed record DeployTemplateRemoved(Guid TemplateId) : IIronicMessage;

    public sealed record DeployTemplatesFound(IReadOnlyList<DeployTemplate> Templates) : IIronicMessage;
}

/// <summary>What the deploy templates singleton stores.</summary>
public static class DeployTemplateEvents
{
    public sealed record DeployTemplateCreated(DeployTemplate Template) : IIronicMessage;

    /// <summary>The template as it is now (name, steps, extra).</summary>
    public sealed record DeployTemplateUpdated(DeployTemplate Template) : IIronicMessage;

    public sealed record DeployTemplateDeleted(Guid TemplateId, DateTimeOffset At) : IIronicMessage;

    public sealed record DeployTemplateSnapshot(IReadOnlyList<DeployTemplate> Templates) : IIronicMessage;
}
