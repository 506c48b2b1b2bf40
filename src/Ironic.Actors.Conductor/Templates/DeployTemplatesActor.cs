using Akka.Actor;
using Akka.Persistence;
using Ironic.Actors.Domain.Templates;
using Ironic.Actors.Protocol.Nodes;
using Ironic.Actors.Protocol.Templates;
using Ironic.Actors.Protocol;
using static Ironic.Actors.Protocol.Templates.DeployTemplateCommands;

namespace Ironic.Actors.Conductor.Templates;

/// <summary>
/// Every deploy template, as a persistent cluster singleton on conductor members: templates are few (one per
/// operator-defined deploy flavour), so one actor holds them all, keeps names unique, answers their lists itself,
/// and tells deploying nodes which templates their instance traits name. Replies follow the stored events.
/// </summary>
public sealed class DeployTemplatesActor : ReceivePersistentActor
{
    public const string Name = "deploy-templates";
    private const int SnapshotEvery = 500;

    private readonly DeployTemplateCatalog _catalog = new();
    private readonly TimeProvider _time;

    public DeployTemplatesActor(TimeProvider time)
    {
        _time = time;
        Recover<SnapshotOffer>(offer => _catalog.Apply(offer.Snapshot));
        RecoverAny(e => _catalog.Apply(e));

        Command<GetDeployTemplate>(get => Sender.Tell(_catalog.Find(get.Ident) is { } found
            ? new DeployTemplateReplies.DeployTemplateView(found)
            : NotFound(get.Ident)));
        Command<ListDeployTemplates>(list => Sender.Tell(_catalog.Page(list)));
        Command<FindDeployTemplates>(find => Sender.Tell(new DeployTemplateReplies.DeployTemplatesFound(
            find.Names.Distinct().Select(_catalog.FindByName).OfType<DeployTemplate>().ToList())));
        Command<CreateDeployTemplate>(OnCreate);
        Command<PatchDeployTemplate>(OnPatch);
        Command<DeleteDeployTemplate>(OnDelete);
        Command<SaveSnapshotSuccess>(saved => DeleteSnapshots(new SnapshotSelectionCriteria(saved.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(_ => { });
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(_ => { });
    }

    public override string PersistenceId => "deploy-templates";

    public static Props Props(TimeProvider time) => Akka.Actor.Props.Create(() => new DeployTemplatesActor(time));

    private void OnCreate(CreateDeployTemplate create)
    {
        var (created, error) = DeployTemplateDecisions.Create(create.Body, create.TemplateId, _time.GetUtcNow());
        if (created is null)
            Sender.Tell(new Replies.Rejected(Domain.Decisions.RejectionKind.Invalid, error!));
        else if (_catalog.Find(created.Uuid) is { } existing)
            // Under the UUID the gateway generated for this request (the body named none): stored by an earlier copy
            // of the request whose conductor died before answering.
            Sender.Tell(created.Uuid == create.TemplateId
                ? new DeployTemplateReplies.DeployTemplateView(existing)
                : Replies.Rejected.From(DeployTemplateDecisions.AlreadyExists(created.Uuid)));
        else if (_catalog.FindByName(created.Name) is not null)
            Sender.Tell(Replies.Rejected.From(DeployTemplateDecisions.DuplicateName(created.Name)));
        else
            Store(new DeployTemplateEvents.DeployTemplateCreated(created), new DeployTemplateReplies.DeployTemplateView(created));
    }

    private void OnPatch(PatchDeployTemplate patch)
    {
        if (_catalog.Find(patch.Ident) is not { } current)
        {
            Sender.Tell(NotFound(patch.Ident));
            return;
        }
        var (updated, rejection) = DeployTemplateDecisions.Patch(current, patch.Operations, _time.GetUtcNow());
        if (updated is null)
            Sender.Tell(Replies.Rejected.From(rejection!));
        else if (ReferenceEquals(updated, current))
            Sender.Tell(new DeployTemplateReplies.DeployTemplateView(current));
        else if (updated.Name != current.Name && _catalog.FindByName(updated.Name) is not null)
            Sender.Tell(Replies.Rejected.From(DeployTemplateDecisions.DuplicateName(updated.Name)));
        else
            Store(new DeployTemplateEvents.DeployTemplateUpdated(updated), new DeployTemplateReplies.DeployTemplateView(updated));
    }

    private void OnDelete(DeleteDeployTemplate delete)
    {
        if (_catalog.Find(delete.Ident) is not { } current)
            Sender.Tell(NotFound(delete.Ident));
        else
            Store(new DeployTemplateEvents.DeployTemplateDeleted(current.Uuid, _time.GetUtcNow()),
                new DeployTemplateReplies.DeployTemplateRemoved(current.Uuid));
    }

    private void Store(object e, object reply)
    {
        var replyTo = Sender;
        Persist(e, stored =>
        {
            _catalog.Apply(stored);
            if (LastSequenceNr % SnapshotEvery == 0)
                SaveSnapshot(_catalog.ToSnapshot());
            replyTo.Tell(reply);
        });
    }

    private static Replies.Rejected NotFound(string ident) => Replies.Rejected.From(DeployTemplateDecisions.NotFound(ident));
}
