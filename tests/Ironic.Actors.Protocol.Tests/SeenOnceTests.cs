using Ironic.Actors.Protocol.Nodes;
using NUnit.Framework;

namespace Ironic.Actors.Protocol.Tests;

[TestFixture]
public sealed class SeenOnceTests
{
    [Test]
    public void A_hash_is_seen_before_from_its_second_time_on()
    {
        var seen = new SeenOnce(16);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(seen.SeenBefore(42), Is.False, "first");
            Assert.That(seen.SeenBefore(42), Is.True, "second");
            Assert.That(seen.SeenBefore(42), Is.True, "third");
            Assert.That(seen.SeenBefore(0), Is.False, "0, the empty slot's value, is a hash like another");
        }
    }

    [Test]
    public void A_hash_in_the_same_slot_pushes_the_last_one_out()
    {
        var seen = new SeenOnce(16);
        seen.SeenBefore(3);
        seen.SeenBefore(3 + 16); // the same slot
        Assert.That(seen.SeenBefore(3), Is.False);
    }

    [TestCase(0)]
    [TestCase(12)]
    public void Its_size_is_a_power_of_two(int slots) =>
        Assert.That(() => new SeenOnce(slots), Throws.InstanceOf<ArgumentOutOfRangeException>());
}
