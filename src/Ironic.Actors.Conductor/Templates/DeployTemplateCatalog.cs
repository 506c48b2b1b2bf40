using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Domain.Templates;
using Ironic.Actors.Protocol.Templates;

namespace Ironic.Actors.Conductor.Templates;

/// <summary>
/// The deploy templates singleton's state: every template, by UUID and by name. Mutable only through <see cref="Apply"/>.
/// </summary>
public sealed class DeployTemplateCatalog
{
    private readonly Dictionary<Guid, DeployTemplate> _templates = new();
    private readonly Dictionary<string, Guid> _byName = new(StringComparer.Ordinal);

    /// <summary>Sort keys a template list accepts (columns of Ironic's deploy_templates table, less <c>extra</c>).</summary>
    public static readonly IReadOnlyDictionary<string, Func<DeployTemplate, IComparable?>> SortKeys =
        new Dictionary<string, Func<DeployTemplate, IComparable?>>
        {
            ["id"] = t => t.CreatedAt,
            ["uuid"] = t => t.Uuid.ToString(),
            ["name"] = t => t.Name,
            ["created_at"] = t => t.CreatedAt,
            ["updated_at"] = t => t.UpdatedAt,
        };

    public DeployTemplate? Find(Guid id) => _templates.GetValueOrDefault(id);

    /// <summary>By UUID when the ident is UUID-shaped, else by name.</summary>
    public DeployTemplate? Find(string ident) =>
        FieldRules.NormalizeUuid(ident) is { } uuid
            ? Find(Guid.Parse(uuid))
            : _byName.TryGetValue(ident, out var id) ? Find(id) : null;

    public DeployTemplate? FindByName(string name) => _byName.TryGetValue(name, out var id) ? Find(id) : null;

    public void Apply(object e)
    {
        switch (e)
        {
            case DeployTemplateEvents.DeployTemplateCreated c:
                Put(c.Template);
                break;
            case DeployTemplateEvents.DeployTemplateUpdated u:
                Put(u.Template);
                break;
            case DeployTemplateEvents.DeployTemplateDeleted d when _templates.Remove(d.TemplateId, out var gone):
                _byName.Remove(gone.Name);
                break;
            case DeployTemplateEvents.DeployTemplateSnapshot s:
                foreach (var template in s.Templates)
                    Put(template);
                break;
        }
    }

    private void Put(DeployTemplate template)
    {
        if (_templates.TryGetValue(template.Uuid, out var old))
            _byName.Remove(old.Name);
        _templates[template.Uuid] = template;
        _byName[template.Name] = template.Uuid;
    }

    public DeployTemplateEvents.DeployTemplateSnapshot ToSnapshot() => new(_templates.Values.OrderBy(t => t.CreatedAt).ToList());

    /// <summary>One page in the order asked; ties broken by creation time, then UUID.</summary>
    public DeployTemplateReplies.DeployTemplatePage Page(DeployTemplateCommands.ListDeployTemplates q)
    {
        var page = SortedPages.Page(_templates.Values, SortKeys.GetValueOrDefault(q.SortKey) ?? SortKeys["id"], t => t.CreatedAt, t => t.Uuid,
            q.SortDir, q.Marker, Find, q.Limit);
        return page is null
            ? new DeployTemplateReplies.DeployTemplatePage([], MarkerFound: false)
            : new DeployTemplateReplies.DeployTemplatePage(page, MarkerFound: true);
    }
}
