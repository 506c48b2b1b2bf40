using System.Text.Json.Nodes;
using Ironic.Actors.Client.Tests.Infrastructure;
using NUnit.Framework;

namespace Ironic.Actors.Client.Tests;

/// <summary>The CLI's deploy template commands (1.55), in noauth mode against the real server; outputs as the reference prints them.</summary>
[TestFixture]
public sealed class ClientDeployTemplateTests : CliFixture
{
    [Test]
    public async Task Deploy_template_create_list_show_and_delete()
    {
        var name = "CUSTOM_CLI_" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();
        const string steps = """[{"interface": "bios", "step": "apply_configuration", "args": {"settings": []}, "priority": 10}]""";

        var created = await Cli.ObjectAsync("deploy", "template", "create", name, "--steps", steps);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(created.Select(p => p.Key).Order(), Is.EqualTo(new[] { "created_at", "extra", "name", "steps", "updated_at", "uuid" }));
            Assert.That(Str(created, "name"), Is.EqualTo(name));
            Assert.That(JsonNode.DeepEquals(created["steps"], JsonNode.Parse(steps)), Is.True, created.ToJsonString());
        }

        var rows = await Cli.RowsAsync("deploy", "template", "list");
        Assert.That(rows.Single(r => Str(r, "Name") == name).Select(p => p.Key), Is.EqualTo(new[] { "UUID", "Name" }));
        Assert.That(Str(rows.Single(r => Str(r, "Name") == name), "UUID"), Is.EqualTo(Str(created, "uuid")));

        var shown = await Cli.ObjectAsync("deploy", "template", "show", name, "--fields", "name", "steps");
        Assert.That(shown.Select(p => p.Key), Is.EqualTo(new[] { "name", "steps" }));
        Assert.That(JsonNode.DeepEquals(shown["steps"], JsonNode.Parse(steps)), Is.True);

        ExpectMessage(await Cli.FailAsync("deploy", "template", "show", "CUSTOM_NOPE"), "Deploy template CUSTOM_NOPE could not be found. (HTTP 404)");
        await Cli.OkAsync("deploy", "template", "delete", name);
        ExpectMessage(await Cli.FailAsync("deploy", "template", "show", name), $"Deploy template {name} could not be found. (HTTP 404)");
    }
}
