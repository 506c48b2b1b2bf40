using Ironic.Actors.Hosting.Management;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NUnit.Framework;

namespace Ironic.Actors.Cmd.Tests;

/// <summary>The member-side rule for leave/down and the management listen addresses (pure functions, no processes).</summary>
public class ManagementAccessTests
{
    [Test]
    public void Loopback_without_a_configured_secret_is_open()
    {
        Assert.That(ManagementAccess.Decide(loopbackOnly: true, configuredSecret: null, givenSecret: null).Allowed, Is.True);
        Assert.That(ManagementAccess.Decide(loopbackOnly: true, configuredSecret: "", givenSecret: "anything").Allowed, Is.True);
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("guess")]
    public void Beyond_loopback_without_a_configured_secret_leave_and_down_are_refused(string? given)
    {
        var decision = ManagementAccess.Decide(loopbackOnly: false, configuredSecret: null, givenSecret: given);
        Assert.That(decision.Allowed, Is.False);
        Assert.That(decision.Reason, Does.Contain("configure Ironic:Management:Secret"));
    }

    [TestCase(true)]
    [TestCase(false)]
    public void A_configured_secret_is_required_and_must_match(bool loopbackOnly)
    {
        Assert.That(ManagementAccess.Decide(loopbackOnly, "s3cret", "s3cret"), Is.EqualTo(ManagementDecision.Allow));

        var missing = ManagementAccess.Decide(loopbackOnly, "s3cret", null);
        Assert.That(missing.Allowed, Is.False);
        Assert.That(missing.Reason, Does.Contain(ManagementAccess.SecretHeader));

        foreach (var wrong in new[] { "s3cre", "s3cret ", "S3CRET", "s3cretx" })
        {
            var decision = ManagementAccess.Decide(loopbackOnly, "s3cret", wrong);
            Assert.That(decision.Allowed, Is.False, wrong);
            Assert.That(decision.Reason, Does.Contain("does not match"), wrong);
        }
    }

    [TestCase("http://127.0.0.1:6386", true)]
    [TestCase("http://localhost:6386", true)]
    [TestCase("http://[::1]:6386", true)]
    [TestCase("http://127.0.0.1:6386;http://[::1]:6386", true)]
    [TestCase("http://0.0.0.0:6386", false)]
    [TestCase("http://*:6386", false)]
    [TestCase("http://+:6386", false)]
    [TestCase("http://10.0.0.5:6386", false)]
    [TestCase("http://127.0.0.1:6386;http://10.0.0.5:6386", false)]
    [TestCase("http://mgmt.example:6386", false)]
    public void Loopback_means_every_listen_address_is_loopback(string urls, bool loopback)
    {
        var parsed = new ManagementOptions { Urls = urls }.ParseUrls();
        Assert.That(ManagementOptions.AllLoopback(parsed), Is.EqualTo(loopback));
    }

    [TestCase("127.0.0.1:6386")]
    [TestCase("http://127.0.0.1")]
    [TestCase("http://127.0.0.1:0")]
    [TestCase("ftp://127.0.0.1:21")]
    public void Listen_addresses_need_http_and_an_explicit_port(string urls)
    {
        var error = Assert.Throws<InvalidOperationException>(() => new ManagementOptions { Urls = urls }.ParseUrls());
        Assert.That(error!.Message, Does.Contain("Ironic:Management:Urls"));
    }

    [Test]
    public void The_management_port_may_not_be_the_api_port()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:6390",
            ["Ironic:Management:Urls"] = "http://127.0.0.1:6390",
        }).Build();
        var error = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddIronicManagement(configuration));
        Assert.That(error!.Message, Does.Contain("port 6390"));
    }

    [Test]
    public void Empty_urls_switch_the_endpoint_off()
    {
        Assert.That(new ManagementOptions { Urls = "" }.ParseUrls(), Is.Empty);
    }
}
