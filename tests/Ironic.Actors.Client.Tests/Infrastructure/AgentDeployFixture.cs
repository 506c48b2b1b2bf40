using System.Text;
using NUnit.Framework;

namespace Ironic.Actors.Client.Tests.Infrastructure;

/// <summary>
/// Base of the CLI fixtures that deploy through the agent double: an image server holding the disk image
/// (<paramref name="imageText"/> repeated <paramref name="repeats"/> times) and the agent ISO, and a server of their own
/// that checks provision states every second, expects ramdisk heartbeats every 2 s and retries the power state after a
/// deploy every 0.5 s (its settings, not sleeps, keep the tests quick). <see cref="ExtraServerArguments"/> adds a
/// fixture's own settings.
/// </summary>
public abstract class AgentDeployFixture(string imageText, int repeats) : CliFixture
{
    /// <summary>The image server (files added in a fixture's own OneTimeSetUp are served too).</summary>
    protected ImageServer Images { get; private set; } = null!;

    /// <summary>URL of the agent ISO, which the BMC emulator boots into the agent double.</summary>
    protected string AgentIso { get; private set; } = null!;

    /// <summary>The disk image's URL and checksums.</summary>
    protected (string Url, string Sha256, string Md5) Image { get; private set; }

    /// <summary>The disk image's bytes.</summary>
    protected byte[] ImageBytes { get; } = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat(imageText, repeats)));

    protected sealed override IReadOnlyList<string> ServerArguments =>
    [
        "--Ironic:Conductor:CheckProvisionStateInterval", "1",
        "--Ironic:Gateway:RamdiskHeartbeatTimeout", "2",
        "--Ironic:Hardware:Agent:PostDeployGetPowerStateRetryInterval", "0.5",
        .. ExtraServerArguments,
    ];

    /// <summary>Settings of the fixture's server beyond the agent deploy's (command-line form).</summary>
    protected virtual IReadOnlyList<string> ExtraServerArguments => [];

    [OneTimeSetUp]
    public async Task StartImageServerAsync()
    {
        Images = await ImageServer.StartAsync();
        Image = Images.Add("disk.img", ImageBytes);
        AgentIso = Images.Add("ipa.iso", Encoding.ASCII.GetBytes("agent ISO")).Url;
    }

    [OneTimeTearDown]
    public async Task StopImageServerAsync()
    {
        if (Images is not null)
            await Images.DisposeAsync();
    }

    /// <summary>A random MAC address of the QEMU range, for a node's port and its agent double's lookup.</summary>
    protected static string NewMac() => "52:54:00:" + string.Join(":", Enumerable.Range(0, 3).Select(_ => Random.Shared.Next(256).ToString("x2")));
}
