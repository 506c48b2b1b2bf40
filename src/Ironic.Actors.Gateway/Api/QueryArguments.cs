using Ironic.Actors.Gateway.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Ironic.Actors.Gateway.Api;

/// <summary>
/// The query parameters an endpoint takes, whatever the version (Ironic's controller signature). Any other one is refused
/// before the request is looked at — 400 "Unexpected arguments: a, b", even for a node that does not exist — as Ironic's
/// argument validation does (<see cref="IronicApiFilter"/> checks it).
/// </summary>
public sealed class QueryArguments(params string[] names)
{
    private readonly HashSet<string> _names = new(names, StringComparer.Ordinal);

    /// <summary>Ironic's error when <paramref name="query"/> has parameters this endpoint does not take, else null.</summary>
    public IResult? Refuse(IQueryCollection query)
    {
        var unexpected = query.Keys.Where(k => !_names.Contains(k)).ToList();
        return unexpected.Count == 0 ? null : IronicResults.Error(StatusCodes.Status400BadRequest, Messages.UnknownArguments(unexpected));
    }
}

internal static class QueryArgumentsExtensions
{
    /// <summary>Declares the query parameters the route takes (none when empty); see <see cref="QueryArguments"/>.</summary>
    public static RouteHandlerBuilder Takes(this RouteHandlerBuilder route, params string[] names) =>
        route.WithMetadata(new QueryArguments(names));
}
