using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Decisions;
using Ironic.Actors.Domain.Events;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Domain.States;
using NUnit.Framework;

namespace Ironic.Actors.Domain.Tests;

/// <summary>Builders and helpers shared by the domain tests.</summary>
internal static class TestNodes
{
    public static readonly Guid Uuid = Guid.Parse("235a04b7-48cd-434e-b03e-f731e64998f7");
    public static readonly Guid InstanceA = Guid.Parse("6a3c6f6e-0f1b-4e55-9d55-3b7c1d0a0001");
    public static readonly Guid InstanceB = Guid.Parse("6a3c6f6e-0f1b-4e55-9d55-3b7c1d0a0002");
    public static readonly DateTimeOffset Created = new(2024, 3, 1, 12, 0, 0, TimeSpan.Zero);
    public const string Host = "conductor-1.example.org";

    /// <summary>
    /// A fake-hardware node resting in <paramref name="state"/>, with the target Ironic shows there
    /// (the state's default target; null for stable states).
    /// </summary>
    public static Node InState(string state) => new()
    {
        Uuid = Uuid,
        Name = "node-1",
        Driver = FakeInterfaceResolver.FakeHardware,
        ProvisionState = state,
        TargetProvisionState = ProvisionStateMachine.DefaultTarget(state),
        PowerState = PowerStates.PowerOff,
        Interfaces = FakeInterfaceResolver.Defaults,
        CreatedAt = Created,
    };

    /// <summary>A node in <paramref name="state"/> that holds an instance.</summary>
    public static Node Deployed(string state = ProvisionStates.Active) => InState(state) with
    {
        InstanceUuid = InstanceA.ToString(),
        InstanceInfo = new JsonObject { ["image_source"] = "http://images.example.org/img.qcow2" },
    };

    /// <summary>A context at <paramref name="minutes"/> minutes after <see cref="Created"/>.</summary>
    public static NodeContext Ctx(int minutes = 1, string? lockedBy = null) => new(Created.AddMinutes(minutes), lockedBy);

    public static NodeContext Locked(int minutes = 1) => Ctx(minutes, Host);

    public static string InvalidState(string action, string state) =>
        $"The requested action \"{action}\" can not be performed on node \"{Uuid}\" while it is in state \"{state}\".";

    public static string NodeLockedMessage =>
        $"Node {Uuid} is locked by host {Host}, please retry after the current operation is completed.";

    /// <summary>Asserts acceptance and folds the decision's events into <paramref name="node"/>.</summary>
    public static Node Fold(this Node node, Decision decision)
    {
        Assert.That(decision.Rejection, Is.Null, () => $"unexpected rejection: {decision.Rejection}");
        Node? current = node;
        foreach (var e in decision.Events)
            current = current.Apply(e);
        Assert.That(current, Is.Not.Null, "the node vanished");
        return current!;
    }

    /// <summary>Asserts a rejection of <paramref name="kind"/> and returns its message.</summary>
    public static string Rejected(this Decision decision, RejectionKind kind)
    {
        Assert.That(decision.IsAccepted, Is.False, () => $"expected a {kind} rejection, got events: {string.Join(", ", decision.Events)}");
        Assert.That(decision.Rejection!.Kind, Is.EqualTo(kind), () => decision.Rejection.Message);
        Assert.That(decision.Events, Is.Empty);
        Assert.That(decision.Work, Is.Null);
        return decision.Rejection.Message;
    }

    /// <summary>The single event of an accepted decision, of type <typeparamref name="T"/>.</summary>
    public static T Single<T>(this Decision decision) where T : INodeEvent
    {
        Assert.That(decision.Rejection, Is.Null, () => $"unexpected rejection: {decision.Rejection}");
        Assert.That(decision.Events, Has.Count.EqualTo(1), () => string.Join(", ", decision.Events));
        Assert.That(decision.Events[0], Is.InstanceOf<T>());
        return (T)decision.Events[0];
    }

    public static PatchOperation Add(string path, JsonNode? value) => new("add", path, value, true);
    public static PatchOperation Replace(string path, JsonNode? value) => new("replace", path, value, true);
    public static PatchOperation Remove(string path) => new("remove", path, null, false);
}
