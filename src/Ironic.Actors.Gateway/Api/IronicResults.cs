using System.Text;
using System.Text.Json.Nodes;
using Ironic.Actors.Gateway.Errors;
using Ironic.Actors.Gateway.Rendering;
using Microsoft.AspNetCore.Http;

namespace Ironic.Actors.Gateway.Api;

/// <summary>
/// Responses shaped like Ironic's: JSON written as Python writes it with <c>Content-Type: application/json</c>,
/// errors double-encoded, and 202/204 with no body and no Content-Type.
/// </summary>
public static class IronicResults
{
    public static IResult Json(JsonNode body, int status = StatusCodes.Status200OK, string? location = null) =>
        new BodyResult(status, PyJson.Serialize(body), location, null);

    /// <summary>A body already written as Ironic's JSON text (by a renderer that writes straight to text).</summary>
    public static IResult JsonText(string json, int status = StatusCodes.Status200OK, string? location = null) =>
        new BodyResult(status, json, location, null);

    /// <summary>
    /// A list page of <paramref name="count"/> items, rendered item by item as it is sent (<see cref="PageResult"/>):
    /// <paramref name="open"/>, each <paramref name="item"/> (with its separator), then <paramref name="close"/>.
    /// </summary>
    public static IResult Page(int count, Action<StringBuilder> open, Action<StringBuilder, int> item, Action<StringBuilder> close) =>
        new PageResult(count, open, item, close);

    /// <summary>
    /// A body of a few kilobytes that <paramref name="render"/> writes as Ironic's JSON text (one node): rendered when the
    /// response is written, into a builder kept per thread, and encoded from it straight into the response, so neither a
    /// builder, nor a string, nor its bytes are allocated for each answer (they were the largest part of what a create or a
    /// GET of a node allocated).
    /// </summary>
    public static IResult Rendered(Action<StringBuilder> render, int status = StatusCodes.Status200OK, string? location = null) =>
        new RenderedResult(render, status, location);

    public static IResult Error(int status, string faultstring) =>
        new BodyResult(status, ErrorBody.Render(status, faultstring), null, null);

    public static IResult Error(ApiError error) => Error(error.Status, error.Message);

    /// <summary>An error raised by webob inside Ironic (not by its own exceptions): <c>{"code", "title", "description"}</c> inside error_message.</summary>
    public static IResult WebobError(int status, string title, string description) =>
        new BodyResult(status, PyJson.Serialize(new JsonObject
        {
            ["error_message"] = PyJson.Serialize(new JsonObject { ["code"] = status, ["title"] = title, ["description"] = description }),
        }), null, null);

    /// <summary>
    /// A resource the requested microversion does not have yet, as Ironic's webob refuses it: 404 for a read, 405 for
    /// anything else (HEAD never gets here: <c>RefuseHead</c> answers it), "The API version does not allow <paramref name="what"/>".
    /// </summary>
    public static IResult VersionDoesNotAllow(HttpContext http, string what) =>
        http.Request.Method is "GET" or "HEAD"
            ? WebobError(StatusCodes.Status404NotFound, "Not Found", $"The API version does not allow {what}")
            : WebobError(StatusCodes.Status405MethodNotAllowed, "Method Not Allowed", $"The API version does not allow {what}");

    public static IResult MethodNotAllowed(string method, IEnumerable<string> allowed) =>
        new BodyResult(StatusCodes.Status405MethodNotAllowed,
            ErrorBody.Render(StatusCodes.Status405MethodNotAllowed, Messages.MethodNotAllowed(method)), null,
            string.Join(", ", allowed));

    /// <summary>202 Accepted or 204 No Content: empty body, no Content-Type.</summary>
    public static IResult Empty(int status, string? location = null) => new EmptyResult(status, location);

    private sealed class BodyResult(int status, string json, string? location, string? allow) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            var bytes = Encoding.UTF8.GetBytes(json);
            response.StatusCode = status;
            response.ContentType = "application/json";
            response.ContentLength = bytes.Length;
            if (location is not null)
                response.Headers.Location = location;
            if (allow is not null)
                response.Headers.Allow = allow;
            await response.Body.WriteAsync(bytes, httpContext.RequestAborted);
        }
    }

    /// <summary>Characters of a list page's text from which it is sent chunked, and gzipped for a client that accepts it (<see cref="PageResult"/>).</summary>
    public const int CompressFrom = 64 * 1024;

    /// <summary>Whether the request's Accept-Encoding takes gzip (a q of 0 refuses it), as python-requests and Go's HTTP client send.</summary>
    public static bool AcceptsGzip(HttpRequest request)
    {
        var values = request.Headers.AcceptEncoding;
        if (values.Count == 0)
            return false;
        if (!Microsoft.Net.Http.Headers.StringWithQualityHeaderValue.TryParseList(values, out var codings))
            return false;
        var gzip = codings.FirstOrDefault(c => c.Value.Equals("gzip", StringComparison.OrdinalIgnoreCase))
            ?? codings.FirstOrDefault(c => c.Value.Equals("*", StringComparison.Ordinal));
        return gzip is not null && (gzip.Quality ?? 1) > 0;
    }

    /// <summary>
    /// The UTF-8 length of <paramref name="json"/>'s text, counted chunk by chunk with an encoder of its own: a surrogate pair
    /// split between two chunks is counted (and written) once.
    /// </summary>
    internal static long Utf8Length(StringBuilder json)
    {
        var counter = Encoding.UTF8.GetEncoder();
        long length = 0;
        foreach (var chunk in json.GetChunks())
            length += counter.GetByteCount(chunk.Span, flush: false);
        return length + counter.GetByteCount([], flush: true);
    }

    /// <summary>
    /// Encodes <paramref name="text"/>'s chunks as UTF-8 into <paramref name="writer"/> with <paramref name="encoder"/>
    /// (which keeps a surrogate pair split between chunks, and between calls, until its second half); answers the bytes written.
    /// </summary>
    internal static long Encode(StringBuilder text, Encoder encoder, System.Buffers.IBufferWriter<byte> writer)
    {
        long written = 0;
        foreach (var chunk in text.GetChunks())
        {
            encoder.Convert(chunk.Span, writer, flush: false, out var bytes, out _);
            written += bytes;
        }
        return written;
    }

    private sealed class RenderedResult(Action<StringBuilder> render, int status, string? location) : IResult
    {
        [ThreadStatic]
        private static StringBuilder? _builder;

        public Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = status;
            response.ContentType = "application/json";
            if (location is not null)
                response.Headers.Location = location;
            // The builder is this thread's only until the first await: render and encode before it.
            var json = _builder ?? new StringBuilder(4096);
            _builder = null;
            try
            {
                render(json);
                response.ContentLength = Utf8Length(json);
                var encoder = Encoding.UTF8.GetEncoder();
                Encode(json, encoder, response.BodyWriter);
                encoder.Convert([], response.BodyWriter, flush: true, out _, out _);
            }
            finally
            {
                if (json.Capacity <= MaxKeptChars)
                {
                    json.Clear();
                    _builder = json;
                }
            }
            return response.BodyWriter.FlushAsync(httpContext.RequestAborted).AsTask();
        }

        /// <summary>A node with a very large document leaves its builder to the collector instead of keeping it per thread.</summary>
        private const int MaxKeptChars = 64 * 1024;
    }

    private sealed class EmptyResult(int status, string? location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = status;
            if (status != StatusCodes.Status204NoContent)
                response.ContentLength = 0;
            if (location is not null)
                response.Headers.Location = location;
            return Task.CompletedTask;
        }
    }
}
