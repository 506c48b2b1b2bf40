using System.Text;
using System.Text.Json.Nodes;
using Ironic.Actors.Gateway.Api;
using Ironic.Actors.Gateway.Rendering;
using Ironic.Actors.Protocol.Nodes;
using NUnit.Framework;

namespace Ironic.Actors.Gateway.UnitTests;

/// <summary>Parsing of trait and boot device bodies, Python-style value quoting, and the sub-resource JSON shapes.</summary>
public class SubResourceBodiesTests
{
    private static BodyRead Body(string json) => JsonBody.Parse(Encoding.UTF8.GetBytes(json));

    [Test]
    public void Traits_body_gives_the_list_as_sent()
    {
        var (traits, error) = SubResourceBodies.ParseTraits(Body("""{"traits": ["CUSTOM_B", "HW_CPU_X86_AVX2", "CUSTOM_B"]}"""));
        Assert.That(error, Is.Null);
        Assert.That(traits, Is.EqualTo(new[] { "CUSTOM_B", "HW_CPU_X86_AVX2", "CUSTOM_B" }));
    }

    [TestCase("", SubResourceBodies.TraitsPutMisuse)]
    [TestCase("{}", SubResourceBodies.TraitsPutMisuse)]
    [TestCase("null", SubResourceBodies.TraitsPutMisuse)]
    [TestCase("""{"traits": [true]}""", "Schema error for body: True is not of type 'string'")]
    [TestCase("""{"traits": {"a": [1, null]}}""", "Schema error for body: {'a': [1, None]} is not of type 'array'")]
    [TestCase("""{"a": 1, "b": 2}""", "Schema error for body: Additional properties are not allowed ('a', 'b' were unexpected)")]
    [TestCase("\"CUSTOM_A\"", "Schema error for body: 'CUSTOM_A' is not of type 'object'")]
    [TestCase("""{"traits": ["it's"]}""", "Schema error for body: \"it's\" is not valid under any of the given schemas. Possible root cause: \"it's\" does not match '^CUSTOM_[A-Z0-9_]+$'")]
    public void Bad_traits_bodies_are_400(string json, string message)
    {
        var (traits, error) = SubResourceBodies.ParseTraits(Body(json));
        Assert.That(traits, Is.Null);
        Assert.That(error, Is.EqualTo(ApiError.BadRequest(message)));
    }

    [TestCase("")]
    [TestCase("{}")]
    [TestCase("""{"traits": null}""", "Schema error for body: None is not of type 'array'")]
    [TestCase("""{"traits": ["CUSTOM_A"]}""", SubResourceBodies.TraitsPutMisuse)]
    public void A_single_trait_takes_no_traits_in_its_body(string json, string? message = null)
    {
        var error = SubResourceBodies.CheckSingleTraitBody(Body(json));
        Assert.That(error, message is null ? Is.Null : Is.EqualTo(ApiError.BadRequest(message)));
    }

    [Test]
    public void Trait_path_values_are_checked()
    {
        Assert.That(SubResourceBodies.CheckTrait("CUSTOM_OK"), Is.Null);
        Assert.That(SubResourceBodies.CheckTrait("nope")!.Message,
            Is.EqualTo("Schema error for trait: 'nope' is not valid under any of the given schemas. Possible root cause: 'nope' does not match '^CUSTOM_[A-Z0-9_]+$'"));
    }

    [TestCase("""{"boot_device": "pxe"}""", "pxe", false)]
    [TestCase("""{"boot_device": "disk", "persistent": true}""", "disk", true)]
    [TestCase("""{"boot_device": "disk", "persistent": "yes"}""", "disk", true)]
    [TestCase("""{"boot_device": "disk", "persistent": null}""", "disk", false)]
    public void Boot_device_body(string json, string device, bool persistent)
    {
        var parsed = SubResourceBodies.ParseBootDevice(JsonNode.Parse(json));
        Assert.That(parsed, Is.EqualTo((device, persistent, (ApiError?)null)));
    }

    [Test]
    public void Python_repr_of_JSON_values()
    {
        Assert.That(PyRepr.Of(JsonNode.Parse("""{"k": ["a", 1.5, true, false, null, {"x": "it's"}]}""")),
            Is.EqualTo("""{'k': ['a', 1.5, True, False, None, {'x': "it's"}]}"""));
    }

    [Test]
    public void Validation_shows_a_reason_only_for_failures()
    {
        var json = SubResourceRenderer.Validation(new DriverCallReplies.ValidationReport(
        [
            new DriverCallReplies.InterfaceValidation("boot", true, null),
            new DriverCallReplies.InterfaceValidation("power", false, "no BMC"),
        ]));
        Assert.That(PyJson.Serialize(json), Is.EqualTo("""{"boot": {"result": true}, "power": {"result": false, "reason": "no BMC"}}"""));
    }

    [Test]
    public void Unknown_boot_device_renders_nulls()
    {
        Assert.That(PyJson.Serialize(SubResourceRenderer.BootDevice(new DriverCallReplies.BootDevice(null, null))),
            Is.EqualTo("""{"boot_device": null, "persistent": null}"""));
    }
}
