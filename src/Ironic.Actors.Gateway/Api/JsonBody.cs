using System.Buffers;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using Ironic.Actors.Gateway.Errors;
using Microsoft.AspNetCore.Http;

namespace Ironic.Actors.Gateway.Api;

/// <summary>A request body: empty, a JSON value (possibly null), or why it cannot be used.</summary>
public sealed record BodyRead(JsonNode? Node, bool IsEmpty, ApiError? Error)
{
    public static BodyRead Empty { get; } = new(null, true, null);
}

/// <summary>Reads request bodies with a size limit and strict JSON parsing, so bad input is a 4xx, never a 500.</summary>
public static class JsonBody
{
    private static readonly JsonDocumentOptions Strict = new() { AllowDuplicateProperties = false, MaxDepth = 64 };

    public static async Task<BodyRead> ReadAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
            return TooLarge(maxBytes);
        using var buffer = new MemoryStream(request.ContentLength is { } length and > 0 ? (int)length : 0);
        // Pooled: a fresh 16 KiB chunk per request was a fifth of the bytes a node creation allocated.
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                    return TooLarge(maxBytes);
                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(maxBytes);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
        var bytes = buffer.ToArray();
        var body = Parse(bytes);
        return body.Error is null && !body.IsEmpty && IsForm(request.ContentType) ? FormArguments(bytes) ?? body : body;
    }

    /// <summary>The form media type, compared as Ironic's web framework does: exactly, lower case, parameters ignored.</summary>
    public const string FormMediaType = "application/x-www-form-urlencoded";

    public static bool IsForm(string? contentType) =>
        contentType is not null && contentType.Split(';', 2)[0].Trim() == FormMediaType;

    /// <summary>
    /// A JSON body sent as a form: Ironic's web framework also reads it as form fields and its argument check
    /// refuses them (400 "Unexpected arguments: ..."), after the body has parsed as JSON. Null when the form has no
    /// fields. The names are listed sorted (Ironic lists them in a set's order, which varies per process).
    /// </summary>
    public static BodyRead? FormArguments(byte[] bytes)
    {
        var names = FormNames(Encoding.UTF8.GetString(bytes));
        return names.Count == 0
            ? null
            : new BodyRead(null, false, ApiError.BadRequest(Messages.UnknownArguments(names.Order(StringComparer.Ordinal))));
    }

    /// <summary>The field names of a form body, as Python's <c>parse_qsl</c> with blank values kept finds them.</summary>
    public static IReadOnlySet<string> FormNames(string form)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var field in form.Split('&'))
        {
            if (field.Length == 0)
                continue;
            var equals = field.IndexOf('=');
            names.Add(WebUtility.UrlDecode(equals < 0 ? field : field[..equals]));
        }
        return names;
    }

    public static BodyRead Parse(byte[] bytes)
    {
        ReadOnlySpan<byte> span = bytes;
        if (span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
            span = span[3..];
        if (span.Trim((ReadOnlySpan<byte>)" \t\r\n"u8).IsEmpty)
            return BodyRead.Empty;
        if (!Utf8.IsValid(span))
            return new BodyRead(null, false, ApiError.BadRequest("The request body is not valid UTF-8."));
        try
        {
            return new BodyRead(JsonNode.Parse(span, documentOptions: Strict), false, null);
        }
        catch (JsonException e)
        {
            return new BodyRead(null, false, ApiError.BadRequest($"The request body is not valid JSON: {e.Message}"));
        }
    }

    private static BodyRead TooLarge(long maxBytes) =>
        new(null, false, new ApiError(StatusCodes.Status413PayloadTooLarge, Messages.BodyTooLarge(maxBytes)));
}
