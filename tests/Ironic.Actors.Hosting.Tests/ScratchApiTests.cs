using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using NUnit.Framework;

namespace Ironic.Actors.Hosting.Tests;

/// <summary>
/// The scratch instances the start-up warm-up rehearses writes on (<see cref="ScratchApiFactory"/>): a whole member's API
/// on loopback over a store of its own, gone when disposed, and what a killed process left behind removed.
/// </summary>
public sealed class ScratchApiTests
{
    [Test]
    public async Task A_scratch_api_serves_on_loopback_from_a_store_of_its_own_that_goes_with_it()
    {
        var abandoned = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), ScratchApiFactory.DirectoryPrefix + "2147483646-left"));
        var own = $"{ScratchApiFactory.DirectoryPrefix}{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}-*";
        var before = Directory.GetDirectories(Path.GetTempPath(), own);

        var scratch = await new ScratchApiFactory(NullLoggerFactory.Instance).StartAsync(CancellationToken.None);
        string[] store;
        try
        {
            Assert.That(Directory.Exists(abandoned.FullName), Is.False, "the store of a process that is gone is removed");
            store = Directory.GetDirectories(Path.GetTempPath(), own).Except(before).ToArray();
            Assert.That(store, Has.Length.EqualTo(1), "one new directory for its store");
            Assert.That(new Uri(scratch.Address).Host, Is.EqualTo("127.0.0.1"));

            using var http = new HttpClient { BaseAddress = new Uri(scratch.Address) };
            http.DefaultRequestHeaders.Add("X-OpenStack-Ironic-API-Version", "1.78");
            using var created = await http.PostAsync("/v1/nodes",
                new StringContent("""{"driver": "fake-hardware", "name": "scratch-1"}""", Encoding.UTF8, "application/json"));
            Assert.That((int)created.StatusCode, Is.EqualTo(201), await created.Content.ReadAsStringAsync());
            var listed = await http.GetStringAsync("/v1/nodes");
            Assert.That(listed, Does.Contain("\"name\": \"scratch-1\""));
        }
        finally
        {
            await scratch.DisposeAsync();
        }
        Assert.That(Directory.Exists(store[0]), Is.False, "its store is deleted when it is disposed");
    }
}
