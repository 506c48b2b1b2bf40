using System.Security.Claims;
using System.Text.Encodings.Web;
using Ironic.Actors.Gateway.Api;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ironic.Actors.Gateway.Auth;

/// <summary>
/// Ironic's http_basic as an ASP.NET Core authentication scheme (<see cref="SchemeName"/>): <c>Authorization: Basic</c>
/// with a user and password of the auth user file. The challenge answers as Ironic does, with Ironic's error body: no
/// header, 401 "Authorization required"; a wrong user or password, 401 "Incorrect username or password" (both with
/// <c>WWW-Authenticate: Basic realm="Baremetal API"</c>); a header that is not Basic or cannot be decoded, 400; an
/// unreadable auth user file, 500. Which routes need it is the <see cref="AuthHostingExtensions.PolicyName"/> policy's
/// business (every one but <see cref="PublicRoutes"/>); authorization runs before the endpoint, so before microversion
/// negotiation, and nothing else is revealed to an unauthenticated caller. Under noauth the scheme is still ASP.NET
/// Core's default (the only one registered), so it runs for every request: it then answers "no result" at once,
/// without reading credentials or the auth user file.
/// </summary>
internal sealed class BasicAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IOptions<GatewayOptions> gateway)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>The scheme's name.</summary>
    public const string SchemeName = "IronicHttpBasic";

    /// <summary>Why this request is refused, decided while authenticating and answered by the challenge.</summary>
    private (int Status, string Fault) _refusal = (StatusCodes.Status401Unauthorized, BasicCredentials.Faults.AuthorizationRequired);

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (gateway.Value.AuthStrategy != AuthStrategies.HttpBasic)
            return Task.FromResult(AuthenticateResult.NoResult());
        var parsed = BasicCredentials.Parse(Request.Headers.Authorization);
        if (parsed.IsMissing)
            return Task.FromResult(AuthenticateResult.NoResult());
        if (parsed.Credentials is not { } credentials)
            return Refuse(StatusCodes.Status400BadRequest, parsed.Error!);

        return Context.RequestServices.GetRequiredService<BasicAuthenticator>().Check(credentials.User, credentials.Password) switch
        {
            AuthOutcome.Authenticated => Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(
                new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, credentials.User)], SchemeName)), SchemeName))),
            AuthOutcome.UserFileUnavailable => Refuse(StatusCodes.Status500InternalServerError, BasicCredentials.Faults.UserFileUnavailable),
            _ => Refuse(StatusCodes.Status401Unauthorized, BasicCredentials.Faults.IncorrectCredentials),
        };
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var (status, fault) = _refusal;
        Response.Headers[IronicApiFilter.RequestIdHeader] = "req-" + Guid.NewGuid();
        if (status == StatusCodes.Status401Unauthorized)
            Response.Headers.WWWAuthenticate = AuthStrategies.Challenge;
        return IronicResults.Error(status, fault).ExecuteAsync(Context);
    }

    private Task<AuthenticateResult> Refuse(int status, string fault)
    {
        _refusal = (status, fault);
        return Task.FromResult(AuthenticateResult.Fail(fault));
    }
}
