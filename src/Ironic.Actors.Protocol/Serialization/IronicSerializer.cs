using System.Runtime.Serialization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Akka.Actor;
using Akka.Serialization;

namespace Ironic.Actors.Protocol.Serialization;

/// <summary>
/// Serializes every Ironic.Actors message and stored event as UTF-8 JSON (System.Text.Json) behind a
/// short, versioned string manifest from <see cref="Manifests"/>. JSON keeps the journal readable with
/// plain SQL and lets fields be added without breaking old events.
/// </summary>
public sealed class IronicSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    /// <summary>The serializer id; must stay the same for as long as journals written with it exist.</summary>
    public const int SerializerId = 6385;

    /// <summary>
    /// The JSON settings of every stored event and message; also used for the documents the read model keeps
    /// (<see cref="ToJson{T}"/>), so that they read back exactly as the events that made them.
    /// </summary>
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = false,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
        // Room for the records wrapped around node JSON that the API accepts up to 64 levels deep.
        MaxDepth = 256,
        // Enum members by name, so reordering an enum never changes what a message means.
        Converters = { new JsonStringEnumConverter() },
    };

    public override int Identifier => SerializerId;

    /// <summary>UTF-8 JSON of <paramref name="value"/>, as this serializer writes it.</summary>
    public static byte[] ToJson<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Options);

    /// <summary>Reads what <see cref="ToJson{T}"/> wrote.</summary>
    public static T FromJson<T>(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new SerializationException($"JSON of {typeof(T).Name} decoded to null.");

    public override string Manifest(object o) =>
        Manifests.ByType.TryGetValue(o.GetType(), out var manifest)
            ? manifest
            : throw new SerializationException($"No manifest for {o.GetType().FullName}: add it to {nameof(Manifests)}.");

    public override byte[] ToBinary(object obj)
    {
        _ = Manifest(obj); // refuse types without a manifest before writing anything
        return JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType(), Options);
    }

    public override object FromBinary(byte[] bytes, string manifest)
    {
        if (!Manifests.ByManifest.TryGetValue(manifest, out var type))
            throw new SerializationException($"Unknown manifest '{manifest}': this journal was written by a newer or foreign version.");
        return JsonSerializer.Deserialize(bytes, type, Options)
               ?? throw new SerializationException($"Manifest '{manifest}' decoded to null.");
    }
}
