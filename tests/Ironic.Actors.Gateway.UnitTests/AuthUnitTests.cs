using System.Text;
using Ironic.Actors.Gateway.Auth;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NUnit.Framework;

namespace Ironic.Actors.Gateway.UnitTests;

/// <summary>htpasswd parsing, bcrypt verification, the credential cache, header parsing, public routes and the start-up checks.</summary>
[Parallelizable(ParallelScope.All)]
public class AuthUnitTests
{
    // bcrypt cost 4 keeps these tests fast; the server accepts any cost 04-31.
    private static readonly string AliceHash = BCrypt.Net.BCrypt.HashPassword("alice-pw", BCrypt.Net.BCrypt.GenerateSalt(4, 'y'));
    private static readonly string BobHash = BCrypt.Net.BCrypt.HashPassword("bob-pw", BCrypt.Net.BCrypt.GenerateSalt(4, 'b'));
    private static readonly string CarolHash = BCrypt.Net.BCrypt.HashPassword("carol-pw", BCrypt.Net.BCrypt.GenerateSalt(4, 'a'));

    /// <summary>A $2y$ hash of "myPassword" made by another bcrypt implementation (interoperability check).</summary>
    private const string ForeignHash = "$2y$05$lE3eGtyj41jZwrzS87KTqe6.JETVCWBkc32C63UP2aYrGoYOEpbJm";

    [Test]
    public void Parse_reads_the_three_bcrypt_variants_and_ignores_blank_lines_and_lines_without_a_colon()
    {
        var text = $"\n  alice:{AliceHash}  \r\nno colon here\r\n\r\nbob:{BobHash}\ncarol:{CarolHash}\n\n";
        var file = HtpasswdFile.Parse(text, "users");

        Assert.That(file.Problems, Is.Empty);
        Assert.That(file.UsableUsers, Is.EqualTo(3));
        Assert.That(file.TryGetHash("alice", out var alice), Is.True);
        Assert.That(alice, Is.EqualTo(AliceHash));
        Assert.That(file.TryGetHash("bob", out _) && file.TryGetHash("carol", out _), Is.True);
        Assert.That(file.TryGetHash("ALICE", out _), Is.False, "user names are case-sensitive");
        Assert.That(file.TryGetHash("no colon here", out _), Is.False);
        Assert.That(file.FirstCost, Is.EqualTo(4));
    }

    [Test]
    public void Parse_the_first_line_of_a_user_decides()
    {
        var file = HtpasswdFile.Parse($"alice:{AliceHash}\nalice:{BobHash}\n", "users");
        Assert.That(file.TryGetHash("alice", out var hash), Is.True);
        Assert.That(hash, Is.EqualTo(AliceHash));

        var badFirst = HtpasswdFile.Parse($"alice:plain\nalice:{AliceHash}\n", "users");
        Assert.That(badFirst.TryGetHash("alice", out _), Is.False);
        Assert.That(badFirst.Problems.Single().Line, Is.EqualTo(1));
    }

    [TestCase("$apr1$abcdefgh$0123456789abcdefghijkl", "Apache MD5")]
    [TestCase("{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=", "SHA-1")]
    [TestCase("$1$saltsalt$0123456789abcdefghijkl", "MD5-crypt")]
    [TestCase("$6$saltsalt$0123456789abcdefghijkl", "SHA-512-crypt")]
    [TestCase("$2x$05$lE3eGtyj41jZwrzS87KTqe6.JETVCWBkc32C63UP2aYrGoYOEpbJm", "$2x$")]
    [TestCase("abJnggxhB/yWI", "plain-text")]
    [TestCase("secret", "plain-text")]
    [TestCase("$2y$05$tooshort", "malformed")]
    [TestCase("$2y$03$lE3eGtyj41jZwrzS87KTqe6.JETVCWBkc32C63UP2aYrGoYOEpbJm", "malformed")]
    [TestCase("$2y$05$lE3eGtyj41jZwrzS87KTqe6.JETVCWBkc32C63UP2aYrGoYOEpbJ!", "malformed")]
    public void Parse_lists_a_line_without_a_usable_bcrypt_hash_and_that_user_cannot_log_in(string hash, string described)
    {
        var file = HtpasswdFile.Parse($"alice:{AliceHash}\nbob:{hash}\n", "/etc/ironic/htpasswd");

        var problem = file.Problems.Single();
        Assert.That(problem.Line, Is.EqualTo(2));
        Assert.That(problem.User, Is.EqualTo("bob"));
        Assert.That(problem.Reason, Does.Contain(described));
        Assert.That(file.TryGetHash("bob", out _), Is.False);
        Assert.That(file.TryGetHash("alice", out _), Is.True, "the other users are not affected");
        Assert.That(file.DescribeProblems(), Does.Contain("/etc/ironic/htpasswd line 2 (user 'bob')"));
        Assert.That(file.DescribeProblems(), Does.Not.Contain(hash), "a message never repeats a hash");
    }

    [Test]
    public void Parse_an_empty_user_name_is_a_problem()
    {
        var file = HtpasswdFile.Parse($":{AliceHash}\n", "users");
        Assert.That(file.Problems.Single().Reason, Does.Contain("empty"));
        Assert.That(file.UsableUsers, Is.Zero);
    }

    [Test]
    public void Bcrypt_matches_generated_and_foreign_hashes_of_every_variant()
    {
        Assert.That(BasicAuthenticator.Matches("alice-pw", AliceHash), Is.True);
        Assert.That(BasicAuthenticator.Matches("bob-pw", BobHash), Is.True);
        Assert.That(BasicAuthenticator.Matches("carol-pw", CarolHash), Is.True);
        Assert.That(BasicAuthenticator.Matches("myPassword", ForeignHash), Is.True);
        Assert.That(HtpasswdFile.HashProblem(ForeignHash), Is.Null);

        Assert.That(BasicAuthenticator.Matches("alice-pW", AliceHash), Is.False);
        Assert.That(BasicAuthenticator.Matches("", AliceHash), Is.False);
        Assert.That(BasicAuthenticator.Matches("myPassword", "$2y$05$broken"), Is.False, "an unparsable hash is no match, not an exception");
    }

    [Test]
    public void Authenticator_accepts_the_right_password_and_refuses_wrong_ones_unknown_users_and_unusable_lines()
    {
        using var dir = new TempDir();
        var path = dir.Write("htpasswd", $"alice:{AliceHash}\nmyName:{ForeignHash}\nmd5:$apr1$abcdefgh$0123456789abcdefghijkl\n");
        var auth = new BasicAuthenticator(new HtpasswdUserStore(path), new VerifiedCredentialCache(TimeSpan.FromMinutes(1)));

        Assert.That(auth.Check("alice", "alice-pw"), Is.EqualTo(AuthOutcome.Authenticated));
        Assert.That(auth.Check("myName", "myPassword"), Is.EqualTo(AuthOutcome.Authenticated));
        Assert.That(auth.Check("alice", "wrong"), Is.EqualTo(AuthOutcome.Refused));
        Assert.That(auth.Check("Alice", "alice-pw"), Is.EqualTo(AuthOutcome.Refused));
        Assert.That(auth.Check("nobody", "alice-pw"), Is.EqualTo(AuthOutcome.Refused));
        Assert.That(auth.Check("md5", "anything"), Is.EqualTo(AuthOutcome.Refused));
    }

    [Test]
    public void Authenticator_remembers_a_success_without_checking_bcrypt_again()
    {
        using var dir = new TempDir();
        var hash = BCrypt.Net.BCrypt.HashPassword("slow-pw", 4);
        var path = dir.Write("htpasswd", $"slow:{hash}\n");
        var cache = new VerifiedCredentialCache(TimeSpan.FromMinutes(1));
        var auth = new BasicAuthenticator(new HtpasswdUserStore(path), cache);

        Assert.That(auth.Check("slow", "slow-pw"), Is.EqualTo(AuthOutcome.Authenticated));
        Assert.That(cache.Count, Is.EqualTo(1));
        Assert.That(cache.IsVerified("slow", "slow-pw", hash), Is.True, "a bcrypt success is remembered for this hash");
        Assert.That(auth.Check("slow", "slow-pW"), Is.EqualTo(AuthOutcome.Refused), "the cache never accepts another password");

        // Proof that a remembered pair skips bcrypt, with no clock involved: a pair remembered against the file's hash
        // is accepted although bcrypt would refuse it (the hash is of another password), and only through this cache.
        var otherHash = BCrypt.Net.BCrypt.HashPassword("other-pw", 4);
        var otherPath = dir.Write("htpasswd-other", $"slow:{otherHash}\n");
        var primed = new VerifiedCredentialCache(TimeSpan.FromMinutes(1));
        primed.Remember("slow", "slow-pw", otherHash);
        Assert.That(new BasicAuthenticator(new HtpasswdUserStore(otherPath), primed).Check("slow", "slow-pw"),
            Is.EqualTo(AuthOutcome.Authenticated), "answered from the cache, without bcrypt");
        Assert.That(new BasicAuthenticator(new HtpasswdUserStore(otherPath), new VerifiedCredentialCache(TimeSpan.FromMinutes(1)))
            .Check("slow", "slow-pw"), Is.EqualTo(AuthOutcome.Refused), "bcrypt itself refuses that pair");
    }

    [Test]
    public void Authenticator_follows_changes_of_the_file_at_once_even_for_cached_users()
    {
        using var dir = new TempDir();
        var path = dir.Write("htpasswd", $"alice:{AliceHash}\n");
        var store = new HtpasswdUserStore(path);
        var auth = new BasicAuthenticator(store, new VerifiedCredentialCache(TimeSpan.FromMinutes(1)));
        Assert.That(auth.Check("alice", "alice-pw"), Is.EqualTo(AuthOutcome.Authenticated));

        // New password for alice, bob added; the modification time is moved explicitly so the test does not
        // depend on the file system's timestamp resolution.
        var newAlice = BCrypt.Net.BCrypt.HashPassword("alice-new", 4);
        File.WriteAllText(path, $"alice:{newAlice}\nbob:{BobHash}\n");
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(1));
        Assert.That(auth.Check("alice", "alice-pw"), Is.EqualTo(AuthOutcome.Refused), "the cached old password no longer works");
        Assert.That(auth.Check("alice", "alice-new"), Is.EqualTo(AuthOutcome.Authenticated));
        Assert.That(auth.Check("bob", "bob-pw"), Is.EqualTo(AuthOutcome.Authenticated));

        File.Delete(path);
        Assert.That(auth.Check("alice", "alice-new"), Is.EqualTo(AuthOutcome.UserFileUnavailable));
        Assert.That(store.Current.Error, Is.Not.Null);

        File.WriteAllText(path, $"alice:{AliceHash}\n");
        Assert.That(auth.Check("alice", "alice-pw"), Is.EqualTo(AuthOutcome.Authenticated), "a file that is back is read again");
        Assert.That(auth.Check("bob", "bob-pw"), Is.EqualTo(AuthOutcome.Refused), "bob was removed");
    }

    [Test]
    public void Store_reads_the_file_only_when_its_timestamp_or_size_changes()
    {
        using var dir = new TempDir();
        var path = dir.Write("htpasswd", $"alice:{AliceHash}\n");
        var store = new HtpasswdUserStore(path);
        var first = store.Current;
        Assert.That(store.Current, Is.SameAs(first));
        Assert.That(store.Current, Is.SameAs(first));

        File.AppendAllText(path, $"bob:{BobHash}\n");
        var second = store.Current;
        Assert.That(second, Is.Not.SameAs(first));
        Assert.That(second.File!.UsableUsers, Is.EqualTo(2));
        Assert.That(store.Current, Is.SameAs(second));
    }

    [Test]
    public void Cache_keeps_successes_for_its_lifetime_only_and_per_user_password_and_hash()
    {
        var clock = new ManualClock();
        var cache = new VerifiedCredentialCache(TimeSpan.FromSeconds(60), clock);
        cache.Remember("alice", "pw", AliceHash);

        Assert.That(cache.IsVerified("alice", "pw", AliceHash), Is.True);
        Assert.That(cache.IsVerified("alice", "pw2", AliceHash), Is.False);
        Assert.That(cache.IsVerified("alicepw", "", AliceHash), Is.False);
        Assert.That(cache.IsVerified("alice", "pw", BobHash), Is.False, "another stored hash (the password was changed)");

        clock.Advance(TimeSpan.FromSeconds(59));
        Assert.That(cache.IsVerified("alice", "pw", AliceHash), Is.True);
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.That(cache.IsVerified("alice", "pw", AliceHash), Is.False);
        Assert.That(cache.Count, Is.Zero, "an expired entry is dropped when seen");
    }

    [Test]
    public void Cache_is_bounded_and_can_be_turned_off()
    {
        var clock = new ManualClock();
        var cache = new VerifiedCredentialCache(TimeSpan.FromSeconds(60), clock, capacity: 10);
        for (var i = 0; i < 25; i++)
            cache.Remember("user" + i, "pw", AliceHash);
        Assert.That(cache.Count, Is.LessThanOrEqualTo(10));

        var off = new VerifiedCredentialCache(TimeSpan.Zero, clock);
        off.Remember("alice", "pw", AliceHash);
        Assert.That(off.IsVerified("alice", "pw", AliceHash), Is.False);
        Assert.That(off.Count, Is.Zero);
    }

    [Test]
    public void Header_parsing_follows_ironic()
    {
        Assert.That(BasicCredentials.Parse([]).IsMissing, Is.True);
        Assert.That(BasicCredentials.Parse([""]).IsMissing, Is.True);

        var ok = BasicCredentials.Parse(["Basic " + B64("alice:pa:ss word")]);
        Assert.That(ok.Credentials, Is.EqualTo(new BasicCredentials("alice", "pa:ss word")), "the password may hold colons and spaces");
        Assert.That(BasicCredentials.Parse(["  basic   " + B64("a:b") + "  "]).Credentials, Is.EqualTo(new BasicCredentials("a", "b")));
        Assert.That(BasicCredentials.Parse(["Basic " + B64("ünï:pässword")]).Credentials, Is.EqualTo(new BasicCredentials("ünï", "pässword")));
        Assert.That(BasicCredentials.Parse(["Basic " + B64(":")]).Credentials, Is.EqualTo(new BasicCredentials("", "")));

        Assert.That(BasicCredentials.Parse(["Basic"]).Error, Is.EqualTo("Could not parse Authorization header"));
        Assert.That(BasicCredentials.Parse(["Bearer abc"]).Error, Is.EqualTo("Unsupported authorization type \"Bearer\""));
        Assert.That(BasicCredentials.Parse(["Basic !!!"]).Error, Is.EqualTo("Could not decode authorization token"));
        Assert.That(BasicCredentials.Parse(["Basic " + B64("no-colon")]).Error, Is.EqualTo("Could not decode authorization token"));
        Assert.That(BasicCredentials.Parse(["Basic " + Convert.ToBase64String([0x61, 0x3a, 0xff, 0xfe])]).Error,
            Is.EqualTo("Could not decode authorization token"));
        Assert.That(BasicCredentials.Parse(["Basic " + B64("a:b"), "Basic " + B64("c:d")]).Error,
            Is.EqualTo("Could not parse Authorization header"));
    }

    [Test]
    public void Credentials_never_show_the_password()
    {
        var credentials = new BasicCredentials("alice", "s3cret-value");
        Assert.That(credentials.ToString(), Does.Contain("alice").And.Not.Contain("s3cret-value"));
    }

    [TestCase("/", true)]
    [TestCase("", true)]
    [TestCase("/.json", true)]
    [TestCase("/v1", true)]
    [TestCase("/v1/", true)]
    [TestCase("/v1.json", true)]
    [TestCase("/v1/lookup", true)]
    [TestCase("/v1/lookup/", true)]
    [TestCase("/v1/heartbeat/1be26c0b-03f2-4d2e-ae87-c02d7f33c123", true)]
    [TestCase("/v1/heartbeat/node-1", true)]
    [TestCase("/v1/heartbeat/", false)]
    [TestCase("/v1/heartbeat/Node_1", false)]
    [TestCase("/v1/heartbeat/a/b", false)]
    [TestCase("/v1/nodes", false)]
    [TestCase("/v1/lookupx", false)]
    [TestCase("/v1/drivers", false)]
    [TestCase("/v1x", false)]
    [TestCase("/v2", false)]
    [TestCase("/nodes", false)]
    public void Public_routes_are_ironics(string path, bool isPublic) =>
        Assert.That(PublicRoutes.IsPublic(path), Is.EqualTo(isPublic));

    [Test]
    public void Startup_check_accepts_noauth_and_a_good_file_and_refuses_the_rest()
    {
        using var dir = new TempDir();
        var good = dir.Write("good", $"alice:{AliceHash}\n");
        var md5 = dir.Write("md5", $"alice:{AliceHash}\nbob:$apr1$abcdefgh$0123456789abcdefghijkl\n");

        Assert.That(Validate(), Is.Null, "noauth is the default");
        Assert.That(Validate(("AuthStrategy", "noauth")), Is.Null);
        Assert.That(Validate(("AuthStrategy", "http_basic"), ("HttpBasicAuthUserFile", good)), Is.Null);

        Assert.That(Validate(("AuthStrategy", "keystone")), Does.Contain("'keystone' is not available"));
        Assert.That(Validate(("AuthStrategy", "HTTP_BASIC")), Does.Contain("'HTTP_BASIC' is not supported"));
        Assert.That(Validate(("AuthStrategy", "http_basic"), ("HttpBasicAuthUserFile", Path.Combine(dir.Path, "missing"))),
            Does.Contain("cannot be read").And.Contain("missing"));
        Assert.That(Validate(("AuthStrategy", "http_basic"), ("HttpBasicAuthUserFile", dir.Path)), Does.Contain("cannot be read"),
            "a directory is not a file");
        Assert.That(Validate(("AuthStrategy", "http_basic"), ("HttpBasicAuthUserFile", md5)),
            Does.Contain("line 2 (user 'bob')").And.Contain("Apache MD5"));
    }

    [Test]
    public void Default_file_is_ironics()
    {
        var options = new GatewayOptions();
        Assert.That(options.AuthStrategy, Is.EqualTo("noauth"));
        Assert.That(options.HttpBasicAuthUserFile, Is.EqualTo("/etc/ironic/htpasswd"));
    }

    /// <summary>Null when the gateway's options pass their checks, else the message.</summary>
    private static string? Validate(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>($"Ironic:Gateway:{s.Key}", s.Value)))
            .Build();
        using var services = new ServiceCollection().AddLogging().AddIronicGatewayServices(configuration).BuildServiceProvider();
        try
        {
            _ = services.GetRequiredService<IOptions<GatewayOptions>>().Value;
            return null;
        }
        catch (OptionsValidationException e)
        {
            return e.Message;
        }
    }

    private static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private sealed class ManualClock : TimeProvider
    {
        private long _ticks = 1_000_000;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Read(ref _ticks);

        public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
    }

    private sealed class TempDir : IDisposable
    {
        public TempDir() => Directory.CreateDirectory(Path);

        public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "ironic-auth-tests", Guid.NewGuid().ToString("N"));

        public string Write(string name, string text)
        {
            var file = System.IO.Path.Combine(Path, name);
            File.WriteAllText(file, text);
            return file;
        }

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
