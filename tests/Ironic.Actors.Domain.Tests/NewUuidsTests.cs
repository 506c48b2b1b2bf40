using System.Globalization;
using Ironic.Actors.Domain.Nodes;
using NUnit.Framework;

namespace Ironic.Actors.Domain.Tests;

[TestFixture]
public sealed class NewUuidsTests
{
    [Test]
    public void A_new_uuid_is_version_7_and_its_text_begins_with_the_time_of_its_creation()
    {
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var uuid = NewUuids.Next();
        var after = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        // The first 48 bits (12 hex digits of the text) are the Unix time in milliseconds: so a later UUID sorts later, as
        // text (the read model's keys) and as the journal's persistence ids.
        var millis = long.Parse(uuid.ToString("N")[..12], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(uuid.Version, Is.EqualTo(7));
            Assert.That(millis, Is.InRange(before, after));
        }
    }

    [Test]
    public void New_uuids_are_distinct_even_within_one_millisecond()
    {
        var uuids = Enumerable.Range(0, 10_000).Select(_ => NewUuids.Next()).ToHashSet();
        Assert.That(uuids, Has.Count.EqualTo(10_000));
    }
}
