using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ironic.Actors.Gateway.Auth;

/// <summary>Wires the API's authentication (<see cref="GatewayOptions.AuthStrategy"/>).</summary>
public static class AuthHostingExtensions
{
    /// <summary>The authorization policy of the API's routes under http_basic: a public route, or a user of <see cref="BasicAuthenticationHandler"/>.</summary>
    public const string PolicyName = "IronicApi";

    /// <summary>
    /// Registers the auth services and checks the auth settings when the host starts: an unknown strategy, or
    /// http_basic without a readable auth user file of bcrypt hashes, stops the host with a message saying why.
    /// </summary>
    public static IServiceCollection AddIronicAuth(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GatewayOptions>, AuthOptionsValidator>());
        services.AddOptions<GatewayOptions>().ValidateOnStart();
        services.TryAddSingleton(sp => new HtpasswdUserStore(
            Options(sp).HttpBasicAuthUserFile, sp.GetService<ILogger<HtpasswdUserStore>>()));
        services.TryAddSingleton(sp => new VerifiedCredentialCache(Options(sp).HttpBasicAuthCacheTime, sp.GetService<TimeProvider>()));
        services.TryAddSingleton<BasicAuthenticator>();
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, BasicAuthenticationHandler>(BasicAuthenticationHandler.SchemeName, null);
        services.AddAuthorization(o => o.AddPolicy(PolicyName, policy => policy
            .AddAuthenticationSchemes(BasicAuthenticationHandler.SchemeName)
            .AddRequirements(new PublicRouteOrUser())));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAuthorizationHandler, PublicRouteOrUserHandler>());
        services.AddHostedService<AuthStartup>();
        return services;
    }

    /// <summary>
    /// Puts the configured authentication in front of the endpoints of <paramref name="builder"/>: with http_basic, the
    /// <see cref="PolicyName"/> authorization policy (ASP.NET Core's authentication and authorization middleware, which
    /// <c>WebApplication</c> adds by itself; other hosts call <c>UseAuthentication</c> and <c>UseAuthorization</c> after
    /// <c>UseRouting</c>). With noauth it adds nothing to the request path.
    /// </summary>
    public static TBuilder RequireIronicAuth<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.Add(endpoint =>
        {
            var strategy = endpoint.ApplicationServices.GetService<IOptions<GatewayOptions>>()?.Value.AuthStrategy ?? AuthStrategies.NoAuth;
            if (strategy == AuthStrategies.NoAuth)
                return;
            if (strategy != AuthStrategies.HttpBasic)
                throw new InvalidOperationException(AuthStrategies.Problem(strategy));
            endpoint.Metadata.Add(new AuthorizeAttribute(PolicyName));
        });
        return builder;
    }

    /// <summary>Met by a request to one of <see cref="PublicRoutes"/> (any method, whatever its credentials) or by an authenticated user.</summary>
    private sealed class PublicRouteOrUser : IAuthorizationRequirement;

    private sealed class PublicRouteOrUserHandler : AuthorizationHandler<PublicRouteOrUser>
    {
        protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, PublicRouteOrUser requirement)
        {
            var path = context.Resource is HttpContext http ? http.Request.Path.Value : null;
            if (PublicRoutes.IsPublic(path) || context.User.Identities.Any(i => i.IsAuthenticated))
                context.Succeed(requirement);
            return Task.CompletedTask;
        }
    }

    private static GatewayOptions Options(IServiceProvider services) => services.GetRequiredService<IOptions<GatewayOptions>>().Value;

    private sealed class AuthOptionsValidator : IValidateOptions<GatewayOptions>
    {
        public ValidateOptionsResult Validate(string? name, GatewayOptions options)
        {
            if (AuthStrategies.Problem(options.AuthStrategy) is { } problem)
                return ValidateOptionsResult.Fail(problem);
            if (options.AuthStrategy != AuthStrategies.HttpBasic)
                return ValidateOptionsResult.Success;
            if (string.IsNullOrWhiteSpace(options.HttpBasicAuthUserFile))
                return ValidateOptionsResult.Fail(
                    $"Ironic:Gateway:AuthStrategy is '{AuthStrategies.HttpBasic}' but Ironic:Gateway:HttpBasicAuthUserFile is empty.");
            try
            {
                HtpasswdUserStore.Load(options.HttpBasicAuthUserFile);
                return ValidateOptionsResult.Success;
            }
            catch (InvalidOperationException e)
            {
                return ValidateOptionsResult.Fail(e.Message);
            }
        }
    }

    /// <summary>Says at start-up how the API authenticates, and reads the auth user file before the first request.</summary>
    private sealed class AuthStartup(IServiceProvider services, IOptions<GatewayOptions> options, ILogger<AuthStartup> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            var settings = options.Value;
            if (settings.AuthStrategy == AuthStrategies.HttpBasic)
            {
                var file = services.GetRequiredService<HtpasswdUserStore>().Current.File;
                logger.LogInformation("API authentication: {Strategy} against {File} ({Users} users)",
                    settings.AuthStrategy, settings.HttpBasicAuthUserFile, file?.UsableUsers ?? 0);
            }
            else
            {
                logger.LogInformation("API authentication: {Strategy} (every request is served; keep the API on a trusted network)",
                    settings.AuthStrategy);
            }

            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
