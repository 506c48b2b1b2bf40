using System.Text.Json.Nodes;
using Ironic.Actors.Gateway.Tests.Infrastructure;
using NUnit.Framework;

namespace Ironic.Actors.Gateway.Tests;

/// <summary>
/// A node's <c>retired</c> (1.61) as Ironic 21.4 keeps it: false for a new node (also when created with null), null once
/// a patch removes it (<c>baremetal node unset --retired</c>) or sets it to null, and a null-retired node is listed by
/// neither <c>?retired=true</c> nor <c>?retired=false</c>. Reference/retired-ironic-21.4.txt holds Ironic's exchanges
/// (recorded with tools/reference-ironic/capture-retired.sh); they are replayed here in order against a fresh server.
/// </summary>
[TestFixture]
public sealed class RetiredReferenceTests : ServerFixture
{
    private static readonly IReadOnlyList<ReferenceExchange> Reference = ReferenceCapture.Load("retired-ironic-21.4.txt");

    [Test]
    public async Task Replaying_Ironics_session_gives_its_retired_values_statuses_and_lists()
    {
        Assert.That(Reference, Has.Count.GreaterThan(10), "the capture file was read");
        foreach (var exchange in Reference)
        {
            var response = await Api.SendAsync(new HttpMethod(exchange.Method), exchange.Path, exchange.RequestBody, exchange.Version);
            Assert.That(response.StatusCode, Is.EqualTo(exchange.Status), () => $"{exchange}{Environment.NewLine}{response}");
            Assert.That(RetiredView(response.Body), Is.EqualTo(RetiredView(exchange.Body)), () => $"{exchange}{Environment.NewLine}{response}");
        }
    }

    /// <summary>
    /// What an answer says about retirement: an error's message; a node's name, retired and retired_reason (those it
    /// has); a list's names and retired values, of the nodes this session made (named retired-*).
    /// </summary>
    private static string RetiredView(string body)
    {
        if (IronicError.TryParse(body) is { } error)
            return "error: " + error.Message;
        static JsonObject Node(JsonObject node) =>
            new(new[] { "name", "retired", "retired_reason" }.Where(node.ContainsKey)
                .Select(k => KeyValuePair.Create(k, node[k]?.DeepClone())));
        return JsonNode.Parse(body) switch
        {
            JsonObject { } list when list["nodes"] is JsonArray nodes => new JsonArray([
                .. nodes.OfType<JsonObject>()
                    .Where(n => ((string?)n["name"])?.StartsWith("retired-", StringComparison.Ordinal) == true)
                    .Select(n => (JsonNode?)Node(n)),
            ]).ToJsonString(),
            JsonObject { } node => Node(node).ToJsonString(),
            var other => other?.ToJsonString() ?? "",
        };
    }
}
