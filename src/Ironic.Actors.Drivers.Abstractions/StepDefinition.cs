using System.Text.Json.Nodes;

namespace Ironic.Actors.Drivers.Abstractions;

/// <summary>
/// A clean or deploy step offered by an interface, as Ironic lists it in
/// <c>driver_internal_info.clean_steps</c>: interface type, step (method) name, priority
/// (0 = only run when asked for), whether it may be aborted, and the description of its arguments.
/// </summary>
public sealed record StepDefinition(string Interface, string Step, int Priority, bool Abortable, JsonObject? ArgsInfo);
