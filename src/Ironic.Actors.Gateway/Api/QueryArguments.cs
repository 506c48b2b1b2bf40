using Ironic.Actors.Gateway.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Ironic.Actors.Gateway.Api;

/// <summary>
/// The query parameters an endpoint takes, whatever the version (Ironic's controller signature). Any other one is refused
/// before the request is looked at — 400 "Unexpected arguments: a, b", even for a node that does not exist — as Ironic's
/// argument validation does (<see cref="IronicApiFilter"/> checks it). Where Ironic checks something first (the
/// resource's microversion gate, a parent's ident), the route names that check as <paramref name="first"/>, so the
/// errors keep Ironic's order; the handler need not repeat it.
/// </summary>
public sealed class QueryArguments(Func<HttpContext, IResult?>? first, params string[] names)
{
    private readonly HashSet<string> _names = new(names, StringComparer.Ordinal);

    public QueryArguments(params string[] names) : this(null, names)
    {
    }

    /// <summary>The route's earlier check's answer, else Ironic's error for parameters this endpoint does not take, else null.</summary>
    public IResult? Refuse(HttpContext http) =>
        first?.Invoke(http) ?? (Unexpected(http.Request.Query) is { } error ? IronicResults.Error(error) : null);

    /// <summary>Ironic's 400 when <paramref name="query"/> has parameters this endpoint does not take, else null.</summary>
    public ApiError? Unexpected(IQueryCollection query)
    {
        var unexpected = query.Keys.Where(k => !_names.Contains(k)).ToList();
        return unexpected.Count == 0 ? null : ApiError.BadRequest(Messages.UnknownArguments(unexpected));
    }
}

internal static class QueryArgumentsExtensions
{
    /// <summary>Declares the query parameters the route takes (none when empty); see <see cref="QueryArguments"/>.</summary>
    public static RouteHandlerBuilder Takes(this RouteHandlerBuilder route, params string[] names) =>
        route.WithMetadata(new QueryArguments(names));

    /// <summary>
    /// Declares the query parameters the route takes, checked after <paramref name="first"/> (the route's version gate or
    /// parent check, answering null to go on), as Ironic orders them; see <see cref="QueryArguments"/>.
    /// </summary>
    public static RouteHandlerBuilder Takes(this RouteHandlerBuilder route, Func<HttpContext, IResult?> first, params string[] names) =>
        route.WithMetadata(new QueryArguments(first, names));
}
