using System.Diagnostics;
using System.Text.Json.Nodes;
using NUnit.Framework;

namespace Ironic.Actors.Gateway.Tests.Infrastructure;

/// <summary>Common node steps over <see cref="IronicClient"/>, each asserting the answer Ironic gives on success.</summary>
public static class NodeSteps
{
    /// <summary>Upper bound for a fake-hardware transition to settle (fake drivers have no delay; this only guards against hangs).</summary>
    public static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(30);

    /// <summary>A fresh node name, valid at every version ≥ 1.10.</summary>
    public static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..10]}";

    /// <summary>POST /v1/nodes; asserts 201 and returns the created node.</summary>
    public static async Task<JsonObject> CreateNodeAsync(this IronicClient api, object body, string? version = IronicClient.DefaultVersion)
    {
        var response = await api.PostAsync("/v1/nodes", body, version);
        Expect.Status(response, 201);
        return response.Object;
    }

    /// <summary>Creates a fake-hardware node with the given name (and extra fields) at 1.78; returns its UUID.</summary>
    public static async Task<string> CreateFakeNodeAsync(this IronicClient api, string name, JsonObject? extra = null)
    {
        var body = new JsonObject { ["driver"] = "fake-hardware", ["name"] = name };
        if (extra is not null)
            body["extra"] = extra.DeepClone();
        var node = await api.CreateNodeAsync(body);
        return Expect.Str(node, "uuid")!;
    }

    /// <summary>GET /v1/nodes/{ident}; asserts 200.</summary>
    public static async Task<JsonObject> GetNodeAsync(this IronicClient api, string ident, string? version = IronicClient.DefaultVersion)
    {
        var response = await api.GetAsync($"/v1/nodes/{ident}", version);
        Expect.Status(response, 200);
        return response.Object;
    }

    /// <summary>PUT /v1/nodes/{ident}/states/provision {"target": verb}; asserts 202.</summary>
    public static async Task<IronicResponse> ProvisionAsync(this IronicClient api, string ident, string verb)
    {
        var response = await api.PutAsync($"/v1/nodes/{ident}/states/provision", new JsonObject { ["target"] = verb });
        Expect.Status(response, 202);
        return response;
    }

    /// <summary>PUT /v1/nodes/{ident}/states/power {"target": target}; asserts 202.</summary>
    public static async Task<IronicResponse> PowerAsync(this IronicClient api, string ident, string target)
    {
        var response = await api.PutAsync($"/v1/nodes/{ident}/states/power", new JsonObject { ["target"] = target });
        Expect.Status(response, 202);
        return response;
    }

    /// <summary>Polls GET /v1/nodes/{ident} until provision_state is <paramref name="state"/> with no target (bounded).</summary>
    public static Task<JsonObject> WaitForProvisionStateAsync(this IronicClient api, string ident, string state) =>
        api.WaitForNodeAsync(ident, n => Expect.Str(n, "provision_state") == state && n["target_provision_state"] is null,
            $"provision_state \"{state}\" with target_provision_state null");

    /// <summary>Polls until power_state is <paramref name="state"/> and no power action is pending (bounded).</summary>
    public static Task<JsonObject> WaitForPowerStateAsync(this IronicClient api, string ident, string state) =>
        api.WaitForNodeAsync(ident, n => Expect.Str(n, "power_state") == state && n["target_power_state"] is null,
            $"power_state \"{state}\" with target_power_state null");

    public static async Task<JsonObject> WaitForNodeAsync(this IronicClient api, string ident, Func<JsonObject, bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        JsonObject? last = null;
        while (clock.Elapsed < SettleTimeout)
        {
            last = await api.GetNodeAsync(ident);
            if (condition(last))
                return last;
            await Task.Delay(100);
        }

        Assert.Fail($"Node {ident} did not reach {what} within {SettleTimeout.TotalSeconds} s. Last seen: " +
                    $"provision_state={last?["provision_state"]?.ToJsonString()}, target_provision_state={last?["target_provision_state"]?.ToJsonString()}, " +
                    $"power_state={last?["power_state"]?.ToJsonString()}, target_power_state={last?["target_power_state"]?.ToJsonString()}, " +
                    $"last_error={last?["last_error"]?.ToJsonString()}");
        return last!;
    }

    /// <summary>Drives a node from enroll to <paramref name="state"/> (enroll, manageable, available or active) with the API verbs.</summary>
    public static async Task<JsonObject> MoveFromEnrollAsync(this IronicClient api, string ident, string state)
    {
        string[] verbs = state switch
        {
            "enroll" => [],
            "manageable" => ["manage"],
            "available" => ["manage", "provide"],
            "active" => ["manage", "provide", "active"],
            _ => throw new ArgumentOutOfRangeException(nameof(state), state, "unsupported target state"),
        };
        string[] reached = ["manageable", "available", "active"];
        var node = await api.GetNodeAsync(ident);
        for (var i = 0; i < verbs.Length; i++)
        {
            await api.ProvisionAsync(ident, verbs[i]);
            node = await api.WaitForProvisionStateAsync(ident, reached[i]);
        }

        return node;
    }

    /// <summary>GET a list URL (relative or absolute); asserts 200 and returns the array under <paramref name="collection"/>.</summary>
    public static async Task<(JsonArray Items, string? Next)> ListAsync(
        this IronicClient api, string url, string collection = "nodes", string? version = IronicClient.DefaultVersion)
    {
        var response = await api.GetAsync(url, version);
        Expect.Status(response, 200);
        var items = response.Object[collection] as JsonArray;
        Assert.That(items, Is.Not.Null, () => $"\"{collection}\" array missing.{Environment.NewLine}{response}");
        return (items!, response.Object["next"]?.GetValue<string>());
    }
}
