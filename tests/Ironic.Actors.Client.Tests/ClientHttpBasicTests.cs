using System.Net.Http.Headers;
using System.Text;
using Ironic.Actors.Client.Tests.Infrastructure;
using NUnit.Framework;

namespace Ironic.Actors.Client.Tests;

/// <summary>
/// The CLI against a server running Ironic's http_basic auth strategy, through keystoneauth's <c>http_basic</c>
/// plugin (<c>OS_AUTH_TYPE=http_basic OS_USERNAME=... OS_PASSWORD=... OS_ENDPOINT=...</c>).
/// </summary>
[TestFixture]
public sealed class ClientHttpBasicTests : CliFixture
{
    private const string User = "cli-admin";
    private const string Password = "pa55: with spaces & symbols";

    private static readonly string UserFile = CreateUserFile();

    protected override IReadOnlyList<string> ServerArguments =>
    [
        "--Ironic:Gateway:AuthStrategy", "http_basic",
        "--Ironic:Gateway:HttpBasicAuthUserFile", UserFile,
    ];

    protected override AuthenticationHeaderValue? ServerAuthorization =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{Password}")));

    protected override IReadOnlyDictionary<string, string> CliEnvironment(string endpoint) => new Dictionary<string, string>
    {
        ["OS_AUTH_TYPE"] = "http_basic",
        ["OS_ENDPOINT"] = endpoint,
        ["OS_USERNAME"] = User,
        ["OS_PASSWORD"] = Password,
    };

    [OneTimeTearDown]
    public void DeleteUserFile() => Directory.Delete(Path.GetDirectoryName(UserFile)!, recursive: true);

    [Test]
    public async Task The_cli_works_with_http_basic_credentials()
    {
        var name = UniqueName("cli-basic");
        var uuid = await CreateNodeAsync(name, "--driver-info", "ipmi_password=hidden");

        var shown = await Cli.ObjectAsync("node", "show", name);
        Assert.That(Str(shown, "uuid"), Is.EqualTo(uuid));
        Assert.That(shown["driver_info"]!["ipmi_password"]!.GetValue<string>(), Is.EqualTo("******"));

        var listed = await Cli.RowsAsync("node", "list");
        Assert.That(listed.Select(r => Str(r, "UUID")), Does.Contain(uuid));

        await Cli.OkAsync("node", "manage", name, "--wait", "60");
        Assert.That(Str(await Cli.ObjectAsync("node", "show", name, "--fields", "provision_state"), "provision_state"), Is.EqualTo("manageable"));

        var deleted = await Cli.OkAsync("node", "delete", name);
        Assert.That(deleted.StdOut, Does.Contain($"Deleted node {name}"));
        Assert.That(Server.Log, Does.Not.Contain(Password), "the password never reaches the server log");
    }

    [Test]
    public async Task A_wrong_password_is_refused_with_ironics_message()
    {
        var wrong = await Cli.RunAsync(["node", "list"], new Dictionary<string, string?> { ["OS_PASSWORD"] = "not-the-password" });

        Assert.That(wrong.ExitCode, Is.Not.Zero, wrong.ToString);
        ExpectMessage(wrong, "Incorrect username or password (HTTP 401)");
    }

    [Test]
    public async Task Noauth_clients_are_told_that_authorization_is_required()
    {
        var anonymous = await Cli.RunAsync(["driver", "list"], new Dictionary<string, string?>
        {
            ["OS_AUTH_TYPE"] = "none",
            ["OS_USERNAME"] = null,
            ["OS_PASSWORD"] = null,
        });

        Assert.That(anonymous.ExitCode, Is.Not.Zero, anonymous.ToString);
        ExpectMessage(anonymous, "Authorization required (HTTP 401)");
    }

    private static string CreateUserFile()
    {
        var folder = Path.Combine(Path.GetTempPath(), "ironic-client-tests", "auth-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, "htpasswd");
        File.WriteAllText(file,
            $"{User}:{BCrypt.Net.BCrypt.HashPassword(Password, BCrypt.Net.BCrypt.GenerateSalt(10, 'y'))}\n" +
            $"someone-else:{BCrypt.Net.BCrypt.HashPassword("other", 4)}\n");
        return file;
    }
}
