using System.Text.Json;

namespace Ironic.Actors.Bench.Scale;

/// <summary>
/// What the benchmark needs of a list page — how many nodes it holds and its <c>next</c> link — read from its UTF-8
/// bytes with a forward-only reader, building nothing: the client shares the server's cores, and decoding each page of
/// 1,000 detailed nodes (~1 MB) into a string and then a document allocated three times its size for two numbers.
/// </summary>
internal static class PageScan
{
    /// <summary>The number of elements of the top-level <c>nodes</c> array and the top-level <c>next</c> string (null when absent).</summary>
    public static (int Count, string? Next) Read(ReadOnlySpan<byte> page)
    {
        var reader = new Utf8JsonReader(page);
        var count = 0;
        string? next = null;
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            throw new JsonException("a list page is a JSON object");
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("nodes"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartArray)
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        count++;
                        reader.Skip();
                    }
                else
                    reader.Skip();
            }
            else if (reader.ValueTextEquals("next"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                    next = reader.GetString();
                else
                    reader.Skip();
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        return (count, next);
    }
}
