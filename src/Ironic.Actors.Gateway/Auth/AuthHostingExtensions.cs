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
        services.AddHostedService<AuthStartup>();
        return services;
    }

    /// <summary>
    /// Puts the configured authentication in front of the endpoints of <paramref name="builder"/> (call it before
    /// other filters so that it runs first). With noauth it adds nothing to the request path.
    /// </summary>
    public static TBuilder RequireIronicAuth<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilterFactory((context, next) =>
        {
            var strategy = context.ApplicationServices.GetService<IOptions<GatewayOptions>>()?.Value.AuthStrategy ?? AuthStrategies.NoAuth;
            if (strategy == AuthStrategies.NoAuth)
                return next;
            if (strategy != AuthStrategies.HttpBasic)
                throw new InvalidOperationException(AuthStrategies.Problem(strategy));
            var filter = new BasicAuthFilter(context.ApplicationServices.GetRequiredService<BasicAuthenticator>());
            return invocation => filter.InvokeAsync(invocation, next);
        });

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
