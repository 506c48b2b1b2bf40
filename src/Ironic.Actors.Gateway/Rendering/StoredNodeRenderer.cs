using System.Text;
using System.Text.Json;
using Ironic.Actors.Gateway.Versioning;
using Ironic.Actors.Protocol.Queries;

namespace Ironic.Actors.Gateway.Rendering;

/// <summary>
/// Writes a node of a list page straight from the document the read model stores (<see cref="NodeQueries.StoredNode"/>),
/// exactly as <see cref="NodeRenderer.Write"/> writes the decoded node: same fields, order, version rules, masking and
/// number text. A page of a thousand nodes then builds no node objects and no JSON trees (decoding each stored node into
/// a node with its eleven JSON objects, to write it out again, was most of a detailed page's CPU and garbage).
/// A property the document lacks shows the node's default, as decoding it would give.
/// </summary>
public static class StoredNodeRenderer
{
    /// <summary>The stored document's top-level properties (the node record's, named as the serializer writes them).</summary>
    private enum P
    {
        Uuid, Name, Driver, DriverInfo, DriverInternalInfo, Properties, InstanceInfo, Extra, CleanStep, DeployStep, RaidConfig,
        TargetRaidConfig, NetworkData, InstanceUuid, AllocationUuid, ChassisUuid, PowerState, TargetPowerState, ProvisionState,
        TargetProvisionState, ProvisionUpdatedAt, LastError, Maintenance, MaintenanceReason, Fault, ConsoleEnabled,
        InspectionStartedAt, InspectionFinishedAt, Interfaces, ResourceClass, Traits, ConductorGroup, AutomatedClean, Protected,
        ProtectedReason, Owner, Lessee, Description, Retired, RetiredReason, BootMode, SecureBoot, Shard, CreatedAt, UpdatedAt,
    }

    private const int PropertyCount = (int)P.UpdatedAt + 1;

    private static readonly Dictionary<string, int> PropertyIndex =
        Enum.GetValues<P>().ToDictionary(p => p.ToString(), p => (int)p, StringComparer.Ordinal);

    private static readonly byte[][] Utf8Names = Enum.GetValues<P>().Select(p => Encoding.UTF8.GetBytes(p.ToString())).ToArray();

    private static readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> PropertyBySpan =
        PropertyIndex.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly string[] NoneHidden = [];
    private static readonly string[] InstanceInfoHidden = ["configdrive", "image_url"];
    private static readonly string[] InternalInfoHidden = ["agent_secret_token"];

    /// <summary>
    /// Writes <paramref name="row"/> as <see cref="NodeRenderer.Write"/> writes its node (all fields the version knows, or
    /// <paramref name="fields"/> then <c>links</c>); answers the node's UUID.
    /// </summary>
    public static string Write(StringBuilder sb, NodeQueries.StoredNode row, ApiVersion version, string baseUrl, IReadOnlyList<string>? fields = null)
    {
        var doc = row.Document;
        Span<Slot> at = stackalloc Slot[PropertyCount];
        Locate(doc, at);
        Span<Slot> interfaces = stackalloc Slot[InterfaceTypes.Length];
        var node = new Stored(doc, at, interfaces, row);
        var uuid = node.Guid(P.Uuid) ?? throw new JsonException("a stored node without its uuid");
        sb.Append('{');
        var first = true;
        if (fields is null)
        {
            foreach (var field in FieldsOf(version))
                WriteField(sb, field, ref node, uuid, version, baseUrl, ref first);
        }
        else
        {
            foreach (var name in fields)
                if (NodeFields.Since(name) is { } since && version.AtLeast(since) && !NodeFields.LinkLists.Contains(name))
                    WriteField(sb, FieldCodes[name], ref node, uuid, version, baseUrl, ref first);
            WriteField(sb, (int)F.Links, ref node, uuid, version, baseUrl, ref first);
        }
        sb.Append('}');
        return uuid;
    }

    /// <summary>Each interface field (e.g. <c>boot_interface</c>) and its property in the stored interfaces (<c>Boot</c>).</summary>
    private static readonly (string Field, string Stored)[] InterfaceTypes = new[]
    {
        "bios", "boot", "console", "deploy", "inspect", "management", "network", "power", "raid", "rescue", "storage", "vendor",
    }.Select(t => (t + "_interface", char.ToUpperInvariant(t[0]) + t[1..])).ToArray();

    /// <summary>The node's fields as <see cref="NodeFields.All"/> names them; the interfaces' fields follow <see cref="Interface"/>.</summary>
    private enum F
    {
        Uuid, CreatedAt, UpdatedAt, AutomatedClean, BootMode, CleanStep, ConductorGroup, ConsoleEnabled, DeployStep, Description,
        Driver, DriverInfo, DriverInternalInfo, Extra, Fault, InspectionFinishedAt, InspectionStartedAt, InstanceInfo, InstanceUuid,
        LastError, Lessee, Maintenance, MaintenanceReason, Name, NetworkData, Owner, PowerState, Properties, Protected,
        ProtectedReason, ProvisionState, ProvisionUpdatedAt, RaidConfig, Reservation, ResourceClass, Retired, RetiredReason,
        SecureBoot, Shard, TargetPowerState, TargetProvisionState, TargetRaidConfig, Traits, Links, Conductor, AllocationUuid,
        ChassisUuid, Ports, States, Portgroups, Volume,
    }

    /// <summary>The code of the first interface field; interface i is <c>Interface + i</c>.</summary>
    private const int Interface = (int)F.Volume + 1;

    /// <summary>Each field name's code: an <see cref="F"/>, or <see cref="Interface"/> plus the interface's index.</summary>
    private static readonly Dictionary<string, int> FieldCodes = Enum.GetValues<F>()
        .Select(f => (Name: Snake(f.ToString()), Code: (int)f))
        .Concat(InterfaceTypes.Select((t, i) => (Name: t.Field, Code: Interface + i)))
        .ToDictionary(f => f.Name, f => f.Code, StringComparer.Ordinal);

    /// <summary>Each code's key as written, e.g. <c>"name": </c> (field names are plain ASCII).</summary>
    private static readonly string[] FieldKeys = FieldCodes.OrderBy(f => f.Value).Select(f => $"\"{f.Key}\": ").ToArray();

    /// <summary>The fields each 1.x version shows, in order, found once per version.</summary>
    private static readonly int[]?[] FieldsByMinor = new int[128][];

    private static int[] FieldsOf(ApiVersion version)
    {
        if (version.Major != 1 || version.Minor is < 0 or >= 128)
            return Shown(version);
        return FieldsByMinor[version.Minor] ??= Shown(version);

        static int[] Shown(ApiVersion version) =>
            NodeFields.All.Where(f => version.AtLeast(f.Since)).Select(f => FieldCodes[f.Name]).ToArray();
    }

    private static string Snake(string pascal) =>
        string.Concat(pascal.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "_" : "") + char.ToLowerInvariant(c) : c.ToString()));

    /// <summary>
    /// Where a value lies in the document: its token's first byte (-1: absent), its kind, and its bytes (for a string,
    /// those between the quotes). Found once per node, so that most fields are written without reading the document again.
    /// </summary>
    private struct Slot
    {
        public int Token;
        public int Start;
        public int Length;
        public JsonTokenType Kind;
        public bool Escaped;

        public static readonly Slot Absent = new() { Token = -1 };

        /// <summary>The slot of the value <paramref name="reader"/> is on (<paramref name="offset"/>: where the reader's span starts in the document); leaves the reader at the value's end.</summary>
        public static Slot Of(ref Utf8JsonReader reader, int offset)
        {
            var token = offset + checked((int)reader.TokenStartIndex);
            if (reader.TokenType == JsonTokenType.String)
                return new Slot { Token = token, Start = token + 1, Length = reader.ValueSpan.Length, Kind = JsonTokenType.String, Escaped = reader.ValueIsEscaped };
            var kind = reader.TokenType;
            reader.Skip();
            return new Slot { Token = token, Start = token, Length = offset + checked((int)reader.BytesConsumed) - token, Kind = kind };
        }

        /// <summary>An empty object or array (<c>{}</c>, <c>[]</c>): written as it is.</summary>
        public bool IsEmpty => Kind is JsonTokenType.StartObject or JsonTokenType.StartArray && Length == 2;
    }

    /// <summary>Where each top-level property's value lies in <paramref name="doc"/>.</summary>
    private static void Locate(byte[] doc, Span<Slot> at)
    {
        at.Fill(Slot.Absent);
        var reader = new Utf8JsonReader(doc);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            throw new JsonException("a stored node that is not a JSON object");
        Span<char> name = stackalloc char[64];
        var expected = 0; // the serializer writes the properties in the record's order: try the next one first
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var index = -1;
            if (expected < PropertyCount && reader.ValueTextEquals(Utf8Names[expected]))
            {
                index = expected;
            }
            else if (!reader.ValueIsEscaped && !reader.HasValueSequence && reader.ValueSpan.Length <= name.Length)
            {
                var length = Encoding.UTF8.GetChars(reader.ValueSpan, name);
                if (PropertyBySpan.TryGetValue(name[..length], out var found))
                    index = found;
            }
            else if (PropertyIndex.TryGetValue(reader.GetString()!, out var found))
            {
                index = found;
            }
            reader.Read();
            if (index >= 0)
            {
                at[index] = Slot.Of(ref reader, 0);
                expected = index + 1;
            }
            else
            {
                reader.Skip();
            }
        }
    }

    /// <summary>The document and where its values are; reads one property at a time.</summary>
    private readonly ref struct Stored
    {
        private readonly byte[] _doc;
        private readonly Span<Slot> _at;
        private readonly Span<Slot> _interfaces;

        /// <summary>Reads <paramref name="doc"/>, whose properties are at <paramref name="at"/>; finds its interfaces into <paramref name="interfaces"/>.</summary>
        public Stored(byte[] doc, Span<Slot> at, Span<Slot> interfaces, NodeQueries.StoredNode row)
        {
            _doc = doc;
            _at = at;
            _interfaces = interfaces;
            Row = row;
            interfaces.Fill(Slot.Absent);
            if (!Value(P.Interfaces, out var r) || r.TokenType != JsonTokenType.StartObject)
                throw new JsonException("a stored node without its interfaces");
            var start = at[(int)P.Interfaces].Token;
            var expected = 0; // stored in the same order as InterfaceTypes
            while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
            {
                var index = -1;
                if (expected < InterfaceTypes.Length && r.ValueTextEquals(InterfaceTypes[expected].Stored))
                    index = expected;
                for (var i = 0; i < InterfaceTypes.Length && index < 0; i++)
                    if (r.ValueTextEquals(InterfaceTypes[i].Stored))
                        index = i;
                r.Read();
                if (index >= 0)
                {
                    interfaces[index] = Slot.Of(ref r, start);
                    expected = index + 1;
                }
                else
                {
                    r.Skip();
                }
            }
        }

        public NodeQueries.StoredNode Row { get; }

        public Slot this[P p] => _at[(int)p];

        /// <summary>A reader on the value of <paramref name="p"/>; false when the document lacks it.</summary>
        public bool Value(P p, out Utf8JsonReader reader) => Read(_at[(int)p], out reader);

        private bool Read(Slot slot, out Utf8JsonReader reader)
        {
            if (slot.Token < 0)
            {
                reader = default;
                return false;
            }
            reader = new Utf8JsonReader(_doc.AsSpan(slot.Token));
            reader.Read();
            return true;
        }

        private bool IsNull(P p) => _at[(int)p].Kind is JsonTokenType.Null or JsonTokenType.None;

        public string? String(P p) => !IsNull(p) && Value(p, out var r) ? r.GetString() : null;

        /// <summary>Writes the string value of <paramref name="p"/> (null when absent) as <see cref="PyJson"/> writes it.</summary>
        public void AppendString(StringBuilder sb, P p) => Append(sb, _at[(int)p]);

        /// <summary>Writes the string (or null) in <paramref name="slot"/> as <see cref="StoredNodeRenderer.AppendString"/> does, reading it only when it is not plain.</summary>
        private void Append(StringBuilder sb, Slot slot)
        {
            if (slot.Kind is JsonTokenType.Null or JsonTokenType.None)
            {
                sb.Append("null");
                return;
            }
            var raw = _doc.AsSpan(slot.Start, slot.Length);
            if (slot.Kind == JsonTokenType.String && !slot.Escaped && IsPlain(raw))
            {
                AppendPlain(sb, raw);
                return;
            }
            Read(slot, out var reader);
            StoredNodeRenderer.AppendString(sb, ref reader);
        }

        public bool? Bool(P p, bool? absent) => _at[(int)p].Kind switch
        {
            JsonTokenType.None => absent,
            JsonTokenType.True => true,
            JsonTokenType.False => false,
            _ => null,
        };

        public DateTimeOffset? Time(P p) => !IsNull(p) && Value(p, out var r) ? r.GetDateTimeOffset() : null;

        public string? Guid(P p) => !IsNull(p) && Value(p, out var r) ? r.GetGuid().ToString() : null;

        /// <summary>Writes the interface of type <see cref="InterfaceTypes"/>[<paramref name="index"/>].</summary>
        public void AppendInterface(StringBuilder sb, int index)
        {
            var slot = _interfaces[index];
            if (slot.Token < 0)
                throw new JsonException($"a stored node without its {InterfaceTypes[index].Field}");
            Append(sb, slot);
        }
    }

    /// <summary>Whether a string's raw bytes are printable ASCII, which <see cref="PyJson"/> writes unchanged.</summary>
    private static bool IsPlain(ReadOnlySpan<byte> raw) => raw.IndexOfAnyExceptInRange((byte)0x20, (byte)0x7e) < 0;

    /// <summary>Appends a plain string's bytes (see <see cref="IsPlain"/>) in quotes.</summary>
    private static void AppendPlain(StringBuilder sb, ReadOnlySpan<byte> raw)
    {
        sb.Append('"');
        Span<char> chars = stackalloc char[Math.Min(raw.Length, 256)]; // zeroed: no larger than needed
        while (raw.Length > 0)
        {
            var n = Math.Min(raw.Length, chars.Length);
            System.Text.Ascii.ToUtf16(raw[..n], chars, out _);
            sb.Append(chars[..n]);
            raw = raw[n..];
        }
        sb.Append('"');
    }

    private static void WriteField(StringBuilder sb, int field, ref Stored node, string uuid, ApiVersion version, string baseUrl, ref bool first)
    {
        if (!first)
            sb.Append(", ");
        first = false;
        sb.Append(FieldKeys[field]);
        if (field >= Interface)
        {
            node.AppendInterface(sb, field - Interface);
            return;
        }
        switch ((F)field)
        {
            case F.Uuid: PyJson.AppendString(sb, uuid); break;
            case F.CreatedAt: Time(sb, node.Time(P.CreatedAt)); break;
            case F.UpdatedAt: Time(sb, node.Time(P.UpdatedAt)); break;
            case F.AutomatedClean: PyJson.AppendBool(sb, node.Bool(P.AutomatedClean, absent: null)); break;
            case F.BootMode: node.AppendString(sb, P.BootMode); break;
            case F.CleanStep: Json(sb, ref node, P.CleanStep); break;
            case F.ConductorGroup: PyJson.AppendString(sb, node.String(P.ConductorGroup) ?? ConductorGroupOrEmpty(ref node)); break;
            case F.ConsoleEnabled: PyJson.AppendBool(sb, node.Bool(P.ConsoleEnabled, absent: false)); break;
            case F.DeployStep: Json(sb, ref node, P.DeployStep); break;
            case F.Description: node.AppendString(sb, P.Description); break;
            case F.Driver: node.AppendString(sb, P.Driver); break;
            case F.DriverInfo: Masked(sb, ref node, P.DriverInfo, deep: true, NoneHidden); break;
            case F.DriverInternalInfo: Masked(sb, ref node, P.DriverInternalInfo, deep: false, InternalInfoHidden); break;
            case F.Extra: Json(sb, ref node, P.Extra); break;
            case F.Fault: node.AppendString(sb, P.Fault); break;
            case F.InspectionFinishedAt: Time(sb, node.Time(P.InspectionFinishedAt)); break;
            case F.InspectionStartedAt: Time(sb, node.Time(P.InspectionStartedAt)); break;
            case F.InstanceInfo: Masked(sb, ref node, P.InstanceInfo, deep: true, InstanceInfoHidden); break;
            case F.InstanceUuid: node.AppendString(sb, P.InstanceUuid); break;
            case F.LastError: node.AppendString(sb, P.LastError); break;
            case F.Lessee: node.AppendString(sb, P.Lessee); break;
            case F.Maintenance: PyJson.AppendBool(sb, node.Bool(P.Maintenance, absent: false)); break;
            case F.MaintenanceReason: node.AppendString(sb, P.MaintenanceReason); break;
            case F.Name: node.AppendString(sb, P.Name); break;
            case F.NetworkData: Json(sb, ref node, P.NetworkData); break;
            case F.Owner: node.AppendString(sb, P.Owner); break;
            case F.PowerState: node.AppendString(sb, P.PowerState); break;
            case F.Properties: Json(sb, ref node, P.Properties); break;
            case F.Protected: PyJson.AppendBool(sb, node.Bool(P.Protected, absent: false)); break;
            case F.ProtectedReason: node.AppendString(sb, P.ProtectedReason); break;
            case F.ProvisionState:
                PyJson.AppendString(sb, NodeRenderer.ShownProvisionState(
                    node.String(P.ProvisionState) ?? throw new JsonException("a stored node without its provision state"), version));
                break;
            case F.ProvisionUpdatedAt: Time(sb, node.Time(P.ProvisionUpdatedAt)); break;
            case F.RaidConfig: Json(sb, ref node, P.RaidConfig); break;
            case F.Reservation: PyJson.AppendString(sb, node.Row.Reservation); break;
            case F.ResourceClass: node.AppendString(sb, P.ResourceClass); break;
            case F.Retired: PyJson.AppendBool(sb, node.Bool(P.Retired, absent: false)); break;
            case F.RetiredReason: node.AppendString(sb, P.RetiredReason); break;
            case F.SecureBoot: PyJson.AppendBool(sb, node.Bool(P.SecureBoot, absent: null)); break;
            case F.Shard: node.AppendString(sb, P.Shard); break;
            case F.TargetPowerState: node.AppendString(sb, P.TargetPowerState); break;
            case F.TargetProvisionState: node.AppendString(sb, P.TargetProvisionState); break;
            case F.TargetRaidConfig: Json(sb, ref node, P.TargetRaidConfig); break;
            case F.Traits: Json(sb, ref node, P.Traits, absent: "[]"); break;
            case F.Links: Links.WriteSelfAndBookmark(sb, baseUrl, "nodes", uuid); break;
            case F.Conductor: PyJson.AppendString(sb, node.Row.Conductor); break;
            case F.AllocationUuid: PyJson.AppendString(sb, node.Guid(P.AllocationUuid)); break;
            case F.ChassisUuid: node.AppendString(sb, P.ChassisUuid); break;
            case F.Ports: Links.WriteSelfAndBookmark(sb, baseUrl, "nodes", uuid, "ports"); break;
            case F.States: Links.WriteSelfAndBookmark(sb, baseUrl, "nodes", uuid, "states"); break;
            case F.Portgroups: Links.WriteSelfAndBookmark(sb, baseUrl, "nodes", uuid, "portgroups"); break;
            case F.Volume: Links.WriteSelfAndBookmark(sb, baseUrl, "nodes", uuid, "volume"); break;
            default: throw new ArgumentOutOfRangeException(nameof(field), field, "not a node field");
        }
    }

    /// <summary>A stored conductor group of JSON null reads as null; an absent one is the node's default, "".</summary>
    private static string? ConductorGroupOrEmpty(ref Stored node) => node.Value(P.ConductorGroup, out _) ? null : "";

    private static void Time(StringBuilder sb, DateTimeOffset? time) => Timestamps.AppendJson(sb, time);

    /// <summary>
    /// A JSON value of the node (an object, or the traits' array): written as stored, an empty one without reading it
    /// again; an absent one is the node's default, <paramref name="absent"/>.
    /// </summary>
    private static void Json(StringBuilder sb, ref Stored node, P p, string absent = "{}")
    {
        if (AppendEmpty(sb, node[p]))
            return;
        if (!node.Value(p, out var reader))
            sb.Append(absent);
        else
            WriteValue(sb, ref reader);
    }

    private static void Masked(StringBuilder sb, ref Stored node, P p, bool deep, string[] alwaysHidden)
    {
        if (AppendEmpty(sb, node[p]))
            return;
        if (!node.Value(p, out var reader))
            sb.Append("{}");
        else if (reader.TokenType != JsonTokenType.StartObject)
            WriteValue(sb, ref reader);
        else
            WriteMasked(sb, ref reader, deep, alwaysHidden);
    }

    /// <summary>Writes the value in <paramref name="slot"/> when it is an empty object or array (nothing to mask); false otherwise.</summary>
    private static bool AppendEmpty(StringBuilder sb, Slot slot)
    {
        if (!slot.IsEmpty)
            return false;
        sb.Append(slot.Kind == JsonTokenType.StartArray ? "[]" : "{}");
        return true;
    }

    /// <summary>
    /// The object the reader is on, as <see cref="SecretMasker"/> writes it: a top-level key in <paramref name="alwaysHidden"/>
    /// with a non-null value shows the mask; with <paramref name="deep"/>, nested objects are masked the same way and other
    /// secret-looking keys show the mask whatever their value.
    /// </summary>
    private static void WriteMasked(StringBuilder sb, ref Utf8JsonReader reader, bool deep, string[] alwaysHidden)
    {
        sb.Append('{');
        var first = true;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!first)
                sb.Append(", ");
            first = false;
            var key = reader.GetString()!;
            PyJson.AppendString(sb, key);
            sb.Append(": ");
            reader.Read();
            if (reader.TokenType != JsonTokenType.Null && Array.IndexOf(alwaysHidden, key) >= 0)
            {
                PyJson.AppendString(sb, SecretMasker.Mask);
                reader.Skip();
            }
            else if (deep && reader.TokenType == JsonTokenType.StartObject)
            {
                WriteMasked(sb, ref reader, deep: true, NoneHidden);
            }
            else if (deep && SecretMasker.LooksSecret(key))
            {
                PyJson.AppendString(sb, SecretMasker.Mask);
                reader.Skip();
            }
            else
            {
                WriteValue(sb, ref reader);
            }
        }
        sb.Append('}');
    }

    /// <summary>
    /// The string (or null) the reader is on, as <see cref="PyJson"/> writes it: straight from the document's bytes when
    /// they are printable ASCII with nothing escaped (most values), which PyJson would write unchanged; else decoded and
    /// escaped by PyJson.
    /// </summary>
    private static void AppendString(StringBuilder sb, ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            sb.Append("null");
            return;
        }
        if (reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped || reader.HasValueSequence || !IsPlain(reader.ValueSpan))
            PyJson.AppendString(sb, reader.GetString());
        else
            AppendPlain(sb, reader.ValueSpan);
    }

    /// <summary>The value the reader is on, as <see cref="PyJson"/> writes it (numbers keep their stored text).</summary>
    private static void WriteValue(StringBuilder sb, ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                WriteMasked(sb, ref reader, deep: false, NoneHidden); // nothing hidden: the object as it is
                break;
            case JsonTokenType.StartArray:
            {
                sb.Append('[');
                var first = true;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (!first)
                        sb.Append(", ");
                    first = false;
                    WriteValue(sb, ref reader);
                }
                sb.Append(']');
                break;
            }
            case JsonTokenType.String:
                AppendString(sb, ref reader);
                break;
            case JsonTokenType.Number:
                foreach (var b in reader.ValueSpan)
                    sb.Append((char)b);
                break;
            case JsonTokenType.True:
                sb.Append("true");
                break;
            case JsonTokenType.False:
                sb.Append("false");
                break;
            default:
                sb.Append("null");
                break;
        }
    }
}
