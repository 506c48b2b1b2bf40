namespace Ironic.Actors.Bench.Scale;

/// <summary>
/// The labels the scale mode prints its phase lines (and table rows) under, in the order they run; the CI smoke
/// checks that each one was printed.
/// </summary>
public static class ScalePhases
{
    public const string Create = "create node";
    public const string ReadWarm = "GET node warm (name/uuid)";
    public const string DetailPage = "list detail, 1000/page";
    public const string FilteredPagePrefix = "list detail filtered: ";
    public const string PlainPage = "list plain, 1000/page";
    public const string CreateDuringLists = "create node (while listing)";
    public const string FilteredDuringCreate = "list detail filtered (while creating)";
    public const string RestartStop = "restart: SIGTERM to exit";
    public const string RestartApi = "restart: start to GET /v1";
    public const string RestartLists = "restart: start to full node page";
    public const string ReadCold = "GET node cold (uuid, random)";
    public const string Lifecycle = "enroll->active per node";
    public const string Delete = "delete node";

    /// <summary>Every label a full run against a started server prints, filtered lists included.</summary>
    public static IReadOnlyList<string> All =>
    [
        Create, ReadWarm, DetailPage,
        .. Scale.NodeMix.Filters.Select(f => FilteredPagePrefix + f.Label),
        PlainPage, CreateDuringLists, FilteredDuringCreate, RestartStop, RestartApi, RestartLists, ReadCold, Lifecycle, Delete,
    ];
}
