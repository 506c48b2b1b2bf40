using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Ports;
using Ironic.Actors.Gateway.Api;
using Ironic.Actors.Gateway.Rendering;
using Ironic.Actors.Gateway.Versioning;
using Ironic.Actors.Protocol.Views;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using NUnit.Framework;

namespace Ironic.Actors.Gateway.UnitTests;

/// <summary>List parameters of ports, portgroups and chassis, and how ports render at each version.</summary>
public class CollectionQueryTests
{
    private static readonly ApiVersion V178 = new(1, 78);

    private static IQueryCollection Query(string query) => new QueryCollection(QueryHelpers.ParseQuery(query));

    private static (CollectionRequest? Request, ApiError? Error) Parse(string query, CollectionSpec? spec = null, ApiVersion? version = null, bool detail = false) =>
        CollectionQuery.Parse(Query(query), version ?? V178, 1000, detail, spec ?? CollectionSpec.Ports);

    [Test]
    public void Defaults_are_the_default_fields_by_id_up_to_the_max_limit()
    {
        var (request, error) = Parse("");
        Assert.That(error, Is.Null);
        Assert.That((request!.SortKey, request.SortDir, request.Limit, request.Marker), Is.EqualTo(("id", "asc", 1000, (Guid?)null)));
        Assert.That(request.Fields, Is.EqualTo(new[] { "uuid", "address" }));
        Assert.That(Parse("", CollectionSpec.Portgroups).Request!.Fields, Is.EqualTo(new[] { "uuid", "address", "name" }));
        Assert.That(Parse("", CollectionSpec.Chassis).Request!.Fields, Is.EqualTo(new[] { "uuid", "description" }));
        Assert.That(Parse("", detail: true).Request!.Fields, Is.Null);
        Assert.That(Parse("?detail=yes").Request!.Fields, Is.Null);
        Assert.That(Parse("?limit=5000").Request!.Limit, Is.EqualTo(1000), "clamped to the maximum");
    }

    [Test]
    public void Fields_are_lower_cased_and_deduplicated_like_args_string_list() =>
        Assert.That(Parse("?fields=Address,%20uuid,address,,").Request!.Fields, Is.EqualTo(new[] { "address", "uuid" }));

    [Test]
    public void The_next_link_repeats_sorting_filters_detail_and_fields_as_Ironic_orders_them()
    {
        var (request, _) = Parse("?limit=2&detail=False&sort_dir=desc");
        var marker = Guid.Parse("4d5859e5-fa0d-4a66-8d8b-686ed39a3c5c");
        Assert.That(CollectionQuery.NextLink(TestViews.BaseUrl, "ports", [new("node", "n1")], request!, 2, marker), Is.EqualTo(
            "http://127.0.0.1:6385/v1/ports?sort_key=id&sort_dir=desc&node=n1&detail=False&fields=uuid,address&limit=2&marker=4d5859e5-fa0d-4a66-8d8b-686ed39a3c5c"));
        Assert.That(CollectionQuery.NextLink(TestViews.BaseUrl, "ports", [], request!, 1, marker), Is.Null, "no next for a page that is not full");
    }

    [TestCase("?limit=-1", "Limit must be positive")]
    [TestCase("?limit=x", "Expected an integer for limit: x")]
    [TestCase("?marker=x", "Expected UUID for marker: x")]
    [TestCase("?sort_dir=sideways", "Invalid sort direction: sideways. Acceptable values are 'asc' or 'desc'")]
    [TestCase("?sort_key=local_link_connection", "The sort_key value local_link_connection is an invalid field for sorting")]
    [TestCase("?sort_key=node_uuid", "The sort_key value \"node_uuid\" is an invalid field for sorting")]
    [TestCase("?fields=uuid,nope,worse", "Field(s) \"nope, worse\" are not valid")]
    [TestCase("?fields=uuid&detail=true", "Can not specify ?detail=True and fields in the same request.")]
    [TestCase("?detail=perhaps", "Invalid detail: Unrecognized value 'perhaps', acceptable values are: '0', '1', 'f', 'false', 'n', 'no', 'off', 'on', 't', 'true', 'y', 'yes'")]
    public void Bad_parameters_are_400_with_Ironics_messages(string query, string message)
    {
        var (_, error) = Parse(query);
        Assert.That(error, Is.EqualTo(ApiError.BadRequest(message)));
    }

    [Test]
    public void Version_gates_are_406_except_detail_which_Ironic_refuses_with_400()
    {
        Assert.That(Parse("?fields=uuid", version: new ApiVersion(1, 7)).Error, Is.EqualTo(ApiError.NotAcceptable()));
        Assert.That(Parse("?fields=is_smartnic", version: new ApiVersion(1, 52)).Error, Is.EqualTo(ApiError.NotAcceptable()));
        Assert.That(Parse("?sort_key=pxe_enabled", version: new ApiVersion(1, 18)).Error, Is.EqualTo(ApiError.NotAcceptable()));
        Assert.That(Parse("?detail=True", version: new ApiVersion(1, 42)).Error, Is.EqualTo(ApiError.BadRequest("Invalid query parameter ?detail=True received.")));
        Assert.That(Parse("?fields=mode", CollectionSpec.Portgroups, new ApiVersion(1, 25)).Error, Is.EqualTo(ApiError.NotAcceptable()));
    }

    [Test]
    public void Unknown_arguments_are_listed()
    {
        Assert.That(new QueryArguments("limit").Unexpected(Query("?limit=1&b=2&a=3")), Is.EqualTo(ApiError.BadRequest("Unexpected arguments: b, a")));
        Assert.That(new QueryArguments("limit").Unexpected(Query("?limit=1")), Is.Null);
    }

    [Test]
    public void A_port_hides_fields_newer_than_the_version_and_keeps_its_order_with_fields()
    {
        var port = PortFields.Of(new Port
        {
            Uuid = Guid.Parse("4d5859e5-fa0d-4a66-8d8b-686ed39a3c5c"), NodeId = Guid.Parse("235a04b7-48cd-434e-b03e-f731e64998f7"),
            Address = "52:54:00:aa:bb:cc", CreatedAt = new DateTimeOffset(2026, 11, 24, 23, 31, 20, TimeSpan.Zero),
        });
        string[] Keys(JsonObject o) => o.Select(kv => kv.Key).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(Keys(PortRenderer.Render(port, new ApiVersion(1, 1), TestViews.BaseUrl)),
                Is.EqualTo(new[] { "uuid", "created_at", "updated_at", "address", "extra", "node_uuid", "links" }));
            Assert.That(Keys(PortRenderer.Render(port, new ApiVersion(1, 19), TestViews.BaseUrl)),
                Is.EqualTo(new[] { "uuid", "created_at", "updated_at", "address", "extra", "internal_info", "local_link_connection", "pxe_enabled", "node_uuid", "links" }));
            Assert.That(Keys(PortRenderer.Render(port, V178, TestViews.BaseUrl, ["node_uuid", "address"])),
                Is.EqualTo(new[] { "address", "node_uuid", "links" }));
            Assert.That(PyJson.Serialize(PortRenderer.Render(port, V178, TestViews.BaseUrl)), Is.EqualTo(
                "{\"uuid\": \"4d5859e5-fa0d-4a66-8d8b-686ed39a3c5c\", \"created_at\": \"2026-11-24T23:31:20+00:00\", \"updated_at\": null, " +
                "\"address\": \"52:54:00:aa:bb:cc\", \"extra\": {}, \"internal_info\": {}, \"is_smartnic\": false, \"local_link_connection\": {}, " +
                "\"physical_network\": null, \"pxe_enabled\": true, \"node_uuid\": \"235a04b7-48cd-434e-b03e-f731e64998f7\", \"links\": " +
                "[{\"href\": \"http://127.0.0.1:6385/v1/ports/4d5859e5-fa0d-4a66-8d8b-686ed39a3c5c\", \"rel\": \"self\"}, " +
                "{\"href\": \"http://127.0.0.1:6385/ports/4d5859e5-fa0d-4a66-8d8b-686ed39a3c5c\", \"rel\": \"bookmark\"}], \"portgroup_uuid\": null}"),
                "byte for byte the port of the POST /v1/ports sample (with the node and timestamp of the sample)");
        });
    }
}
