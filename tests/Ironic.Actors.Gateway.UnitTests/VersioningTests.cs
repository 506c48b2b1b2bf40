using Ironic.Actors.Gateway.Versioning;
using NUnit.Framework;

namespace Ironic.Actors.Gateway.UnitTests;

public class VersioningTests
{
    [Test]
    public void No_header_means_the_minimum_version()
    {
        Assert.That(ApiVersions.Negotiate(null, null).Version, Is.EqualTo(new ApiVersion(1, 1)));
        Assert.That(ApiVersions.Negotiate("", "").Version, Is.EqualTo(new ApiVersion(1, 1)));
    }

    [TestCase("latest")]
    [TestCase("LATEST")]
    public void Latest_means_the_maximum(string header) =>
        Assert.That(ApiVersions.Negotiate(header, null).Version, Is.EqualTo(ApiVersions.Maximum));

    [Test]
    public void The_maximum_is_Ironic_21_4s() =>
        Assert.That(ApiVersions.Maximum.ToString(), Is.EqualTo("1.82"));

    [TestCase("1.1", 1)]
    [TestCase("1.78", 78)]
    [TestCase("1.82", 82)]
    [TestCase(" 1.50 ", 50)]
    public void A_supported_version_is_used(string header, int minor) =>
        Assert.That(ApiVersions.Negotiate(header, null).Version, Is.EqualTo(new ApiVersion(1, minor)));

    [Test]
    public void A_minor_version_out_of_range_is_refused_with_the_supported_range()
    {
        var result = ApiVersions.Negotiate("1.999", null);
        Assert.That(result.Version, Is.Null);
        Assert.That(result.Error, Is.EqualTo(
            "Version 1.999 was requested but the minor version is not supported by this service. " +
            "The supported version range is: [1.1, 1.82]."));
        Assert.That(ApiVersions.Negotiate("1.0", null).Error, Does.StartWith("Version 1.0 was requested"));
    }

    [TestCase("abc")]
    [TestCase("1")]
    [TestCase("1.2.3")]
    [TestCase("1.x")]
    [TestCase("1.99999999999999")]
    public void A_malformed_version_is_refused(string header) =>
        Assert.That(ApiVersions.Negotiate(header, null).Error,
            Is.EqualTo("Invalid value for X-OpenStack-Ironic-API-Version header"));

    [Test]
    public void Another_major_version_is_refused() =>
        Assert.That(ApiVersions.Negotiate("2.1", null).Error, Does.Contain("Version 2.1 requested but not supported"));

    [Test]
    public void The_generic_header_is_an_alias()
    {
        Assert.That(ApiVersions.Negotiate(null, "baremetal 1.50").Version, Is.EqualTo(new ApiVersion(1, 50)));
        Assert.That(ApiVersions.Negotiate(null, "compute 2.1, baremetal latest").Version, Is.EqualTo(ApiVersions.Maximum));
        Assert.That(ApiVersions.Negotiate(null, "compute 2.1").Version, Is.EqualTo(new ApiVersion(1, 1)));
        Assert.That(ApiVersions.Negotiate("1.40", "baremetal 1.50").Version, Is.EqualTo(new ApiVersion(1, 40)));
    }
}
