using Ironic.Actors.Gateway.Errors;
using NUnit.Framework;

namespace Ironic.Actors.Gateway.UnitTests;

public class ErrorBodyTests
{
    [Test]
    public void A_not_found_body_is_byte_for_byte_the_real_servers() =>
        Assert.That(ErrorBody.Render(404, "Node 00000000-0000-0000-0000-000000000000 could not be found."), Is.EqualTo(
            "{\"error_message\": \"{\\\"faultcode\\\": \\\"Client\\\", \\\"faultstring\\\": \\\"Node 00000000-0000-0000-0000-000000000000 could not be found.\\\", \\\"debuginfo\\\": null}\"}"));

    [Test]
    public void Quotes_in_the_message_are_encoded_twice()
    {
        const string message =
            "The requested action \"provide\" can not be performed on node \"235a04b7-48cd-434e-b03e-f731e64998f7\" while it is in state \"active\".";
        Assert.That(ErrorBody.Render(400, message), Is.EqualTo(
            "{\"error_message\": \"{\\\"faultcode\\\": \\\"Client\\\", \\\"faultstring\\\": \\\"The requested action \\\\\\\"provide\\\\\\\" can not be performed on node \\\\\\\"235a04b7-48cd-434e-b03e-f731e64998f7\\\\\\\" while it is in state \\\\\\\"active\\\\\\\".\\\", \\\"debuginfo\\\": null}\"}"));
    }

    [Test]
    public void Server_errors_have_the_server_faultcode() =>
        Assert.That(ErrorBody.Render(503, "x"), Does.Contain("\\\"faultcode\\\": \\\"Server\\\""));
}
