using System.Text.RegularExpressions;
using System.Xml.Linq;
using NUnit.Framework;

namespace Ironic.Actors.Gateway.UnitTests;

/// <summary>
/// The house rule (STYLE.md, "Proposed layout"): the Gateway sees only Protocol. Its project references Protocol
/// alone, and no source file of it names <c>Ironic.Actors.Domain</c> (a using, an alias, a qualified name). Values
/// the gateway renders come through Protocol views; decisions run on the actors' side.
/// </summary>
public class GatewaySpeaksProtocolOnlyTests
{
    /// <summary>
    /// Files not yet moved off Domain (issue 14, "the house"): none left. Never grow it: a file that needs something of
    /// Domain gets it through Protocol.
    /// </summary>
    private static readonly HashSet<string> NotYetMoved = [];

    /// <summary><c>Ironic.Actors.Domain</c>, or <c>Domain.X</c> as code inside <c>Ironic.Actors.*</c> may shorten it.</summary>
    private static readonly Regex DomainMention = new(@"\bIronic\.Actors\.Domain\b|(?<![\w.])Domain\.[A-Z]", RegexOptions.Compiled);

    [Test]
    public void The_gateway_project_references_only_Protocol()
    {
        var project = XDocument.Load(Path.Combine(GatewaySource(), "Ironic.Actors.Gateway.csproj"));
        var references = project.Descendants("ProjectReference").Select(r => Path.GetFileName((string)r.Attribute("Include")!)).ToList();
        Assert.That(references, Is.EqualTo(new[] { "Ironic.Actors.Protocol.csproj" }));
    }

    [Test]
    public void No_gateway_source_file_names_Domain()
    {
        var offenders = SourceFiles().Where(f => !NotYetMoved.Contains(f.Relative) && DomainMention.IsMatch(File.ReadAllText(f.Full)))
            .Select(f => f.Relative).ToList();
        Assert.That(offenders, Is.Empty, "these Gateway files name Ironic.Actors.Domain: expose what they need through Protocol");
    }

    [Test]
    public void The_list_of_files_not_yet_moved_holds_only_files_that_still_name_Domain()
    {
        var files = SourceFiles().ToDictionary(f => f.Relative, f => f.Full);
        var stale = NotYetMoved.Where(f => !files.TryGetValue(f, out var full) || !DomainMention.IsMatch(File.ReadAllText(full))).ToList();
        Assert.That(stale, Is.Empty, "moved (or gone): take them off NotYetMoved");
    }

    private static IEnumerable<(string Relative, string Full)> SourceFiles()
    {
        var root = GatewaySource();
        return Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Select(full => (Relative: Path.GetRelativePath(root, full).Replace('\\', '/'), Full: full))
            .Where(f => !f.Relative.StartsWith("bin/", StringComparison.Ordinal) && !f.Relative.StartsWith("obj/", StringComparison.Ordinal));
    }

    /// <summary>src/Ironic.Actors.Gateway, found from the test's directory upwards.</summary>
    private static string GatewaySource()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "Ironic.Actors.Gateway");
            if (File.Exists(Path.Combine(candidate, "Ironic.Actors.Gateway.csproj")))
                return candidate;
        }
        Assert.Fail("src/Ironic.Actors.Gateway not found above " + TestContext.CurrentContext.TestDirectory);
        return null!;
    }
}
