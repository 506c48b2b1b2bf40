using System.Text;
using Ironic.Actors.Gateway.Api;
using NUnit.Framework;

namespace Ironic.Actors.Gateway.UnitTests;

/// <summary>
/// A JSON body sent as <c>application/x-www-form-urlencoded</c>: Ironic's web framework also reads it as form fields,
/// whose names its argument check refuses (400 "Unexpected arguments: ..."). Other content types are read as JSON.
/// </summary>
public class FormBodyTests
{
    [TestCase("application/x-www-form-urlencoded", true)]
    [TestCase("application/x-www-form-urlencoded; charset=utf-8", true)]
    [TestCase(" application/x-www-form-urlencoded ;charset=utf-8", true)]
    [TestCase("APPLICATION/X-WWW-FORM-URLENCODED", false)]
    [TestCase("application/json", false)]
    [TestCase("text/plain", false)]
    [TestCase(null, false)]
    public void Only_the_lower_case_form_media_type_is_a_form(string? contentType, bool form) =>
        Assert.That(JsonBody.IsForm(contentType), Is.EqualTo(form));

    [TestCase("{\"driver\": \"fake-hardware\"}", new[] { "{\"driver\": \"fake-hardware\"}" })]
    [TestCase("{\"a\": \"x&&=q&b\"}", new[] { "", "{\"a\": \"x", "b\"}" })]
    [TestCase("{\"a\": \"q=1&b+c%41%ZZ%C3%A9\"}", new[] { "{\"a\": \"q", "b cA%ZZ\u00e9\"}" })]
    [TestCase("null", new[] { "null" })]
    public void Field_names_are_split_and_decoded_as_a_form_decoder_does(string body, string[] names) =>
        Assert.That(JsonBody.FormNames(body).Order(StringComparer.Ordinal), Is.EqualTo(names.Order(StringComparer.Ordinal)));

    [Test]
    public void The_refusal_lists_the_names_sorted()
    {
        var read = JsonBody.FormArguments(Encoding.UTF8.GetBytes("{\"driver\": \"a=b&c+d%41\"}"));
        Assert.That(read?.Error?.Status, Is.EqualTo(400));
        Assert.That(read!.Error!.Message, Is.EqualTo("Unexpected arguments: c dA\"}, {\"driver\": \"a"));
    }

    [Test]
    public void A_form_without_fields_is_read_as_json() =>
        Assert.That(JsonBody.FormArguments(Encoding.UTF8.GetBytes("&&")), Is.Null);
}
