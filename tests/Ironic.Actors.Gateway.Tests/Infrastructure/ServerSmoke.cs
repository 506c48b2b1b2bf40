using System.Text.Json.Nodes;
using NUnit.Framework;

namespace Ironic.Actors.Gateway.Tests.Infrastructure;

/// <summary>
/// A quick end-to-end check run once before a fixture's tests: create a node, read it back, and (when the fixture
/// relies on lists) find it in GET /v1/nodes. If the server cannot do that within a few seconds, every test of the
/// fixture fails at once with the reason, instead of each one timing out on its own.
/// </summary>
public static class ServerSmoke
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(15);

    public static async Task CheckAsync(ServerProcess server, bool needsList)
    {
        using var api = new IronicClient(server.BaseAddress, RequestTimeout);
        var name = NodeSteps.UniqueName("smoke");
        string step = "POST /v1/nodes";
        try
        {
            var created = await api.PostAsync("/v1/nodes", new JsonObject { ["driver"] = "fake-hardware", ["name"] = name });
            if (created.StatusCode != 201)
                Fail(server, $"{step} answered {created.StatusCode}, not 201.{Environment.NewLine}{created}");
            var uuid = Expect.Str(created.Object, "uuid");

            step = $"GET /v1/nodes/{uuid}";
            var fetched = await api.GetAsync($"/v1/nodes/{uuid}");
            if (fetched.StatusCode != 200)
                Fail(server, $"{step} answered {fetched.StatusCode}, not 200.{Environment.NewLine}{fetched}");

            if (needsList)
            {
                step = "GET /v1/nodes";
                var list = await api.GetAsync("/v1/nodes");
                if (list.StatusCode != 200 || !list.Body.Contains(uuid!, StringComparison.Ordinal))
                    Fail(server, $"{step} did not list the node just created.{Environment.NewLine}{list}");
            }

            step = $"DELETE /v1/nodes/{uuid}";
            await api.DeleteAsync($"/v1/nodes/{uuid}");
        }
        catch (TaskCanceledException)
        {
            Fail(server, $"{step} did not answer within {RequestTimeout.TotalSeconds} s.");
        }
        catch (HttpRequestException e)
        {
            Fail(server, $"{step} failed: {e.Message}.");
        }
    }

    private static void Fail(ServerProcess server, string reason) =>
        Assert.Fail($"Server smoke check failed: {reason}" +
                    $"{Environment.NewLine}---- distinct errors in the server log ----{Environment.NewLine}{server.ErrorSummary()}" +
                    $"{Environment.NewLine}---- server log (tail) ----{Environment.NewLine}{server.LogTail(60)}");
}
