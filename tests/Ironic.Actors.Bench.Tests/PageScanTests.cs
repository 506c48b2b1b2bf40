using System.Text;
using System.Text.Json;
using Ironic.Actors.Bench.Scale;
using NUnit.Framework;

namespace Ironic.Actors.Bench.Tests;

/// <summary>The benchmark's reading of list pages (<see cref="PageScan"/>): the top-level count and link only.</summary>
public sealed class PageScanTests
{
    [Test]
    public void A_page_gives_its_node_count_and_next_link_and_nothing_nested_is_taken_for_them()
    {
        var page = """
            {"nodes": [{"uuid": "a", "extra": {"nodes": [1, 2, 3], "next": "inner"}, "links": [{"href": "x"}]},
                       {"uuid": "b", "properties": {}}, {"uuid": "c"}],
             "next": "http://127.0.0.1:6385/v1/nodes?limit=3&marker=c"}
            """;
        Assert.That(PageScan.Read(Encoding.UTF8.GetBytes(page)), Is.EqualTo((3, "http://127.0.0.1:6385/v1/nodes?limit=3&marker=c")));
    }

    [TestCase("""{"nodes": []}""", 0)]
    [TestCase("""{"next": null, "nodes": [{}]}""", 1)]
    [TestCase("""{"error_message": "{\"faultstring\": \"x\"}"}""", 0)]
    public void A_last_page_has_no_next_link(string page, int count) =>
        Assert.That(PageScan.Read(Encoding.UTF8.GetBytes(page)), Is.EqualTo((count, (string?)null)));

    [Test]
    public void What_is_not_a_json_object_is_refused() =>
        Assert.That(() => PageScan.Read(Encoding.UTF8.GetBytes("[1, 2]")), Throws.InstanceOf<JsonException>());
}
