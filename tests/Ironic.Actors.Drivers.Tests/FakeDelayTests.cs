using Ironic.Actors.Domain.States;
using Ironic.Actors.Drivers.Abstractions;
using Ironic.Actors.Drivers.Fake;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;
using static Ironic.Actors.Drivers.Tests.TestNodes;

namespace Ironic.Actors.Drivers.Tests;

/// <summary>Fake delays: parsing Ironic's "N" / "min,max" format, and waiting on an injected clock.</summary>
public class FakeDelayTests
{
    /// <summary>A Random that always draws the same number.</summary>
    private sealed class FixedRandom(double value) : Random
    {
        public override double NextDouble() => value;
    }

    [TestCase("0", 0, 0)]
    [TestCase("", 0, 0)]
    [TestCase(null, 0, 0)]
    [TestCase("2", 2, 2)]
    [TestCase("1,3", 1, 3)]
    [TestCase(" 1 , 3 ", 1, 3)]
    public void Parses_Ironic_format(string? text, int min, int max)
    {
        Assert.That(FakeDelay.TryParse(text, out var delay, out var error), Is.True, error);
        Assert.That(delay, Is.EqualTo(new FakeDelay(min, max)));
    }

    [TestCase("abc")]
    [TestCase("1.5")]
    [TestCase("-1")]
    [TestCase("3,1")]
    [TestCase("1,2,3")]
    [TestCase("1,")]
    public void Rejects_anything_else(string text)
    {
        Assert.That(FakeDelay.TryParse(text, out _, out var error), Is.False);
        Assert.That(error, Is.Not.Empty);
    }

    [Test]
    public void Invalid_delay_fails_option_validation_naming_the_option()
    {
        var options = new HardwareOptions { FakeDelays = { Power = "soon" } };

        var error = Assert.Throws<InvalidOperationException>(options.Validate);

        Assert.That(error!.Message, Does.Contain("Ironic:Hardware:FakeDelays:Power"));
        Assert.That(error.Message, Does.Contain("'soon'"));
        Assert.Throws<InvalidOperationException>(() => DriverCatalog.CreateRegistry(options, TimeProvider.System));
    }

    [Test]
    public void Unknown_interface_type_keys_fail_option_validation()
    {
        var options = new HardwareOptions { EnabledInterfaces = { ["powr"] = ["fake"] } };

        Assert.That(options.ValidationErrors(), Has.Count.EqualTo(1));
        Assert.That(options.ValidationErrors()[0], Does.Contain("'powr'"));
    }

    [TestCase(0.0, 1.0)]
    [TestCase(0.75, 2.0)]
    [TestCase(0.999999, 2.998)]
    public void Range_is_triangular_weighted_towards_the_minimum(double draw, double expectedSeconds)
    {
        var sample = new FakeDelay(1, 3).Sample(new FixedRandom(draw));

        Assert.That(sample.TotalSeconds, Is.EqualTo(expectedSeconds).Within(0.01));
    }

    [Test]
    public async Task Power_delay_completes_only_when_the_clock_advances()
    {
        var clock = new FakeTimeProvider();
        var power = new FakePower(new FakeDelays { Power = "2" }, clock);

        var action = power.SetPowerStateAsync(FakeNode(), PowerStates.PowerOn, null, CancellationToken.None);
        Assert.That(action.IsCompleted, Is.False);

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.That(action.IsCompleted, Is.False);

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.That(await action.WaitAsync(TimeSpan.FromSeconds(10)), Is.EqualTo(PowerStates.PowerOn));
    }

    [Test]
    public async Task Range_delay_waits_the_drawn_time()
    {
        var clock = new FakeTimeProvider();
        var deploy = new FakeDeploy(new FakeDelays { Deploy = "1,3" }, clock, new FixedRandom(0.75));

        var step = deploy.DeployAsync(FakeNode(), CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(1.9));
        Assert.That(step.IsCompleted, Is.False);

        clock.Advance(TimeSpan.FromSeconds(0.2));
        await step.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Test]
    public async Task A_hold_file_keeps_a_delayed_call_running_until_it_exists()
    {
        var hold = Path.Combine(Path.GetTempPath(), "ironic-fake-hold-" + Guid.NewGuid().ToString("N"));
        var clock = new FakeTimeProvider();
        var power = new FakePower(new FakeDelays { Power = "1", HoldFile = hold }, clock);
        try
        {
            var action = power.SetPowerStateAsync(FakeNode(), PowerStates.PowerOn, null, CancellationToken.None);
            for (var i = 0; i < 10; i++)
                clock.Advance(TimeSpan.FromSeconds(1));
            Assert.That(action.IsCompleted, Is.False, "the delay is over but the hold file does not exist");

            await File.WriteAllTextAsync(hold, "");
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (!action.IsCompleted && DateTime.UtcNow < deadline)
            {
                clock.Advance(TimeSpan.FromMilliseconds(50));
                await Task.WhenAny(action, Task.Delay(5));
            }
            Assert.That(await action.WaitAsync(TimeSpan.FromSeconds(1)), Is.EqualTo(PowerStates.PowerOn));
        }
        finally
        {
            File.Delete(hold);
        }
    }

    [Test]
    public void A_hold_file_does_not_hold_calls_without_a_delay()
    {
        var power = new FakePower(new FakeDelays { HoldFile = Path.Combine(Path.GetTempPath(), "ironic-no-such-hold-file") });

        Assert.That(power.GetPowerStateAsync(FakeNode(), CancellationToken.None).IsCompleted, Is.True);
    }

    [Test]
    public void Delay_is_cancellable()
    {
        var clock = new FakeTimeProvider();
        var management = new FakeManagement(new FakeDelays { Management = "5" }, clock);
        using var cts = new CancellationTokenSource();

        var call = management.GetBootDeviceAsync(FakeNode(), cts.Token);
        cts.Cancel();

        Assert.That(async () => await call, Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public void Catalog_wires_delays_to_the_given_clock()
    {
        var clock = new FakeTimeProvider();
        var options = new HardwareOptions { FakeDelays = { Power = "3" } };
        var registry = DriverCatalog.CreateRegistry(options, clock);

        var read = registry.GetInterface<IPowerInterface>(FakeInterfaces).GetPowerStateAsync(FakeNode(), CancellationToken.None);
        Assert.That(read.IsCompleted, Is.False);

        clock.Advance(TimeSpan.FromSeconds(3));
        Assert.That(read.Wait(TimeSpan.FromSeconds(10)), Is.True);
    }
}
