using Ironic.Actors.Domain.Decisions;
using NUnit.Framework;

namespace Ironic.Actors.Protocol.Tests;

/// <summary><see cref="Replies.Rejected"/> carries Ironic's HTTP code, so the gateway maps a refusal without the domain's kinds.</summary>
public class RejectedTests
{
    [TestCase(RejectionKind.Invalid, 400)]
    [TestCase(RejectionKind.Forbidden, 403)]
    [TestCase(RejectionKind.NotFound, 404)]
    [TestCase(RejectionKind.Conflict, 409)]
    public void Rejections_map_to_ironics_status_codes(RejectionKind kind, int status) =>
        Assert.That(new Replies.Rejected(kind, "x").Code, Is.EqualTo(status));

    [Test]
    public void The_gateways_factories_are_400_and_404() =>
        Assert.That((Replies.Rejected.Invalid("a").Code, Replies.Rejected.NotFound("b").Code), Is.EqualTo((400, 404)));
}
