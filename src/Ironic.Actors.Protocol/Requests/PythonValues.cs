using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Domain.Ports;

namespace Ironic.Actors.Protocol.Requests;

/// <summary>
/// Values as Ironic's Python prints and reads them in its messages (repr, <c>%s</c>, strict booleans), for the
/// gateway's own argument errors; worded by the domain, as the decisions' messages are.
/// </summary>
public static class PythonValues
{
    /// <summary>Python's repr of a JSON value (<c>'a'</c>, <c>True</c>, <c>None</c>, <c>{'k': 1}</c>).</summary>
    public static string Repr(JsonNode? value) => PythonText.Of(value);

    /// <summary>Python's repr of a string.</summary>
    public static string Repr(string value) => PythonText.Of(value);

    /// <summary>How Python prints a value inside a format string (<c>%s</c>): strings bare, the rest as repr.</summary>
    public static string Str(JsonNode? value) => PythonText.Str(value);

    /// <summary>wsme's "Invalid input for field/attribute X. Value: '…'. Wrong type. Expected '…', got '…'."</summary>
    public static string WrongType(string field, JsonNode? value, string expected) => FieldRules.WrongType(field, value, expected);

    /// <summary>Ironic's strict boolean reading (strutils.bool_from_string) of <paramref name="field"/>, or its 400 message.</summary>
    public static (bool? Value, string? Error) Boolean(string field, JsonNode? value) => PythonText.Boolean(field, value);
}
