using System.Text.Json;
using System.Text.Json.Nodes;
using Akka.Actor;
using Ironic.Actors.Domain.Decisions;
using Ironic.Actors.Domain.States;
using Ironic.Actors.Domain.Templates;
using Ironic.Actors.Protocol.Templates;
using static Ironic.Actors.Protocol.Nodes.NodeCommands;
using static Ironic.Actors.Protocol.Nodes.NodeReplies;
using static Ironic.Actors.Protocol.Replies;

namespace Ironic.Actors.Conductor.Nodes;

/// <summary>
/// Deploy templates. A deploy or rebuild of a node whose instance asks for traits first fetches the templates those
/// traits name from the templates singleton (holding other messages back), then decides with their steps checked
/// against the node's interfaces.
/// </summary>
public sealed partial class NodeActor
{
    /// <summary>Decides <paramref name="change"/>, first fetching the deploy templates it uses when it is a deploy with instance traits.</summary>
    private void ChangeProvisionStateWithTemplates(ChangeProvisionState change)
    {
        var names = InstanceTraits();
        var deploys = ProvisionStateMachine.ApiVerbs.TryGetValue(change.Request.Target, out var evt)
                      && evt is ProvisionEvents.Deploy or ProvisionEvents.Rebuild;
        if (!deploys || names.Count == 0 || _deps.DeployTemplates.IsNobody())
        {
            Execute(deploys
                ? NodeDecisions.RequestProvision(_node!, change.Request, Now(), [], _deps.Resolver.DeploySteps(_node!))
                : NodeDecisions.RequestProvision(_node!, change.Request, Now()));
            return;
        }

        _busy = true;
        var replyTo = Sender;
        AskSingleton(_deps.DeployTemplates, new DeployTemplateCommands.FindDeployTemplates(names))
            .PipeTo(Self,
                success: answer => new TemplatesAnswered(answer, change, replyTo),
                failure: ex => new TemplatesAnswered(
                    new Rejected(RejectionKind.Conflict, $"Could not read the deploy templates for node {_nodeId}: {ex.Message}. Please retry."),
                    change, replyTo));
    }

    private void HandleTemplatesAnswered(TemplatesAnswered answer)
    {
        Unblock();
        if (answer.Answer is not DeployTemplateReplies.DeployTemplatesFound found)
        {
            answer.ReplyTo.Tell(answer.Answer as Rejected ?? new Rejected(RejectionKind.Conflict, $"Unexpected deploy templates answer {answer.Answer}"));
            return;
        }
        if (_node is null)
        {
            answer.ReplyTo.Tell(NotFound());
            return;
        }
        var templates = found.Templates.OrderBy(t => t.CreatedAt).ToList();
        var decision = NodeDecisions.RequestProvision(_node, answer.Change.Request, Now(), templates, _deps.Resolver.DeploySteps(_node));
        if (decision.Rejection is { } rejection)
        {
            answer.ReplyTo.Tell(Rejected.From(rejection));
            return;
        }
        PersistEvents(decision.Events, () =>
        {
            StartWork(decision.Work);
            answer.ReplyTo.Tell(new Accepted(View()));
        });
    }

    /// <summary>The instance's traits (<c>instance_info.traits</c>) when they are a list of strings; else none.</summary>
    private List<string> InstanceTraits() =>
        _node?.InstanceInfo["traits"] is JsonArray traits && traits.All(t => t?.GetValueKind() == JsonValueKind.String)
            ? traits.Select(t => t!.GetValue<string>()).Distinct().ToList()
            : [];

    /// <summary>The templates singleton's answer for a deploy, with the request it was asked for. Strictly local.</summary>
    private sealed record TemplatesAnswered(object Answer, ChangeProvisionState Change, IActorRef ReplyTo)
        : IAwaitedAnswer, INoSerializationVerificationNeeded;
}
