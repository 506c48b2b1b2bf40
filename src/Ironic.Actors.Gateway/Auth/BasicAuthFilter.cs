using System.Security.Claims;
using Ironic.Actors.Gateway.Api;
using Microsoft.AspNetCore.Http;

namespace Ironic.Actors.Gateway.Auth;

/// <summary>
/// Ironic's http_basic: every request outside <see cref="PublicRoutes"/> needs <c>Authorization: Basic</c> with a
/// user and password of the auth user file. No header: 401 "Authorization required"; a wrong user or password:
/// 401 "Incorrect username or password" (both with <c>WWW-Authenticate: Basic realm="Baremetal API"</c>); a header
/// that is not Basic or cannot be decoded: 400; an unreadable auth user file: 500. Bodies are Ironic's error body.
/// It runs before microversion negotiation, so nothing else is revealed to an unauthenticated caller.
/// </summary>
internal sealed class BasicAuthFilter(BasicAuthenticator authenticator) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (PublicRoutes.IsPublic(http.Request.Path.Value))
            return await next(context);

        var parsed = BasicCredentials.Parse(http.Request.Headers.Authorization);
        if (parsed.IsMissing)
            return Refuse(http, StatusCodes.Status401Unauthorized, BasicCredentials.Faults.AuthorizationRequired);
        if (parsed.Credentials is not { } credentials)
            return Refuse(http, StatusCodes.Status400BadRequest, parsed.Error!);

        switch (authenticator.Check(credentials.User, credentials.Password))
        {
            case AuthOutcome.Authenticated:
                http.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, credentials.User)], "Basic"));
                return await next(context);
            case AuthOutcome.UserFileUnavailable:
                return Refuse(http, StatusCodes.Status500InternalServerError, BasicCredentials.Faults.UserFileUnavailable);
            default:
                return Refuse(http, StatusCodes.Status401Unauthorized, BasicCredentials.Faults.IncorrectCredentials);
        }
    }

    private static IResult Refuse(HttpContext http, int status, string fault)
    {
        var headers = http.Response.Headers;
        headers[IronicApiFilter.RequestIdHeader] = "req-" + Guid.NewGuid();
        if (status == StatusCodes.Status401Unauthorized)
            headers.WWWAuthenticate = AuthStrategies.Challenge;
        return IronicResults.Error(status, fault);
    }
}
