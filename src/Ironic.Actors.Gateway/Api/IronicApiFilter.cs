using Akka.Actor;
using Ironic.Actors.Gateway.Errors;
using Ironic.Actors.Gateway.Versioning;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ironic.Actors.Gateway.Api;

/// <summary>
/// Runs around every Ironic endpoint: gives each response an <c>Openstack-Request-Id</c>, negotiates the
/// microversion for /v1 routes (406 with the supported range, else the version headers), refuses query parameters the
/// endpoint does not take (<see cref="QueryArguments"/>), bounds the body size, empties the member's cache of nodes read
/// (<see cref="Protocol.Nodes.NodeViewCache"/>) once a write is answered, and turns exceptions into Ironic error bodies
/// (timeouts 503, anything unexpected 500). While the start-up warm-up runs, a request first waits at its
/// <see cref="WarmUpGate"/>.
/// </summary>
internal sealed class IronicApiFilter(bool versioned, WarmUpGate? gate = null) : IEndpointFilter
{
    public const string RequestIdHeader = "Openstack-Request-Id";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (gate is { IsOpen: false })
            await gate.PassAsync(http);
        var headers = http.Response.Headers;
        headers[RequestIdHeader] = "req-" + Guid.NewGuid();

        if (versioned)
        {
            headers[ApiVersions.MinimumHeader] = ApiVersions.Minimum.ToString();
            headers[ApiVersions.MaximumHeader] = ApiVersions.Maximum.ToString();
            var negotiation = ApiVersions.Negotiate(
                http.Request.Headers[ApiVersions.VersionHeader].ToString(),
                http.Request.Headers[ApiVersions.GenericHeader].ToString());
            if (negotiation.Version is not { } version)
                return IronicResults.Error(StatusCodes.Status406NotAcceptable, negotiation.Error!);
            ApiRequest.SetVersion(http, version);
            headers[ApiVersions.VersionHeader] = version.ToString();
        }

        if (http.GetEndpoint()?.Metadata.GetMetadata<QueryArguments>() is { } takes && takes.Refuse(http) is { } refused)
            return refused;

        var options = ApiRequest.OptionsOf(http);
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeLimit)
            sizeLimit.MaxRequestBodySize = options.MaxBodyBytes;

        try
        {
            var result = await next(context);
            // A write answered here is stored: reads through this member see it at once, whichever member stored it.
            if (!HttpMethods.IsGet(http.Request.Method))
                ApiRequest.From(http).Nodes.Invalidate();
            return result;
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            return Results.Empty; // the client has gone; nobody reads the answer
        }
        catch (AskTimeoutException)
        {
            return IronicResults.Error(StatusCodes.Status503ServiceUnavailable,
                "The service did not answer in time; please retry.");
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return IronicResults.Error(e.StatusCode, Messages.BodyTooLarge(options.MaxBodyBytes));
        }
        catch (BadHttpRequestException e)
        {
            return IronicResults.Error(e.StatusCode, e.Message);
        }
        catch (Exception e)
        {
            http.RequestServices.GetService<ILoggerFactory>()?.CreateLogger<IronicApiFilter>()
                .LogError(e, "Unhandled error in {Method} {Path}", http.Request.Method, http.Request.Path);
            return IronicResults.Error(StatusCodes.Status500InternalServerError,
                $"An unexpected error occurred: {e.GetType().Name}: {e.Message}");
        }
    }
}
