using Ironic.Actors.Client.Tests.Infrastructure;
using NUnit.Framework;

namespace Ironic.Actors.Client.Tests;

/// <summary>Stops the server that the fixtures of this namespace share (see <see cref="CliFixture"/>) once they are all done.</summary>
[SetUpFixture]
public sealed class SharedServerShutdown
{
    [OneTimeTearDown]
    public Task StopAsync() => CliFixture.StopSharedServerAsync();
}
