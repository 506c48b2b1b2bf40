using Ironic.Actors.Gateway.Rendering;
using Ironic.Actors.Gateway.Versioning;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using NUnit.Framework;

namespace Ironic.Actors.Gateway.UnitTests;

[TestFixture]
public sealed class RenderedNodeCacheTests
{
    private static readonly string Latest = RenderedNodeCache.Context(new ApiVersion(1, 81), "http://a", null);

    private static RenderedNodeCache.Key KeyOf(string node, long version = 1, string? reservation = null, string conductor = "c1", string? context = null) =>
        new(context ?? Latest, node, version, reservation, conductor);

    /// <summary>What a page does with a row: use the kept text, else render and keep it when seen before.</summary>
    private static (string Text, bool Found) Render(RenderedNodeCache cache, RenderedNodeCache.Key key, string text)
    {
        if (cache.TryGet(key, out var kept))
            return (kept, true);
        if (cache.SeenBefore(key))
            cache.Keep(key, text);
        return (text, false);
    }

    [Test]
    public void A_node_written_a_second_time_is_kept_and_found_the_third()
    {
        var cache = new RenderedNodeCache(1_000_000);
        var key = KeyOf("n1");

        Assert.That(Render(cache, key, "{1}").Found, Is.False, "first");
        Assert.That(cache.Count, Is.Zero, "a node read once is not kept");
        Assert.That(Render(cache, key, "{1}").Found, Is.False, "second");
        Assert.That(Render(cache, key, "{other}"), Is.EqualTo(("{1}", true)), "third");
    }

    [Test]
    public void Another_version_lock_conductor_or_form_of_the_page_is_not_found()
    {
        var cache = new RenderedNodeCache(1_000_000);
        cache.Keep(KeyOf("n1"), "{1}");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(cache.TryGet(KeyOf("n1"), out _), Is.True);
            Assert.That(cache.TryGet(KeyOf("n1", version: 2), out _), Is.False, "version");
            Assert.That(cache.TryGet(KeyOf("n1", reservation: "c1"), out _), Is.False, "lock");
            Assert.That(cache.TryGet(KeyOf("n1", conductor: "c2"), out _), Is.False, "conductor");
            Assert.That(cache.TryGet(KeyOf("n2"), out _), Is.False, "node");
            Assert.That(cache.TryGet(KeyOf("n1", context: RenderedNodeCache.Context(new ApiVersion(1, 80), "http://a", null)), out _), Is.False, "API version");
            Assert.That(cache.TryGet(KeyOf("n1", context: RenderedNodeCache.Context(new ApiVersion(1, 81), "http://b", null)), out _), Is.False, "link base");
            Assert.That(cache.TryGet(KeyOf("n1", context: RenderedNodeCache.Context(new ApiVersion(1, 81), "http://a", ["uuid"])), out _), Is.False, "fields");
        }
    }

    [Test]
    public void It_holds_at_most_its_budget_and_keeps_what_is_read_again()
    {
        var cache = new RenderedNodeCache(10_000); // half of it per generation: 5,000 characters
        var text = new string('x', 100);
        var hot = KeyOf("hot");
        cache.Keep(hot, text);
        for (var i = 0; i < 1_000; i++)
        {
            cache.Keep(KeyOf($"n{i}"), text);
            Assert.That(cache.TryGet(hot, out _), Is.True, $"the node read all along is still there after {i} others");
        }
        Assert.That(cache.Count * text.Length, Is.LessThanOrEqualTo(cache.BudgetChars + text.Length));
        Assert.That(cache.TryGet(KeyOf("n0"), out _), Is.False, "a node read once has left");
    }

    [Test]
    public void Turned_off_it_keeps_nothing()
    {
        var cache = RenderedNodeCache.OfMebibytes(0);
        cache.Keep(KeyOf("n1"), "{1}");
        Assert.That(cache.TryGet(KeyOf("n1"), out _), Is.False);
        Assert.That(cache.SeenBefore(KeyOf("n1")) || cache.SeenBefore(KeyOf("n1")), Is.False);
    }
}

[TestFixture]
public sealed class RenderedNodeCacheUseTests
{
    [Test]
    public void The_warm_ups_own_requests_render_every_node_and_keep_nothing()
    {
        var cache = new RenderedNodeCache(1_000_000);
        var gate = new WarmUpGate();
        var services = new ServiceCollection()
            .AddSingleton(cache).AddSingleton(gate).BuildServiceProvider();
        HttpContext Request(string? token)
        {
            var http = new DefaultHttpContext { RequestServices = services };
            if (token is not null)
                http.Request.Headers[WarmUpGate.Header] = token;
            return http;
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Api.ApiRequest.From(Request(null)).Rendered, Is.SameAs(cache), "a client's page");
            Assert.That(Api.ApiRequest.From(Request("not the token")).Rendered, Is.SameAs(cache), "a client claiming to be the warm-up");
            Assert.That(Api.ApiRequest.From(Request(gate.Token)).Rendered, Is.SameAs(RenderedNodeCache.None), "the warm-up's page");
        }
    }
}
