using Ironic.Actors.Conductor.Agent;
using NUnit.Framework;

namespace Ironic.Actors.Conductor.Tests.Agent;

/// <summary>The agent's CA saved as Ironic's <c>store_agent_certificate</c> saves it.</summary>
public sealed class AgentCertificateStoreTests
{
    private string _dir = null!;

    [SetUp]
    public void MakeDirectory() => _dir = Path.Combine(Path.GetTempPath(), "agent-certs-" + Guid.NewGuid().ToString("N"));

    [TearDown]
    public void DeleteDirectory()
    {
        if (Directory.Exists(_dir))
            Directory.Delete(_dir, recursive: true);
    }

    [Test]
    public async Task The_first_CA_is_saved_as_the_nodes_crt_and_the_same_CA_keeps_it()
    {
        var store = new AgentCertificateStore(_dir);
        var node = Guid.NewGuid();
        var first = await store.StoreAsync(node, null, "PEM A\n");
        Assert.That(first, Is.EqualTo(new AgentCertificateStore.Stored(Path.Combine(_dir, $"{node}.crt"), false)));
        Assert.That(File.ReadAllText(first.Path!), Is.EqualTo("PEM A\n"));

        var same = await store.StoreAsync(node, first.Path, "  PEM A  ");
        Assert.That(same, Is.EqualTo(first), "compared without surrounding blanks");
    }

    [Test]
    public async Task Another_CA_for_a_saved_one_is_refused_and_leaves_the_file_alone()
    {
        var store = new AgentCertificateStore(_dir);
        var node = Guid.NewGuid();
        var first = await store.StoreAsync(node, null, "PEM A");
        var changed = await store.StoreAsync(node, first.Path, "PEM B");
        Assert.That(changed.Changed, Is.True);
        Assert.That(changed.Path, Is.Null);
        Assert.That(File.ReadAllText(first.Path!), Is.EqualTo("PEM A"));
    }

    [Test]
    public async Task A_saved_path_whose_file_is_not_here_is_a_takeover_and_is_saved_anew()
    {
        var store = new AgentCertificateStore(_dir);
        var node = Guid.NewGuid();
        var stored = await store.StoreAsync(node, "/elsewhere/on/another/conductor.crt", "PEM B");
        Assert.That(stored, Is.EqualTo(new AgentCertificateStore.Stored(Path.Combine(_dir, $"{node}.crt"), false)));
    }
}
