using Ironic.Actors.Gateway.Api;
using Ironic.Actors.Gateway.Versioning;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using NUnit.Framework;

namespace Ironic.Actors.Gateway.UnitTests;

public class NodeListQueryTests
{
    private static readonly ApiVersion V178 = new(1, 78);

    private static (NodeListRequest? Request, ApiError? Error) Parse(string query, ApiVersion? version = null, bool detail = false) =>
        NodeListQuery.Parse(new QueryCollection(QueryHelpers.ParseQuery(query)), version ?? V178, 1000, detail);

    private static string Next(NodeListRequest request, bool detail = false) =>
        NodeListQuery.NextLink(TestViews.BaseUrl, detail ? "nodes/detail" : "nodes", request.NextParameters,
            request.Query.Limit, "a0466efb-479f-4d67-ae82-14f3f2759429");

    [Test]
    public void Defaults_list_the_default_fields_sorted_by_id_up_to_the_max_limit()
    {
        var (request, error) = Parse("");
        Assert.That(error, Is.Null);
        Assert.That(request!.Query.SortKey, Is.EqualTo("id"));
        Assert.That(request.Query.SortDir, Is.EqualTo("asc"));
        Assert.That(request.Query.Limit, Is.EqualTo(1000));
        Assert.That(request.Fields, Is.EqualTo(new[] { "uuid", "name", "instance_uuid", "power_state", "provision_state", "maintenance" }));
    }

    [Test]
    public void The_next_link_of_a_detailed_list_is_the_real_servers()
    {
        var (request, _) = Parse("?detail=True&limit=2");
        Assert.That(request!.Fields, Is.Null);
        Assert.That(Next(request), Is.EqualTo(
            "http://127.0.0.1:6385/v1/nodes?sort_key=id&sort_dir=asc&detail=True&limit=2&marker=a0466efb-479f-4d67-ae82-14f3f2759429"));
    }

    [Test]
    public void The_next_link_of_a_plain_list_names_the_default_fields_as_the_real_server_does()
    {
        // Ironic 21.4 puts its _DEFAULT_RETURN_FIELDS into the link (compared with the reference server).
        var (request, _) = Parse("?limit=2&sort_key=name");
        Assert.That(Next(request!), Is.EqualTo(
            "http://127.0.0.1:6385/v1/nodes?sort_key=name&sort_dir=asc&fields=instance_uuid,maintenance,power_state,provision_state,uuid,name" +
            "&limit=2&marker=a0466efb-479f-4d67-ae82-14f3f2759429"));
    }

    [Test]
    public void The_next_link_with_fields_is_the_real_servers()
    {
        var (request, _) = Parse("?limit=2&fields=uuid,name,provision_state");
        Assert.That(request!.Fields, Is.EqualTo(new[] { "uuid", "name", "provision_state" }));
        Assert.That(Next(request), Is.EqualTo(
            "http://127.0.0.1:6385/v1/nodes?sort_key=id&sort_dir=asc&fields=uuid,name,provision_state&limit=2&marker=a0466efb-479f-4d67-ae82-14f3f2759429"));
    }

    [Test]
    public void The_next_link_carries_every_filter()
    {
        var (request, _) = Parse("?provision_state=clean%20wait&maintenance=false&driver=ipmi&owner=a%26b&limit=5&sort_dir=desc", detail: true);
        Assert.That(request!.Query.ProvisionState, Is.EqualTo("clean wait"));
        Assert.That(request.Query.Maintenance, Is.False);
        Assert.That(Next(request, detail: true), Is.EqualTo(
            "http://127.0.0.1:6385/v1/nodes/detail?sort_key=id&sort_dir=desc&maintenance=False&provision_state=clean%20wait&driver=ipmi&owner=a%26b&limit=5&marker=a0466efb-479f-4d67-ae82-14f3f2759429"));
    }

    [Test]
    public void A_lookup_by_instance_uuid_has_no_next_page() =>
        Assert.That(Parse("?instance_uuid=235A04B7-48CD-434E-B03E-F731E64998F7").Request!.HasNext, Is.False);

    [Test]
    public void Limits_are_clamped_and_must_be_positive()
    {
        Assert.That(Parse("?limit=5000").Request!.Query.Limit, Is.EqualTo(1000));
        Assert.That(Parse("?limit=0").Error!.Status, Is.EqualTo(400));
        Assert.That(Parse("?limit=-1").Error!.Message, Is.EqualTo("Limit must be positive"));
        Assert.That(Parse("?limit=abc").Error!.Status, Is.EqualTo(400));
    }

    [TestCase("?sort_key=properties", 400)]
    [TestCase("?sort_key=driver_info", 400)]
    [TestCase("?sort_key=bogus", 400)]
    [TestCase("?sort_key=conductor", 400)]
    [TestCase("?sort_dir=up", 400)]
    [TestCase("?provision_state=bogus", 400)]
    [TestCase("?fault=bogus", 400)]
    [TestCase("?maintenance=maybe", 400)]
    [TestCase("?marker=not-a-uuid", 400)]
    [TestCase("?instance_uuid=nope", 400)]
    [TestCase("?fields=uuid,bogus", 400)]
    [TestCase("?fields=uuid&detail=true", 400)]
    [TestCase("?shard=a", 406)]
    public void Bad_parameters_are_refused(string query, int status) =>
        Assert.That(Parse(query).Error?.Status, Is.EqualTo(status));

    [TestCase("?shard=a")]
    [TestCase("?sharded=true")]
    [TestCase("?sharded=maybe")]
    public void Shard_filters_below_1_82_name_the_version_needed_as_Ironic_does(string query) =>
        Assert.That(Parse(query).Error, Is.EqualTo(new ApiError(406, "Request not acceptable. The minimal required API version should be 1.82")));

    [Test]
    public void Other_filters_newer_than_the_request_are_plainly_not_acceptable() =>
        Assert.That(NodeListQuery.Parse(new QueryCollection(QueryHelpers.ParseQuery("?lessee=p1")), new ApiVersion(1, 64), 1000, false).Error,
            Is.EqualTo(new ApiError(406, "Request not acceptable.")));

    [TestCase("?fields=uuid", 7)]
    [TestCase("?provision_state=enroll", 8)]
    [TestCase("?driver=ipmi", 15)]
    [TestCase("?resource_class=x", 20)]
    [TestCase("?fault=power%20failure", 41)]
    [TestCase("?detail=true", 42)]
    [TestCase("?conductor_group=x", 45)]
    [TestCase("?conductor=x", 48)]
    [TestCase("?owner=x", 49)]
    [TestCase("?description_contains=x", 50)]
    [TestCase("?retired=true", 60)]
    [TestCase("?lessee=x", 64)]
    [TestCase("?project=x", 64)]
    [TestCase("?sort_key=owner", 49)]
    [TestCase("?fields=uuid,owner", 49)]
    public void Parameters_newer_than_the_version_are_not_acceptable(string query, int minor)
    {
        Assert.That(Parse(query, new ApiVersion(1, minor)).Error?.Status, Is.EqualTo(406));
        Assert.That(Parse(query, new ApiVersion(1, minor + 1)).Error, Is.Null);
    }

    [Test]
    public void Conductor_group_is_case_insensitive() =>
        Assert.That(Parse("?conductor_group=GroupA").Request!.Query.ConductorGroup, Is.EqualTo("groupa"));

    [Test]
    public void Marker_is_a_uuid() =>
        Assert.That(Parse("?marker=A0466EFB-479F-4D67-AE82-14F3F2759429").Request!.Query.Marker,
            Is.EqualTo(Guid.Parse("a0466efb-479f-4d67-ae82-14f3f2759429")));

    [Test]
    public void Conductor_project_and_shard_filters_go_to_the_read_model()
    {
        var v182 = new ApiVersion(1, 82);
        Assert.That(Parse("?project=l").Request!.Query.Project, Is.EqualTo("l"));
        Assert.That(Parse("?conductor=127.0.0.1").Request!.Query.Conductor, Is.EqualTo("127.0.0.1"));
        var sharded = NodeListQuery.Parse(new QueryCollection(QueryHelpers.ParseQuery("?shard=s0,s1&sharded=false")), v182, 1000, false).Request!.Query;
        Assert.That(sharded.Shards, Is.EqualTo(new[] { "s0", "s1" }));
        Assert.That(sharded.Sharded, Is.False);
    }
}
