using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Drivers.Abstractions;

namespace Ironic.Actors.Drivers.Fake;

/// <summary>The "fake" console interface: starting and stopping succeed, and the console info is empty.</summary>
public sealed class FakeConsole : IConsoleInterface
{
    // Ironic has no [fake]console_delay, so the console never waits.
    public string Name => "fake";
    public string InterfaceType => InterfaceTypes.Console;

    public ValidationResult Validate(Node node) => ValidationResult.Ok;

    public Task StartConsoleAsync(Node node, CancellationToken ct) => Task.CompletedTask;
    public Task StopConsoleAsync(Node node, CancellationToken ct) => Task.CompletedTask;
    public Task<JsonObject> GetConsoleAsync(Node node, CancellationToken ct) => Task.FromResult(new JsonObject());
}
