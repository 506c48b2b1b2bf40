using Ironic.Actors.Gateway.Api;
using Ironic.Actors.Gateway.Versioning;
using NUnit.Framework;

namespace Ironic.Actors.Gateway.UnitTests;

public class NodeIdentTests
{
    [TestCase("235a04b7-48cd-434e-b03e-f731e64998f7", 1)]
    [TestCase("235A04B748CD434EB03EF731E64998F7", 1)]
    [TestCase("sample-1", 78)]
    [TestCase("Sample_1.x~", 10)]
    [TestCase("sample-1", 5)]
    public void Valid_idents_are_looked_up(string ident, int minor) =>
        Assert.That(NodeIdent.Check(ident, new ApiVersion(1, minor)), Is.Null);

    [Test]
    public void Names_before_1_5_are_not_found() =>
        Assert.That(NodeIdent.Check("sample-1", new ApiVersion(1, 4)),
            Is.EqualTo(new ApiError(404, "Node sample-1 could not be found.")));

    [Test]
    public void Invalid_names_from_1_5_are_a_400()
    {
        Assert.That(NodeIdent.Check("bad name!", new ApiVersion(1, 78)),
            Is.EqualTo(new ApiError(400, "Expected a logical name or UUID but received bad name!.")));
        Assert.That(NodeIdent.Check("Sample_1", new ApiVersion(1, 9))?.Status, Is.EqualTo(400));
    }

    [Test]
    public void Sub_resource_words_are_not_nodes() =>
        Assert.That(NodeIdent.Check("ports", new ApiVersion(1, 78))?.Status, Is.EqualTo(404));
}
