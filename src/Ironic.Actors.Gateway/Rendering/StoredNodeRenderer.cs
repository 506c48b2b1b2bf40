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
        Span<int> at = stackalloc int[PropertyCount];
        Locate(doc, at);
        Span<int> interfaces = stackalloc int[InterfaceTypes.Length];
        var node = new Stored(doc, at, interfaces, row);
        var uuid = node.Guid(P.Uuid) ?? throw new JsonException("a stored node without its uuid");
        sb.Append('{');
        var first = true;
        if (fields is null)
        {
            foreach (var (name, since) in NodeFields.All)
                if (version.AtLeast(since))
                    WriteField(sb, name, ref node, uuid, version, baseUrl, ref first);
        }
        else
        {
            foreach (var name in fields)
                if (NodeFields.Since(name) is { } since && version.AtLeast(since) && !NodeFields.LinkLists.Contains(name))
                    WriteField(sb, name, ref node, uuid, version, baseUrl, ref first);
            WriteField(sb, "links", ref node, uuid, version, baseUrl, ref first);
        }
        sb.Append('}');
        return uuid;
    }

    /// <summary>Where each top-level property's value starts in <paramref name="doc"/> (-1: absent).</summary>
    private static void Locate(byte[] doc, Span<int> at)
    {
        at.Fill(-1);
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
                at[index] = checked((int)reader.TokenStartIndex);
                expected = index + 1;
            }
            reader.Skip();
        }
    }

    /// <summary>The document and where its properties are; reads one property at a time.</summary>
    private readonly ref struct Stored
    {
        private readonly byte[] _doc;
        private readonly Span<int> _at;
        private readonly Span<int> _interfaces;

        /// <summary>Reads <paramref name="doc"/>, whose properties start at <paramref name="at"/>; finds its interfaces into <paramref name="interfaces"/>.</summary>
        public Stored(byte[] doc, Span<int> at, Span<int> interfaces, NodeQueries.StoredNode row)
        {
            _doc = doc;
            _at = at;
            _interfaces = interfaces;
            Row = row;
            interfaces.Fill(-1);
            if (!Value(P.Interfaces, out var r) || r.TokenType != JsonTokenType.StartObject)
                throw new JsonException("a stored node without its interfaces");
            var start = at[(int)P.Interfaces];
            while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
            {
                var index = -1;
                for (var i = 0; i < InterfaceTypes.Length && index < 0; i++)
                    if (r.ValueTextEquals(InterfaceTypes[i].Stored))
                        index = i;
                r.Read();
                if (index >= 0)
                    interfaces[index] = start + checked((int)r.TokenStartIndex);
                r.Skip();
            }
        }

        public NodeQueries.StoredNode Row { get; }

        /// <summary>A reader on the value of <paramref name="p"/>; false when the document lacks it.</summary>
        public bool Value(P p, out Utf8JsonReader reader)
        {
            var start = _at[(int)p];
            if (start < 0)
            {
                reader = default;
                return false;
            }
            reader = new Utf8JsonReader(_doc.AsSpan(start));
            reader.Read();
            return true;
        }

        public string? String(P p) => Value(p, out var r) && r.TokenType != JsonTokenType.Null ? r.GetString() : null;

        /// <summary>Writes the string value of <paramref name="p"/> (null when absent) as <see cref="PyJson"/> writes it.</summary>
        public void AppendString(StringBuilder sb, P p)
        {
            if (Value(p, out var r))
                StoredNodeRenderer.AppendString(sb, ref r);
            else
                sb.Append("null");
        }

        public bool? Bool(P p, bool? absent) => !Value(p, out var r) ? absent : r.TokenType switch
        {
            JsonTokenType.True => true,
            JsonTokenType.False => false,
            _ => null,
        };

        public DateTimeOffset? Time(P p) => Value(p, out var r) && r.TokenType != JsonTokenType.Null ? r.GetDateTimeOffset() : null;

        public string? Guid(P p) => Value(p, out var r) && r.TokenType != JsonTokenType.Null ? r.GetGuid().ToString() : null;

        /// <summary>Writes the interface of type <see cref="InterfaceTypes"/>[<paramref name="index"/>].</summary>
        public void AppendInterface(StringBuilder sb, int index)
        {
            var start = _interfaces[index];
            if (start < 0)
                throw new JsonException($"a stored node without its {InterfaceTypes[index].Field}");
            var reader = new Utf8JsonReader(_doc.AsSpan(start));
            reader.Read();
            StoredNodeRenderer.AppendString(sb, ref reader);
        }
    }

    /// <summary>Each interface field (e.g. <c>boot_interface</c>) and its property in the stored interfaces (<c>Boot</c>).</summary>
    private static readonly (string Field, string Stored)[] InterfaceTypes = new[]
    {
        "bios", "boot", "console", "deploy", "inspect", "management", "network", "power", "raid", "rescue", "storage", "vendor",
    }.Select(t => (t + "_interface", char.ToUpperInvariant(t[0]) + t[1..])).ToArray();

    private static readonly Dictionary<string, int> InterfaceIndex =
        InterfaceTypes.Select((t, i) => (t.Field, i)).ToDictionary(t => t.Field, t => t.i, StringComparer.Ordinal);

    private static void WriteField(StringBuilder sb, string field, ref Stored node, string uuid, ApiVersion version, string baseUrl, ref bool first)
    {
        if (!first)
            sb.Append(", ");
        first = false;
        sb.Append('"').Append(field).Append("\": "); // field names are plain ASCII
        if (InterfaceIndex.TryGetValue(field, out var type))
        {
            node.AppendInterface(sb, type);
            return;
        }
        switch (field)
        {
            case "uuid": PyJson.AppendString(sb, uuid); break;
            case "created_at": Time(sb, node.Time(P.CreatedAt)); break;
            case "updated_at": Time(sb, node.Time(P.UpdatedAt)); break;
            case "automated_clean": PyJson.AppendBool(sb, node.Bool(P.AutomatedClean, absent: null)); break;
            case "boot_mode": node.AppendString(sb, P.BootMode); break;
            case "clean_step": Json(sb, ref node, P.CleanStep); break;
            case "conductor_group": PyJson.AppendString(sb, node.String(P.ConductorGroup) ?? ConductorGroupOrEmpty(ref node)); break;
            case "console_enabled": PyJson.AppendBool(sb, node.Bool(P.ConsoleEnabled, absent: false)); break;
            case "deploy_step": Json(sb, ref node, P.DeployStep); break;
            case "description": node.AppendString(sb, P.Description); break;
            case "driver": node.AppendString(sb, P.Driver); break;
            case "driver_info": Masked(sb, ref node, P.DriverInfo, deep: true, NoneHidden); break;
            case "driver_internal_info": Masked(sb, ref node, P.DriverInternalInfo, deep: false, InternalInfoHidden); break;
            case "extra": Json(sb, ref node, P.Extra); break;
            case "fault": node.AppendString(sb, P.Fault); break;
            case "inspection_finished_at": Time(sb, node.Time(P.InspectionFinishedAt)); break;
            case "inspection_started_at": Time(sb, node.Time(P.InspectionStartedAt)); break;
            case "instance_info": Masked(sb, ref node, P.InstanceInfo, deep: true, InstanceInfoHidden); break;
            case "instance_uuid": node.AppendString(sb, P.InstanceUuid); break;
            case "last_error": node.AppendString(sb, P.LastError); break;
            case "lessee": node.AppendString(sb, P.Lessee); break;
            case "maintenance": PyJson.AppendBool(sb, node.Bool(P.Maintenance, absent: false)); break;
            case "maintenance_reason": node.AppendString(sb, P.MaintenanceReason); break;
            case "name": node.AppendString(sb, P.Name); break;
            case "network_data": Json(sb, ref node, P.NetworkData); break;
            case "owner": node.AppendString(sb, P.Owner); break;
            case "power_state": node.AppendString(sb, P.PowerState); break;
            case "properties": Json(sb, ref node, P.Properties); break;
            case "protected": PyJson.AppendBool(sb, node.Bool(P.Protected, absent: false)); break;
            case "protected_reason": node.AppendString(sb, P.ProtectedReason); break;
            case "provision_state":
                PyJson.AppendString(sb, NodeRenderer.ShownProvisionState(
                    node.String(P.ProvisionState) ?? throw new JsonException("a stored node without its provision state"), version));
                break;
            case "provision_updated_at": Time(sb, node.Time(P.ProvisionUpdatedAt)); break;
            case "raid_config": Json(sb, ref node, P.RaidConfig); break;
            case "reservation": PyJson.AppendString(sb, node.Row.Reservation); break;
            case "resource_class": node.AppendString(sb, P.ResourceClass); break;
            case "retired": PyJson.AppendBool(sb, node.Bool(P.Retired, absent: false)); break;
            case "retired_reason": node.AppendString(sb, P.RetiredReason); break;
            case "secure_boot": PyJson.AppendBool(sb, node.Bool(P.SecureBoot, absent: null)); break;
            case "shard": node.AppendString(sb, P.Shard); break;
            case "target_power_state": node.AppendString(sb, P.TargetPowerState); break;
            case "target_provision_state": node.AppendString(sb, P.TargetProvisionState); break;
            case "target_raid_config": Json(sb, ref node, P.TargetRaidConfig); break;
            case "traits": Traits(sb, ref node); break;
            case "links": Links.WriteSelfAndBookmark(sb, baseUrl, "nodes/" + uuid); break;
            case "conductor": PyJson.AppendString(sb, node.Row.Conductor); break;
            case "allocation_uuid": PyJson.AppendString(sb, node.Guid(P.AllocationUuid)); break;
            case "chassis_uuid": node.AppendString(sb, P.ChassisUuid); break;
            case "ports" or "states" or "portgroups" or "volume": Links.WriteSelfAndBookmark(sb, baseUrl, $"nodes/{uuid}/{field}"); break;
            default: throw new ArgumentOutOfRangeException(nameof(field), field, "not a node field");
        }
    }

    /// <summary>A stored conductor group of JSON null reads as null; an absent one is the node's default, "".</summary>
    private static string? ConductorGroupOrEmpty(ref Stored node) => node.Value(P.ConductorGroup, out _) ? null : "";

    private static void Time(StringBuilder sb, DateTimeOffset? time) => PyJson.AppendString(sb, time is { } t ? Timestamps.Format(t) : null);

    /// <summary>A JSON object of the node (an absent one is the node's default, empty).</summary>
    private static void Json(StringBuilder sb, ref Stored node, P p)
    {
        if (!node.Value(p, out var reader))
            sb.Append("{}");
        else
            WriteValue(sb, ref reader);
    }

    private static void Masked(StringBuilder sb, ref Stored node, P p, bool deep, string[] alwaysHidden)
    {
        if (!node.Value(p, out var reader))
            sb.Append("{}");
        else if (reader.TokenType != JsonTokenType.StartObject)
            WriteValue(sb, ref reader);
        else
            WriteMasked(sb, ref reader, deep, alwaysHidden);
    }

    private static void Traits(StringBuilder sb, ref Stored node)
    {
        if (!node.Value(P.Traits, out var reader))
            sb.Append("[]");
        else
            WriteValue(sb, ref reader);
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
        var raw = reader.ValueSpan;
        if (reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped || reader.HasValueSequence
            || raw.IndexOfAnyExceptInRange((byte)0x20, (byte)0x7e) >= 0)
        {
            PyJson.AppendString(sb, reader.GetString());
            return;
        }
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
