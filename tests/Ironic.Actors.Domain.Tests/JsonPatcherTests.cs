using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Nodes;
using NUnit.Framework;
using static Ironic.Actors.Domain.Tests.TestNodes;

namespace Ironic.Actors.Domain.Tests;

/// <summary><see cref="JsonPatcher"/> and <see cref="PatchOperation.Describe"/>.</summary>
public class JsonPatcherTests
{
    private static readonly IReadOnlySet<string> Roots = new HashSet<string> { "extra", "driver_info", "properties", "name", "maintenance" };

    private static JsonObject Doc() => new()
    {
        ["extra"] = new JsonObject { ["a"] = "1", ["list"] = new JsonArray(1, 2, 3) },
        ["driver_info"] = new JsonObject(),
        ["properties"] = new JsonObject { ["cpus"] = 4, ["capabilities"] = new JsonObject { ["boot_mode"] = "bios" } },
        ["name"] = "node-1",
        ["maintenance"] = false,
    };

    private static JsonObject Applied(params PatchOperation[] ops)
    {
        var doc = Doc();
        Assert.That(JsonPatcher.Apply(doc, ops, Roots), Is.Null);
        return doc;
    }

    private static string Error(params PatchOperation[] ops)
    {
        var error = JsonPatcher.Apply(Doc(), ops, Roots);
        Assert.That(error, Is.Not.Null);
        return error!;
    }

    [Test]
    public void Add_creates_a_nested_key()
    {
        var doc = Applied(Add("/extra/k", "v"), Add("/driver_info/ipmi_address", "10.0.0.5"));
        Assert.That(doc["extra"]!["k"]!.GetValue<string>(), Is.EqualTo("v"));
        Assert.That(doc["extra"]!["a"]!.GetValue<string>(), Is.EqualTo("1"), "siblings stay");
        Assert.That(doc["driver_info"]!["ipmi_address"]!.GetValue<string>(), Is.EqualTo("10.0.0.5"));
    }

    [Test]
    public void Add_overwrites_an_existing_nested_key()
    {
        var doc = Applied(Add("/properties/cpus", 8));
        Assert.That(doc["properties"]!["cpus"]!.GetValue<int>(), Is.EqualTo(8));
    }

    [Test]
    public void Replace_and_remove_existing_nested_keys()
    {
        var doc = Applied(Replace("/properties/cpus", 16), Remove("/extra/a"));
        Assert.That(doc["properties"]!["cpus"]!.GetValue<int>(), Is.EqualTo(16));
        Assert.That(doc["extra"]!.AsObject().ContainsKey("a"), Is.False);
    }

    [Test]
    public void Deeply_nested_paths_work()
    {
        var doc = Applied(Replace("/properties/capabilities/boot_mode", "uefi"), Add("/properties/capabilities/secure", "true"));
        Assert.That(doc["properties"]!["capabilities"]!.ToJsonString(), Is.EqualTo("{\"boot_mode\":\"uefi\",\"secure\":\"true\"}"));
    }

    [Test]
    public void Replace_of_a_missing_nested_key_is_ironics_exact_error()
    {
        // From ironic-21.4-http-samples.txt.
        var doc = Doc();
        doc["extra"] = new JsonObject();
        var error = JsonPatcher.Apply(doc, [Replace("/extra/k", "v")], Roots);
        Assert.That(error, Is.EqualTo("Couldn't apply patch '{'op': 'replace', 'path': '/extra/k', 'value': 'v'}'. Reason: can't replace a non-existent object 'k'"));
    }

    [Test]
    public void Remove_of_a_missing_nested_key_fails()
    {
        Assert.That(Error(Remove("/extra/k")),
            Is.EqualTo("Couldn't apply patch '{'op': 'remove', 'path': '/extra/k'}'. Reason: can't remove a non-existent object 'k'"));
    }

    [Test]
    public void Missing_intermediate_object_fails()
    {
        Assert.That(Error(Add("/extra/missing/k", "v")), Does.StartWith("Couldn't apply patch").And.Contain("'missing'"));
    }

    [Test]
    public void Missing_intermediate_member_is_jsonpointers_error_with_the_object_it_looked_in()
    {
        // As Ironic 21.4 answers `baremetal node set N --property nosuch/x=1` (compared with the reference server).
        Assert.That(Error(Add("/properties/nosuch/x", 1)), Is.EqualTo(
            "Couldn't apply patch '{'op': 'add', 'path': '/properties/nosuch/x', 'value': 1}'. " +
            "Reason: member 'nosuch' not found in {'cpus': 4, 'capabilities': {'boot_mode': 'bios'}}"));
    }

    [Test]
    public void Nesting_into_a_scalar_fails()
    {
        Assert.That(Error(Add("/name/k", "v")), Does.StartWith("Couldn't apply patch"));
    }

    [Test]
    public void Root_remove_resets_the_field_to_null()
    {
        var doc = Applied(Remove("/extra"), Remove("/name"));
        Assert.That(doc.ContainsKey("extra"), Is.True);
        Assert.That(doc["extra"], Is.Null);
        Assert.That(doc["name"], Is.Null);
    }

    [Test]
    public void Root_add_and_replace_set_the_field()
    {
        var doc = Applied(Add("/extra", new JsonObject { ["x"] = 1 }), Replace("/maintenance", true));
        Assert.That(doc["extra"]!.ToJsonString(), Is.EqualTo("{\"x\":1}"));
        Assert.That(doc["maintenance"]!.GetValue<bool>(), Is.True);
    }

    [Test]
    public void Operations_apply_in_order()
    {
        var doc = Applied(Add("/extra/k", "v1"), Replace("/extra/k", "v2"), Add("/extra/k2", "x"), Remove("/extra/k2"));
        Assert.That(doc["extra"]!["k"]!.GetValue<string>(), Is.EqualTo("v2"));
        Assert.That(doc["extra"]!.AsObject().ContainsKey("k2"), Is.False);
    }

    [Test]
    public void The_failing_operation_is_the_one_reported()
    {
        var error = Error(Add("/extra/ok", "1"), Replace("/extra/nope", "2"));
        Assert.That(error, Does.Contain("'path': '/extra/nope'").And.Not.Contain("/extra/ok"));
    }

    [Test]
    public void Values_are_copied_not_shared()
    {
        var value = new JsonObject { ["a"] = 1 };
        var doc = Doc();
        Assert.That(JsonPatcher.Apply(doc, [Add("/extra/v", value)], Roots), Is.Null);
        value["a"] = 2;
        Assert.That(doc["extra"]!["v"]!["a"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That(value.Parent, Is.Null, "the operation's value was not re-parented");
    }

    [Test]
    public void Arrays_can_be_indexed()
    {
        var doc = Applied(Replace("/extra/list/0", 10), Add("/extra/list/3", 4), Remove("/extra/list/1"));
        Assert.That(doc["extra"]!["list"]!.ToJsonString(), Is.EqualTo("[10,3,4]"));
        // jsonpatch's words (checked against the reference): replace and add need an index within the list.
        Assert.That(Error(Replace("/extra/list/7", 1)), Does.EndWith("Reason: can't replace outside of list"));
        Assert.That(Error(Add("/extra/list/7", 1)), Does.EndWith("Reason: can't insert outside of list"));
        Assert.That(Error(Remove("/extra/list/7")), Does.EndWith("Reason: can't remove a non-existent object '7'"));
    }

    [TestCase("uuid")]
    [TestCase("id")]
    [TestCase("created_at")]
    [TestCase("updated_at")]
    [TestCase("provision_state")]
    [TestCase("target_provision_state")]
    [TestCase("power_state")]
    [TestCase("target_power_state")]
    [TestCase("reservation")]
    [TestCase("last_error")]
    [TestCase("driver_internal_info")]
    [TestCase("maintenance_reason")]
    [TestCase("fault")]
    [TestCase("console_enabled")]
    [TestCase("inspection_started_at")]
    [TestCase("clean_step")]
    [TestCase("raid_config")]
    [TestCase("allocation_uuid")]
    public void Internal_attributes_are_refused(string field)
    {
        Assert.That(Error(Replace("/" + field, "x")), Is.EqualTo($"'/{field}' is an internal attribute and can not be updated"));
        Assert.That(Error(Add($"/{field}/nested", "x")), Is.EqualTo($"'/{field}' is an internal attribute and can not be updated"));
    }

    [Test]
    public void Traits_are_refused()
    {
        Assert.That(Error(Add("/traits", new JsonArray("CUSTOM_X"))), Does.Contain("traits API"));
        Assert.That(Error(Remove("/traits")), Does.Contain("traits API"));
    }

    [Test]
    public void Adding_an_unknown_root_is_refused()
    {
        Assert.That(Error(Add("/foo", "x")), Does.Contain("Adding a new attribute (/foo) to the root of the resource is not allowed"));
    }

    [TestCase("replace")]
    [TestCase("remove")]
    public void Replacing_or_removing_an_unknown_root_is_refused(string op)
    {
        var operation = op == "remove" ? Remove("/foo") : Replace("/foo", "x");
        Assert.That(Error(operation), Does.Contain($"can't {op} a non-existent object 'foo'"));
    }

    [Test]
    public void Unknown_root_with_nested_path_is_refused()
    {
        Assert.That(Error(Add("/foo/bar", "x")), Does.Contain("non-existent object 'foo'"));
    }

    [TestCase("move")]
    [TestCase("copy")]
    [TestCase("test")]
    [TestCase("ADD")]
    public void Only_add_replace_remove_are_supported(string op)
    {
        Assert.That(Error(new PatchOperation(op, "/extra/a", "1", true)), Does.Contain(op));
    }

    [TestCase("extra/a")]
    [TestCase("/extra/")]
    [TestCase("/")]
    [TestCase("")]
    [TestCase("/extra//a")]
    [TestCase("/extra/~1a")]
    [TestCase("/extra/a b")]
    public void Malformed_paths_are_refused(string path)
    {
        Assert.That(Error(Add(path, "x")), Does.Contain("path"));
    }

    [TestCase("add")]
    [TestCase("replace")]
    public void Add_and_replace_need_a_value(string op)
    {
        Assert.That(Error(new PatchOperation(op, "/extra/a", null, false)), Does.Contain("value"));
    }

    [Test]
    public void Explicit_null_value_is_a_value()
    {
        var doc = Applied(Replace("/extra/a", null));
        Assert.That(doc["extra"]!.AsObject().ContainsKey("a"), Is.True);
        Assert.That(doc["extra"]!["a"], Is.Null);
    }

    [Test]
    public void Describe_prints_like_a_python_dict()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Replace("/extra/k", "v").Describe(), Is.EqualTo("{'op': 'replace', 'path': '/extra/k', 'value': 'v'}"));
            Assert.That(Remove("/extra/k").Describe(), Is.EqualTo("{'op': 'remove', 'path': '/extra/k'}"));
            Assert.That(Add("/maintenance", true).Describe(), Is.EqualTo("{'op': 'add', 'path': '/maintenance', 'value': True}"));
            Assert.That(Add("/extra/n", null).Describe(), Is.EqualTo("{'op': 'add', 'path': '/extra/n', 'value': None}"));
            Assert.That(Add("/extra/i", 42).Describe(), Is.EqualTo("{'op': 'add', 'path': '/extra/i', 'value': 42}"));
            Assert.That(Add("/extra/o", JsonNode.Parse("{\"a\": [1, false, null, \"x\"]}")).Describe(),
                Is.EqualTo("{'op': 'add', 'path': '/extra/o', 'value': {'a': [1, False, None, 'x']}}"));
        });
    }

    [Test]
    public void Describe_quotes_strings_with_apostrophes_like_python()
    {
        Assert.That(Add("/extra/q", "it's").Describe(), Is.EqualTo("{'op': 'add', 'path': '/extra/q', 'value': \"it's\"}"));
    }
}
