using System.IO.Compression;
using System.IO.Pipelines;
using System.Text;
using Ironic.Actors.Gateway.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using NUnit.Framework;

namespace Ironic.Actors.Gateway.UnitTests;

/// <summary>
/// A list page written item by item as it is sent (<see cref="PageResult"/>): the whole text arrives in each form
/// (small with its length, large chunked, large gzipped), and a client that leaves in the middle stops the rendering.
/// </summary>
public class PageResultTests
{
    /// <summary>A page of <paramref name="count"/> items of ~90 characters each (one not ASCII); counts the items written.</summary>
    private sealed class Items(int count)
    {
        public int Written;

        public PageResult Result => new(count, sb => sb.Append("{\"items\": ["), Item, sb => sb.Append("]}"));

        private void Item(StringBuilder sb, int i)
        {
            Interlocked.Increment(ref Written);
            Write(sb, i);
        }

        private static void Write(StringBuilder sb, int i)
        {
            if (i > 0)
                sb.Append(", ");
            // Text that gzip cannot shrink much (so that the pipe holds the writer back as it would a socket), and é: two bytes in UTF-8.
            sb.Append("{\"i\": ").Append(i).Append(", \"text\": \"");
            for (var k = 1; k <= 8; k++)
                sb.Append(((uint)(i * k) * 2654435761u).ToString("x8"));
            sb.Append("\u00e9\"}");
        }

        /// <summary>The whole page's text, as the result should send it.</summary>
        public string Text()
        {
            var sb = new StringBuilder("{\"items\": [");
            for (var i = 0; i < count; i++)
                Write(sb, i);
            return sb.Append("]}").ToString();
        }
    }

    /// <summary>The response body goes into a pipe the test reads as the client would.</summary>
    private sealed class PipeBody(Pipe pipe) : IHttpResponseBodyFeature
    {
        public Stream Stream { get; } = pipe.Writer.AsStream();

        public PipeWriter Writer => pipe.Writer;

        public void DisableBuffering()
        {
        }

        public Task StartAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public Task CompleteAsync() => pipe.Writer.CompleteAsync().AsTask();
    }

    private static (DefaultHttpContext Http, Pipe Pipe) Context(bool gzip)
    {
        var pipe = new Pipe();
        var http = new DefaultHttpContext();
        http.Features.Set<IHttpResponseBodyFeature>(new PipeBody(pipe));
        if (gzip)
            http.Request.Headers.AcceptEncoding = "gzip, deflate";
        return (http, pipe);
    }

    /// <summary>Runs the page into a client that reads everything; answers the body's bytes.</summary>
    private static async Task<byte[]> ReadAllAsync(PageResult page, DefaultHttpContext http, Pipe pipe)
    {
        var writing = Task.Run(async () =>
        {
            await page.ExecuteAsync(http);
            await pipe.Writer.CompleteAsync();
        });
        using var body = new MemoryStream();
        await pipe.Reader.CopyToAsync(body);
        await writing;
        return body.ToArray();
    }

    [TestCase(10, false)]
    [TestCase(10, true)]
    [TestCase(5_000, false)]
    public async Task The_whole_page_arrives_with_its_length_when_small_and_chunked_when_large(int count, bool gzip)
    {
        var items = new Items(count);
        var (http, pipe) = Context(gzip);
        var bytes = await ReadAllAsync(items.Result, http, pipe);

        Assert.That(Encoding.UTF8.GetString(bytes), Is.EqualTo(items.Text()));
        Assert.That(http.Response.ContentLength, count == 10 ? Is.EqualTo(bytes.Length) : Is.Null);
        Assert.That(http.Response.Headers.ContentEncoding.ToString(), Is.Empty, "small pages and clients without gzip get plain text");
    }

    [Test]
    public async Task A_large_page_is_gzipped_for_a_client_that_accepts_it()
    {
        var items = new Items(5_000);
        var (http, pipe) = Context(gzip: true);
        var bytes = await ReadAllAsync(items.Result, http, pipe);

        Assert.That(http.Response.Headers.ContentEncoding.ToString(), Is.EqualTo("gzip"));
        Assert.That(http.Response.Headers.Vary.ToString(), Is.EqualTo("Accept-Encoding"));
        using var unzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
        using var text = new StreamReader(unzip, Encoding.UTF8);
        Assert.That(await text.ReadToEndAsync(), Is.EqualTo(items.Text()));
        Assert.That(bytes.Length, Is.LessThan(items.Text().Length * 3 / 4));
    }

    [Test]
    public async Task A_client_that_leaves_in_the_middle_of_a_plain_page_stops_its_rendering()
    {
        const int count = 50_000; // ~5 MB of text
        var items = new Items(count);
        var (http, pipe) = Context(gzip: false);
        var writing = Task.Run(() => items.Result.ExecuteAsync(http));

        var first = await pipe.Reader.ReadAsync();
        Assert.That(first.Buffer.Length, Is.GreaterThan(0));
        pipe.Reader.AdvanceTo(first.Buffer.End);
        await pipe.Reader.CompleteAsync(); // the connection is gone: the next flush says so

        await writing.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.That(items.Written, Is.LessThan(count / 4), "items rendered after the client left");
    }

    [Test]
    public async Task A_request_aborted_in_the_middle_of_a_gzipped_page_stops_its_rendering()
    {
        const int count = 50_000;
        var items = new Items(count);
        var (http, pipe) = Context(gzip: true);
        using var aborted = new CancellationTokenSource();
        http.RequestAborted = aborted.Token;
        var writing = Task.Run(() => items.Result.ExecuteAsync(http));

        var first = await pipe.Reader.ReadAsync();
        pipe.Reader.AdvanceTo(first.Buffer.End);
        aborted.Cancel(); // what Kestrel does when the client closes the connection
        await pipe.Reader.CompleteAsync();

        try
        {
            await writing.WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (OperationCanceledException)
        {
            // Ending an aborted request in its cancellation is what Kestrel expects.
        }
        Assert.That(items.Written, Is.LessThan(count / 4), "items rendered after the client left");
    }
}
