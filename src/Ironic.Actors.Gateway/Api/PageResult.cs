using System.Buffers;
using System.IO.Compression;
using System.IO.Pipelines;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Ironic.Actors.Gateway.Api;

/// <summary>
/// A list page written item by item as it is sent: each item is rendered as Ironic's JSON text into one small builder,
/// reused, and encoded at once into the response; the page is never held whole, as text or as bytes (a detailed page
/// of 1,000 nodes was ~5 MB of builder chunks, then encoded again: garbage the collector copied when it met a page
/// being written). A page under <see cref="IronicResults.CompressFrom"/> characters goes as one body with its
/// Content-Length; a larger one chunked, gzipped when the client's Accept-Encoding takes gzip.
/// </summary>
/// <param name="count">How many items the page has.</param>
/// <param name="open">Writes the page's opening (<c>{"nodes": [</c>).</param>
/// <param name="item">Writes item i, with the separator before it when i &gt; 0.</param>
/// <param name="close">Writes the page's end (<c>]</c>, the <c>next</c> link, <c>}</c>), once every item is written.</param>
internal sealed class PageResult(int count, Action<StringBuilder> open, Action<StringBuilder, int> item, Action<StringBuilder> close) : IResult
{
    /// <summary>Characters rendered before they are encoded into the response.</summary>
    private const int BatchChars = 16 * 1024;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json";

        var text = new StringBuilder(BatchChars);
        open(text);
        var next = 0;
        while (next < count && text.Length < IronicResults.CompressFrom)
            item(text, next++);
        if (next == count)
        {
            close(text);
            if (text.Length < IronicResults.CompressFrom)
            {
                response.ContentLength = IronicResults.Utf8Length(text);
                await using var whole = Sink.Plain(httpContext);
                await whole.WriteAsync(text);
                await whole.CompleteAsync();
                return;
            }
        }

        response.Headers.Vary = "Accept-Encoding"; // large pages come in two forms
        await using var sink = IronicResults.AcceptsGzip(httpContext.Request) ? Sink.Gzip(httpContext) : Sink.Plain(httpContext);
        await sink.WriteAsync(text);
        while (next < count && !sink.Gone && !httpContext.RequestAborted.IsCancellationRequested)
        {
            text.Clear();
            while (next < count && text.Length < BatchChars)
                item(text, next++);
            if (next == count)
                close(text);
            await sink.WriteAsync(text);
        }
        await sink.CompleteAsync();
    }

    /// <summary>Where a large page's text goes: UTF-8 into the response's pipe, or through gzip into its body.</summary>
    private abstract class Sink : IAsyncDisposable
    {
        protected readonly Encoder Encoder = Encoding.UTF8.GetEncoder();

        public static Sink Plain(HttpContext http) => new PlainSink(http);

        public static Sink Gzip(HttpContext http) => new GzipSink(http);

        /// <summary>Whether the client is gone (its connection closed): nothing more need be rendered.</summary>
        public bool Gone { get; protected set; }

        public abstract Task WriteAsync(StringBuilder text);

        public abstract Task CompleteAsync();

        public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class PlainSink(HttpContext http) : Sink
    {
        private readonly PipeWriter _writer = http.Response.BodyWriter;
        private long _unflushed;

        public override async Task WriteAsync(StringBuilder text)
        {
            _unflushed += IronicResults.Encode(text, Encoder, _writer);
            if (_unflushed >= 64 * 1024) // sent every 64 KB (Kestrel's response buffer), not after every batch
            {
                _unflushed = 0;
                var flushed = await _writer.FlushAsync(http.RequestAborted);
                Gone = flushed.IsCompleted || flushed.IsCanceled;
            }
        }

        public override async Task CompleteAsync()
        {
            Encoder.Convert([], _writer, flush: true, out _, out _);
            await _writer.FlushAsync(http.RequestAborted);
        }
    }

    private sealed class GzipSink : Sink
    {
        private readonly HttpContext _http;
        private readonly GZipStream _gzip;
        private readonly byte[] _bytes;

        public GzipSink(HttpContext http)
        {
            _http = http;
            http.Response.Headers.ContentEncoding = "gzip";
            _gzip = new GZipStream(http.Response.Body, CompressionLevel.Fastest, leaveOpen: true);
            _bytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(BatchChars));
        }

        public override async Task WriteAsync(StringBuilder text)
        {
            foreach (var chunk in text.GetChunks())
            {
                for (var at = 0; at < chunk.Length; at += BatchChars)
                {
                    var slice = chunk.Span.Slice(at, Math.Min(BatchChars, chunk.Length - at));
                    var length = Encoder.GetBytes(slice, _bytes, flush: false);
                    await _gzip.WriteAsync(_bytes.AsMemory(0, length), _http.RequestAborted);
                }
            }
        }

        public override async Task CompleteAsync()
        {
            var length = Encoder.GetBytes([], _bytes, flush: true);
            await _gzip.WriteAsync(_bytes.AsMemory(0, length), _http.RequestAborted);
        }

        public override async ValueTask DisposeAsync()
        {
            await _gzip.DisposeAsync(); // writes gzip's last block
            ArrayPool<byte>.Shared.Return(_bytes);
        }
    }
}
