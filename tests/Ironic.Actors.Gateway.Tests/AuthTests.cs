using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Ironic.Actors.Gateway.Tests.Infrastructure;
using NUnit.Framework;
using NUnit.Framework.Interfaces;

namespace Ironic.Actors.Gateway.Tests;

/// <summary>
/// The real server with <c>Ironic:Gateway:AuthStrategy http_basic</c> (Ironic's standalone <c>auth_strategy</c>):
/// public routes, 401 with Ironic's challenge and error body, 400 for unusable headers, 200 with the right
/// credentials, and the auth user file re-read while the server runs.
/// </summary>
[TestFixture]
public sealed class HttpBasicAuthTests
{
    private const string Challenge = "Basic realm=\"Baremetal API\"";
    private const string User = "operator";
    private const string Password = "correct horse: battery staple";

    private string _folder = null!;
    private string _userFile = null!;
    private ServerProcess _server = null!;
    private HttpClient _http = null!;
    private int _logMark;

    [OneTimeSetUp]
    public async Task StartServerAsync()
    {
        _folder = Path.Combine(Path.GetTempPath(), "ironic-auth-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        _userFile = Path.Combine(_folder, "htpasswd");
        WriteDefaultUserFile();

        _server = new ServerProcess(extraArguments:
        [
            "--Ironic:Gateway:AuthStrategy", "http_basic",
            "--Ironic:Gateway:HttpBasicAuthUserFile", _userFile,
        ])
        {
            Authorization = Basic(User, Password),
        };
        _http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        try
        {
            await _server.StartAsync();
        }
        catch
        {
            await TestContext.Progress.WriteLineAsync($"---- server log ----{Environment.NewLine}{_server.LogTail(200)}");
            throw;
        }
    }

    [OneTimeTearDown]
    public async Task StopServerAsync()
    {
        _http?.Dispose();
        if (_server is not null)
            await _server.DisposeAsync();
        if (Directory.Exists(_folder))
            Directory.Delete(_folder, recursive: true);
    }

    [SetUp]
    public void MarkLog() => _logMark = _server.LogMark;

    [TearDown]
    public void ShowLogOnFailure()
    {
        if (TestContext.CurrentContext.Result.Outcome.Status == TestStatus.Failed)
            TestContext.Out.WriteLine($"---- server log during this test ----{Environment.NewLine}{_server.LogSince(_logMark)}");
    }

    [TestCase("/")]
    [TestCase("/v1")]
    [TestCase("/v1/")]
    public async Task Discovery_stays_public(string path)
    {
        var response = await SendAsync(HttpMethod.Get, path, authorization: null);

        Expect.Status(response, 200);
        Assert.That(response.Header("WWW-Authenticate"), Is.Null);
    }

    [TestCase("GET", "/v1/lookup", null, 400, "At least one of 'addresses' and 'node_uuid' parameters is required")]
    [TestCase("POST", "/v1/heartbeat/1be26c0b-03f2-4d2e-ae87-c02d7f33c123", """{"agent_token": "x"}""", 400,
        "Missing mandatory parameter: callback_url")]
    public async Task Ramdisk_agent_routes_are_not_behind_authentication(string method, string path, string? body, int status, string message)
    {
        // Without credentials the agent's routes give Ironic's own answer (here its argument checks), with no challenge,
        // and exactly what an authenticated client gets: authentication did not touch them.
        var json = body is null ? null : (JsonObject)JsonNode.Parse(body)!;
        var anonymous = await SendAsync(new HttpMethod(method), path, authorization: null, json);
        var authenticated = await SendAsync(new HttpMethod(method), path, Basic(User, Password), json);

        Expect.Error(anonymous, status, message);
        Assert.That(anonymous.Header("WWW-Authenticate"), Is.Null, anonymous.ToString);
        Assert.That((anonymous.StatusCode, anonymous.Body), Is.EqualTo((authenticated.StatusCode, authenticated.Body)), authenticated.ToString);
    }

    [TestCase("GET", "/v1/nodes")]
    [TestCase("GET", "/v1/nodes/detail")]
    [TestCase("GET", "/v1/drivers")]
    [TestCase("GET", "/v1/conductors")]
    [TestCase("POST", "/v1/nodes")]
    [TestCase("DELETE", "/v1/nodes/some-node")]
    [TestCase("GET", "/v1/no-such-resource")]
    public async Task Without_credentials_the_api_answers_401_with_the_challenge_and_ironics_body(string method, string path)
    {
        var response = await SendAsync(new HttpMethod(method), path, authorization: null,
            body: method == "POST" ? new JsonObject { ["driver"] = "fake-hardware" } : null);

        Expect.Error(response, 401, "Authorization required");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.Header("WWW-Authenticate"), Is.EqualTo(Challenge), response.ToString);
            Assert.That(response.Header(IronicClient.VersionHeader), Is.Null, "nothing but the refusal before authentication");
            Expect.RequestId(response);
        }
    }

    [Test]
    public async Task Authentication_comes_before_version_negotiation()
    {
        var response = await SendAsync(HttpMethod.Get, "/v1/nodes", authorization: null, version: "1.999");

        Expect.Error(response, 401, "Authorization required");
    }

    [TestCase(User, "wrong password")]
    [TestCase(User, "")]
    [TestCase("OPERATOR", Password)]
    [TestCase("nobody", Password)]
    [TestCase("viewer", Password)]
    public async Task Wrong_credentials_answer_401_incorrect_username_or_password(string user, string password)
    {
        var response = await SendAsync(HttpMethod.Get, "/v1/nodes", Basic(user, password));

        Expect.Error(response, 401, "Incorrect username or password");
        Assert.That(response.Header("WWW-Authenticate"), Is.EqualTo(Challenge), response.ToString);
    }

    [TestCase("Bearer some-token", "Unsupported authorization type \"Bearer\"")]
    [TestCase("Basic", "Could not parse Authorization header")]
    [TestCase("Basic not*base64", "Could not decode authorization token")]
    [TestCase("Basic bm8tY29sb24=", "Could not decode authorization token")]
    public async Task An_unusable_authorization_header_answers_400(string header, string fault)
    {
        var response = await SendAsync(HttpMethod.Get, "/v1/nodes", AuthenticationHeaderValue.Parse(header));

        Expect.Error(response, 400, fault);
    }

    [Test]
    public async Task The_right_credentials_reach_the_api()
    {
        var auth = Basic(User, Password);
        var name = NodeSteps.UniqueName("auth");

        var created = await SendAsync(HttpMethod.Post, "/v1/nodes", auth, new JsonObject { ["driver"] = "fake-hardware", ["name"] = name });
        Expect.Status(created, 201);
        var fetched = await SendAsync(HttpMethod.Get, $"/v1/nodes/{name}", auth);
        Expect.Status(fetched, 200);
        Assert.That(Expect.Str(fetched.Object, "name"), Is.EqualTo(name));
        Assert.That(fetched.Header(IronicClient.VersionHeader), Is.EqualTo("1.78"));

        var viewer = await SendAsync(HttpMethod.Get, "/v1/nodes", Basic("viewer", "viewer-pw"));
        Expect.Status(viewer, 200);
        Assert.That(viewer.Body, Does.Contain(name));

        Expect.Empty(await SendAsync(HttpMethod.Delete, $"/v1/nodes/{name}", auth), 204);
    }

    [Test]
    public async Task Repeated_requests_with_a_costly_hash_are_all_authenticated()
    {
        // The "timer" user's hash has cost 12. Every request is authenticated (an unknown path: authenticated, then
        // Ironic's 404). That the verified pair is remembered instead of checked again is proven without a clock in
        // AuthUnitTests.Authenticator_remembers_a_success_without_checking_bcrypt_again.
        var auth = Basic("timer", "timer-pw");
        for (var i = 0; i < 5; i++)
        {
            var response = await SendAsync(HttpMethod.Get, "/v1/no-such-resource", auth);
            Expect.Error(response, 404);
            Assert.That(response.Header("WWW-Authenticate"), Is.Null, response.ToString);
        }
        Expect.Error(await SendAsync(HttpMethod.Get, "/v1/no-such-resource", Basic("timer", "timer-PW")), 401, "Incorrect username or password");
    }

    [Test]
    public async Task A_changed_user_file_is_used_at_once()
    {
        const string newPassword = "rotated-password";
        try
        {
            WriteUserFile((User, newPassword, 'y'), ("newcomer", "newcomer-pw", 'y'));

            Expect.Error(await SendAsync(HttpMethod.Get, "/v1/nodes", Basic(User, Password)), 401, "Incorrect username or password");
            Expect.Status(await SendAsync(HttpMethod.Get, "/v1/nodes", Basic(User, newPassword)), 200);
            Expect.Status(await SendAsync(HttpMethod.Get, "/v1/nodes", Basic("newcomer", "newcomer-pw")), 200);
            Expect.Error(await SendAsync(HttpMethod.Get, "/v1/nodes", Basic("viewer", "viewer-pw")), 401, "Incorrect username or password");
        }
        finally
        {
            WriteDefaultUserFile();
        }

        Expect.Status(await SendAsync(HttpMethod.Get, "/v1/nodes", Basic(User, Password)), 200);
        Assert.That(_server.Log, Does.Not.Contain(Password).And.Not.Contain(newPassword), "passwords never reach the log");
    }

    private void WriteDefaultUserFile() =>
        WriteUserFile((User, Password, 'y'), ("viewer", "viewer-pw", 'b'), ("timer", "timer-pw", 'y'));

    /// <summary>Writes the user file with fresh bcrypt hashes (cost 5; the timer's 12) and a new modification time.</summary>
    private void WriteUserFile(params (string User, string Password, char Variant)[] users)
    {
        var lines = users.Select(u =>
            $"{u.User}:{BCrypt.Net.BCrypt.HashPassword(u.Password, BCrypt.Net.BCrypt.GenerateSalt(u.User == "timer" ? 12 : 5, u.Variant))}");
        var temporary = _userFile + ".new";
        File.WriteAllText(temporary, string.Join('\n', lines) + "\n");
        File.Move(temporary, _userFile, overwrite: true);
        // Independent of the file system's timestamp resolution: each write gets a later modification time.
        File.SetLastWriteTimeUtc(_userFile, DateTime.UtcNow.AddSeconds(++_writes));
    }

    private int _writes;

    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    private async Task<IronicResponse> SendAsync(
        HttpMethod method, string path, AuthenticationHeaderValue? authorization, JsonObject? body = null, string version = IronicClient.DefaultVersion)
    {
        using var request = new HttpRequestMessage(method, new Uri(_server.BaseAddress, path));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.TryAddWithoutValidation(IronicClient.VersionHeader, version);
        request.Headers.Authorization = authorization;
        string? sent = null;
        if (body is not null)
        {
            sent = body.ToJsonString();
            request.Content = new StringContent(sent, Encoding.UTF8, "application/json");
        }

        using var response = await _http.SendAsync(request);
        return new IronicResponse(method.Method, path, version, sent, response, await response.Content.ReadAsStringAsync());
    }
}

/// <summary>Without any auth setting the server is Ironic in noauth mode: everything is served, credentials or not.</summary>
[TestFixture]
public sealed class NoAuthDefaultTests : ServerFixture
{
    protected override Smoke? SmokeCheck => null;

    [Test]
    public async Task Noauth_is_the_default_and_ignores_credentials()
    {
        var plain = await Api.GetAsync("/v1/nodes");
        Expect.Status(plain, 200);
        Assert.That(plain.Header("WWW-Authenticate"), Is.Null);

        using var http = new HttpClient();
        foreach (var header in new[] { "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("anyone:anything")), "Bearer token", "garbage" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Server.BaseAddress, "/v1/drivers"));
            request.Headers.TryAddWithoutValidation("Authorization", header);
            using var response = await http.SendAsync(request);
            Assert.That((int)response.StatusCode, Is.EqualTo(200), $"Authorization: {header}");
        }

        Assert.That(Server.Log, Does.Not.Contain("Auth user file"), "noauth never looks for an auth user file");
    }
}

/// <summary>Bad auth settings stop the server at start-up with a message that says what is wrong.</summary>
[TestFixture]
[Parallelizable(ParallelScope.Children)]
public sealed class AuthStartupTests
{
    [Test]
    public async Task An_unknown_strategy_refuses_to_start()
    {
        var log = await StartExpectingRefusalAsync(["--Ironic:Gateway:AuthStrategy", "keystone"]);

        Assert.That(log, Does.Contain("Ironic:Gateway:AuthStrategy 'keystone' is not available"));
    }

    [Test]
    public async Task Http_basic_without_a_user_file_refuses_to_start()
    {
        var missing = Path.Combine(Path.GetTempPath(), "ironic-auth-tests", Guid.NewGuid().ToString("N"), "htpasswd");

        var log = await StartExpectingRefusalAsync(
            ["--Ironic:Gateway:AuthStrategy", "http_basic", "--Ironic:Gateway:HttpBasicAuthUserFile", missing]);

        Assert.That(log, Does.Contain($"'{missing}' cannot be read"));
    }

    [Test]
    public async Task Http_basic_with_a_non_bcrypt_hash_refuses_to_start()
    {
        var folder = Path.Combine(Path.GetTempPath(), "ironic-auth-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, "htpasswd");
        await File.WriteAllTextAsync(file,
            $"good:{BCrypt.Net.BCrypt.HashPassword("pw", 4)}\nlegacy:$apr1$abcdefgh$0123456789abcdefghijkl\n");
        try
        {
            var log = await StartExpectingRefusalAsync(
                ["--Ironic:Gateway:AuthStrategy", "http_basic", "--Ironic:Gateway:HttpBasicAuthUserFile", file]);

            Assert.That(log, Does.Contain("line 2 (user 'legacy')").And.Contain("only bcrypt hashes"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<string> StartExpectingRefusalAsync(string[] arguments)
    {
        await using var server = new ServerProcess(extraArguments: arguments);
        var refusal = Assert.ThrowsAsync<InvalidOperationException>(() => server.StartAsync(TimeSpan.FromSeconds(45)));
        Assert.That(refusal!.Message, Does.Contain("exited with code"), "the process must stop, not hang");
        Assert.That(server.LastExitCode, Is.Not.EqualTo(0));
        return server.Log;
    }
}
