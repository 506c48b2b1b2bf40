using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Decisions;
using Ironic.Actors.Domain.Events;
using Ironic.Actors.Domain.States;
using NUnit.Framework;
using static Ironic.Actors.Domain.Tests.TestNodes;

namespace Ironic.Actors.Domain.Tests;

/// <summary>
/// What <see cref="NodeEvolution"/> keeps in driver_internal_info, as Ironic 21.4 shows it after the same steps with
/// fake-hardware (compared with the reference server): the time of the last power action, and the step lists of
/// cleaning and deploying wiped (null) when they end.
/// </summary>
public class DriverInternalInfoTests
{
    [Test]
    public void A_power_action_records_its_start_as_python_isoformat()
    {
        var at = new DateTimeOffset(2026, 11, 24, 23, 31, 15, TimeSpan.Zero).AddTicks(4774220);
        var node = InState(ProvisionStates.Manageable).Apply(new PowerActionStarted(Uuid, "power on", "power on", at))!;
        Assert.That(node.DriverInternalInfo.ToJsonString(), Is.EqualTo("""{"last_power_state_change":"2026-11-24T23:31:15.477422"}"""));

        var whole = node.Apply(new PowerActionStarted(Uuid, "power off", "power off", at.AddTicks(-4774220)))!;
        Assert.That(whole.DriverInternalInfo["last_power_state_change"]!.GetValue<string>(), Is.EqualTo("2026-11-24T23:31:15"),
            "no fraction when the microseconds are 0, as isoformat()");
    }

    [Test]
    public void Ending_cleaning_and_deploying_leaves_their_steps_null()
    {
        var node = InState(ProvisionStates.Cleaning) with { DriverInternalInfo = new JsonObject { ["keep"] = 1 } };
        var available = node.Apply(new ProvisionStateChanged(Uuid, "done", ProvisionStates.Cleaning, ProvisionStates.Available, null, null, Created))!;
        Assert.That(available.DriverInternalInfo.ToJsonString(), Is.EqualTo("""{"keep":1,"clean_steps":null}"""));
        Assert.That(node.DriverInternalInfo.ToJsonString(), Is.EqualTo("""{"keep":1}"""), "the former node is not changed");

        var deploying = available.Apply(new ProvisionStateChanged(Uuid, "deploy", ProvisionStates.Available, ProvisionStates.Deploying, "active", null, Created))!;
        Assert.That(deploying.DriverInternalInfo.ContainsKey("deploy_steps"), Is.False, "not while deploying");
        var active = deploying.Apply(new ProvisionStateChanged(Uuid, "done", ProvisionStates.Deploying, ProvisionStates.Active, null, null, Created))!;
        Assert.That(active.DriverInternalInfo.ToJsonString(), Is.EqualTo("""{"keep":1,"clean_steps":null,"deploy_steps":null}"""));
    }
}
