using Ironic.Actors.Cmd;
using NUnit.Framework;

namespace Ironic.Actors.Cmd.Tests;

/// <summary>Table and JSON output of each answer (no processes).</summary>
public class OutputTests
{
    private static string Lines(params string[] lines) => string.Join(Environment.NewLine, lines) + Environment.NewLine;

    [Test]
    public void Members_are_one_aligned_line_each_with_leader_marker_reachability_and_conductor()
    {
        var view = new MembersView("akka.tcp://ironic@10.0.0.1:4053", "akka.tcp://ironic@10.0.0.1:4053",
        [
            new MemberView("akka.tcp://ironic@10.0.0.1:4053", ["conductor", "gateway"], "Up", true, true, true, "conductor-1", ""),
            new MemberView("akka.tcp://ironic@10.0.0.2:4053", ["conductor"], "Up", false, false, false, null, null),
            new MemberView("akka.tcp://ironic@10.0.0.3:4053", ["gateway"], "Leaving", true, false, false, null, null),
            new MemberView("akka.tcp://ironic@10.0.0.44:4053", ["conductor"], "Up", true, false, false, "c4", "rack-b"),
        ]);

        Assert.That(Output.Members(view), Is.EqualTo(Lines(
            "ADDRESS                           ROLES              STATUS   REACHABLE  LEADER  HOSTNAME     GROUP",
            "akka.tcp://ironic@10.0.0.1:4053   conductor,gateway  Up       yes        *       conductor-1  -",
            "akka.tcp://ironic@10.0.0.2:4053   conductor          Up       NO                 -            -",
            "akka.tcp://ironic@10.0.0.3:4053   gateway            Leaving  yes                -            -",
            "akka.tcp://ironic@10.0.0.44:4053  conductor          Up       yes                c4           rack-b")));
    }

    [Test]
    public void Region_stats_right_align_the_counts_and_end_with_a_total()
    {
        var view = new RegionStatsView("nodes",
        [
            new MemberShardsView("akka.tcp://ironic@10.0.0.1:4053", 51, 1200, new Dictionary<string, int> { ["0"] = 12 }, []),
            new MemberShardsView("akka.tcp://ironic@10.0.0.2:4053", 49, 7, new Dictionary<string, int> { ["1"] = 7 }, ["17", "42"]),
        ], 100, 1207);

        Assert.That(Output.RegionStats(view), Is.EqualTo(Lines(
            "MEMBER                           SHARDS  ENTITIES",
            "akka.tcp://ironic@10.0.0.1:4053      51      1200",
            "akka.tcp://ironic@10.0.0.2:4053      49         7",
            "TOTAL                               100      1207",
            "akka.tcp://ironic@10.0.0.2:4053: shards that did not answer in time: 17 42")));
    }

    [Test]
    public void Regions_list_each_member_hosting_one()
    {
        var view = new RegionsView([new RegionView("nodes", "proxy", ["akka.tcp://ironic@10.0.0.1:4053", "akka.tcp://ironic@10.0.0.2:4053"])]);
        Assert.That(Output.Regions(view), Is.EqualTo(Lines(
            "REGION  MEMBER",
            "nodes   akka.tcp://ironic@10.0.0.1:4053",
            "nodes   akka.tcp://ironic@10.0.0.2:4053")));
    }

    [Test]
    public void A_located_node_shows_its_shard_and_member_or_that_the_shard_is_not_allocated()
    {
        Assert.That(Output.Location(new NodeLocation("1be26c0b-03f2-4d2e-ae87-c02d7f33c123", "7", "akka.tcp://ironic@10.0.0.1:4053")), Is.EqualTo(Lines(
            "NODE                                  SHARD  MEMBER",
            "1be26c0b-03f2-4d2e-ae87-c02d7f33c123  7      akka.tcp://ironic@10.0.0.1:4053")));
        Assert.That(Output.Location(new NodeLocation("1be26c0b-03f2-4d2e-ae87-c02d7f33c123", "7", null)), Does.EndWith("7      not allocated" + Environment.NewLine));
    }

    [Test]
    public void Json_is_the_endpoint_answer_indented_and_unchanged()
    {
        var json = Output.Json("""{"node":"n-1","shard":"7","member":null,"note":"it's \"here\""}""");
        Assert.That(json, Is.EqualTo(Lines(
            "{",
            "  \"node\": \"n-1\",",
            "  \"shard\": \"7\",",
            "  \"member\": null,",
            "  \"note\": \"it's \\\"here\\\"\"",
            "}")));
    }

    [Test]
    public void Answers_are_read_from_snake_case_json()
    {
        var answer = new ManagementAnswer(200, """
            {"self":"a","leader":"a","members":[{"address":"a","roles":["conductor"],"status":"Up","reachable":true,"leader":true,
             "self":true,"hostname":"h","conductor_group":"g"}]}
            """);
        var member = ManagementClient.Read<MembersView>(answer).Members!.Single();
        Assert.That((member.Hostname, member.ConductorGroup, member.Leader, member.Reachable), Is.EqualTo(("h", "g", true, true)));

        var stats = ManagementClient.Read<RegionStatsView>(new ManagementAnswer(200,
            """{"region":"nodes","members":[{"member":"a","shard_count":2,"entities":3,"shards":{"1":1,"2":2},"failed_shards":[]}],"total_shards":2,"total_entities":3}"""));
        Assert.That((stats.TotalShards, stats.TotalEntities, stats.Members!.Single().Shards!["2"]), Is.EqualTo((2, 3, 2)));
    }

    [Test]
    public void Error_answers_give_their_message_or_their_status()
    {
        Assert.That(ManagementClient.ErrorOf(new ManagementAnswer(404, """{"error":"x is not a member of this cluster."}""")),
            Is.EqualTo("x is not a member of this cluster."));
        Assert.That(ManagementClient.ErrorOf(new ManagementAnswer(404, "")), Does.Contain("HTTP 404").And.Contain("Ironic API"));
        Assert.That(ManagementClient.ErrorOf(new ManagementAnswer(502, "<html>")), Is.EqualTo("HTTP 502 from the management endpoint."));
    }
}
