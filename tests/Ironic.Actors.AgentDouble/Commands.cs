using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Ironic.Actors.AgentDouble;

/// <summary>
/// <c>/v1/commands/</c> as the Ironic Python Agent serves it: POST runs "extension.command" (the token in the
/// <c>agent_token</c> query parameter; 401 without it), synchronous commands answer when done, asynchronous ones RUNNING
/// (unless <c>wait=true</c>), one at a time (409 while one runs); GET lists every command so far. Implemented:
/// deploy.get_deploy_steps, deploy.execute_deploy_step (write_image downloads the image and checks its checksum),
/// clean.get_clean_steps, clean.execute_clean_step, standby.power_off, standby.sync, standby.get_partition_uuids.
/// </summary>
public sealed class Commands(Agent agent)
{
    private readonly object _gate = new();
    private readonly List<JsonObject> _done = [];

    private static readonly Dictionary<string, string[]> Known = new()
    {
        ["deploy"] = ["get_deploy_steps", "execute_deploy_step"],
        ["clean"] = ["get_clean_steps", "execute_clean_step"],
        ["standby"] = ["power_off", "sync", "get_partition_uuids"],
    };

    public async Task HandleAsync(HttpListenerContext context)
    {
        var request = context.Request;
        try
        {
            var path = request.Url!.AbsolutePath.TrimEnd('/');
            if (path != "/v1/commands")
            {
                await WriteAsync(context.Response, 404, Fault("Client", $"No such resource: {path}"));
                return;
            }
            if (request.HttpMethod == "GET")
            {
                JsonArray list;
                lock (_gate)
                    list = new JsonArray(_done.Select(c => (JsonNode)c.DeepClone()).ToArray());
                await WriteAsync(context.Response, 200, new JsonObject { ["commands"] = list });
                return;
            }
            if (request.HttpMethod != "POST")
            {
                await WriteAsync(context.Response, 405, Fault("Client", "Method not allowed"));
                return;
            }
            if (agent.Token is null || request.QueryString["agent_token"] != agent.Token)
            {
                agent.Log("command refused: bad token");
                await WriteAsync(context.Response, 401, Fault("Client", "Unauthorized: invalid or missing agent token"));
                return;
            }
            string text;
            using (var reader = new StreamReader(request.InputStream, Encoding.UTF8))
                text = await reader.ReadToEndAsync();
            if (JsonNode.Parse(text) is not JsonObject body || body["name"]?.GetValue<string>() is not { } name || !name.Contains('.'))
            {
                await WriteAsync(context.Response, 400, Fault("Client", "Invalid command: a name \"extension.command\" is required"));
                return;
            }
            var extension = name[..name.IndexOf('.')];
            var command = name[(name.IndexOf('.') + 1)..];
            if (!Known.TryGetValue(extension, out var commands))
            {
                await WriteAsync(context.Response, 404, Fault("Client", $"Extension {extension} could not be found."));
                return;
            }
            if (!commands.Contains(command))
            {
                await WriteAsync(context.Response, 400, Fault("Client", $"Invalid command: {extension} has no command {command}"));
                return;
            }
            var parameters = body["params"] as JsonObject ?? [];
            var wait = request.QueryString["wait"] == "true";
            await RunAsync(context.Response, name, command, parameters, wait);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            agent.Log($"command handling error: {e.Message}");
            try
            {
                await WriteAsync(context.Response, 500, Fault("Server", e.Message));
            }
            catch (Exception)
            {
                // The conductor went away.
            }
        }
    }

    private async Task RunAsync(HttpListenerResponse response, string name, string command, JsonObject parameters, bool wait)
    {
        var result = new JsonObject
        {
            ["id"] = Guid.NewGuid().ToString(),
            ["command_name"] = command,
            ["command_params"] = parameters.DeepClone(),
            ["command_status"] = "RUNNING",
            ["command_error"] = null,
            ["command_result"] = null,
        };
        lock (_gate)
        {
            if (_done.Any(c => c["command_status"]!.GetValue<string>() == "RUNNING"))
            {
                agent.Log($"command {name}: busy");
                _ = WriteAsync(response, 409, Fault("Client", "Agent is busy: a command is already running"));
                return;
            }
            _done.Add(result);
        }
        agent.Log($"command {name} {StepName(parameters)}".TrimEnd());

        var asynchronous = command is "execute_deploy_step" or "execute_clean_step" or "power_off";
        var work = ExecuteAsync(name, command, parameters, result);
        if (!asynchronous || wait)
        {
            await work;
            await WriteAsync(response, 200, Snapshot(result));
            return;
        }
        await WriteAsync(response, 200, Snapshot(result));
        _ = work.ContinueWith(_ => agent.HeartbeatSoon(), TaskScheduler.Default);
    }

    private async Task ExecuteAsync(string name, string command, JsonObject parameters, JsonObject result)
    {
        await Task.Yield();
        try
        {
            var answer = command switch
            {
                "get_deploy_steps" => DeploySteps(),
                "execute_deploy_step" => await DeployStepAsync(parameters),
                "get_clean_steps" => CleanSteps(),
                "execute_clean_step" => await CleanStepAsync(parameters),
                "power_off" => await PowerOffAsync(),
                "get_partition_uuids" => new JsonObject { ["root uuid"] = null, ["efi system partition uuid"] = null, ["PReP Boot partition uuid"] = null },
                _ => new JsonObject(),
            };
            Finish(result, "SUCCEEDED", null, answer);
            agent.Log($"command {name} SUCCEEDED");
        }
        catch (StepFailed e)
        {
            Finish(result, "FAILED", new JsonObject
            {
                ["type"] = e.Type,
                ["code"] = 500,
                ["message"] = e.Message,
                ["details"] = e.Message,
            }, null);
            agent.Log($"command {name} FAILED {e.Message}");
        }
    }

    private void Finish(JsonObject result, string status, JsonObject? error, JsonObject? answer)
    {
        lock (_gate)
        {
            result["command_status"] = status;
            result["command_error"] = error;
            result["command_result"] = answer;
        }
    }

    private JsonObject Snapshot(JsonObject result)
    {
        lock (_gate)
            return (JsonObject)result.DeepClone();
    }

    private static JsonObject DeploySteps() => new()
    {
        ["deploy_steps"] = new JsonObject
        {
            ["GenericHardwareManager"] = new JsonArray(
                Step("write_image", 0, "deploy"), Step("erase_devices_metadata", 0, "deploy")),
        },
        ["hardware_manager_version"] = new JsonObject { ["generic_hardware_manager"] = "1.2" },
    };

    private static JsonObject CleanSteps() => new()
    {
        ["clean_steps"] = new JsonObject
        {
            ["GenericHardwareManager"] = new JsonArray(
                Step("erase_devices", 10, "deploy"), Step("erase_devices_metadata", 99, "deploy"), Step("erase_pstore", 0, "deploy")),
        },
        ["hardware_manager_version"] = new JsonObject { ["generic_hardware_manager"] = "1.2" },
    };

    private static JsonObject Step(string name, int priority, string iface) => new()
    {
        ["step"] = name,
        ["priority"] = priority,
        ["interface"] = iface,
        ["reboot_requested"] = false,
        ["abortable"] = true,
    };

    private async Task<JsonObject> DeployStepAsync(JsonObject parameters)
    {
        var step = parameters["step"] as JsonObject ?? throw new StepFailed("InvalidCommandParamsError", "Missing step");
        var name = step["step"]?.GetValue<string>();
        if (step["interface"]?.GetValue<string>() == "raid" && name == "apply_configuration")
        {
            var config = step["args"]?["raid_config"] as JsonObject ?? throw new StepFailed("InvalidCommandParamsError", "Missing raid_config");
            await Task.Delay(100);
            agent.Log("raid applied");
            return new JsonObject { ["deploy_result"] = BuiltRaid(config), ["deploy_step"] = step.DeepClone() };
        }
        if (step["interface"]?.GetValue<string>() == "deploy" && name == "erase_devices_metadata")
        {
            // An in-band deploy step a template may ask for (priority 0 in the agent's list).
            await Task.Delay(100);
            agent.Log("deploy step erase_devices_metadata done");
            return new JsonObject { ["deploy_result"] = null, ["deploy_step"] = step.DeepClone() };
        }
        if (name != "write_image")
            throw new StepFailed("InvalidCommandParamsError", $"Unknown deploy step {name}");
        var info = step["args"]?["image_info"] as JsonObject ?? throw new StepFailed("InvalidCommandParamsError", "Missing image_info");
        await WriteImageAsync(info);
        return new JsonObject { ["deploy_result"] = null, ["deploy_step"] = step.DeepClone() };
    }

    /// <summary>Downloads the image to <c>disk.img</c> ("the disk") and verifies the checksum it was given.</summary>
    private async Task WriteImageAsync(JsonObject info)
    {
        var url = info["urls"]?[0]?.GetValue<string>() ?? throw new StepFailed("ImageDownloadError", "image_info has no urls");
        var target = Path.Combine(agent.Settings.WorkDir, "disk.img");
        byte[] bytes;
        try
        {
            bytes = await agent.Http.GetByteArrayAsync(url);
        }
        catch (HttpRequestException e)
        {
            throw new StepFailed("ImageDownloadError", $"Error downloading image: Download of image {info["id"]} failed: URL: {url}; {e.Message}");
        }
        await File.WriteAllBytesAsync(target, bytes);
        if (agent.Settings.WriteTime > TimeSpan.Zero)
            await Task.Delay(agent.Settings.WriteTime);

        string algorithm, expected;
        if (info["os_hash_algo"]?.GetValue<string>() is { } algo && info["os_hash_value"]?.GetValue<string>() is { } value)
            (algorithm, expected) = (algo, value);
        else if (info["checksum"]?.GetValue<string>() is { } checksum)
            (algorithm, expected) = (checksum.Length switch { 32 => "md5", 64 => "sha256", 128 => "sha512", _ => "unknown" }, checksum);
        else
            throw new StepFailed("ImageChecksumError", "Error verifying image checksum: no checksum was given for the image.");
        var actual = algorithm switch
        {
            "md5" => Convert.ToHexStringLower(MD5.HashData(bytes)),
            "sha256" => Convert.ToHexStringLower(SHA256.HashData(bytes)),
            "sha512" => Convert.ToHexStringLower(SHA512.HashData(bytes)),
            _ => throw new StepFailed("ImageChecksumError", $"Error verifying image checksum: unsupported algorithm {algorithm}."),
        };
        if (!string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase))
            throw new StepFailed("ImageChecksumError",
                $"Error verifying image checksum: Image failed to verify against checksum. location: {info["id"]}; " +
                $"image ID: {target}; image checksum: {expected}; verification checksum: {actual}");
        agent.Log($"image written {bytes.Length} bytes {algorithm}={actual} verified");
    }

    private async Task<JsonObject> CleanStepAsync(JsonObject parameters)
    {
        var step = parameters["step"] as JsonObject ?? throw new StepFailed("InvalidCommandParamsError", "Missing step");
        var name = step["step"]?.GetValue<string>();
        if (step["interface"]?.GetValue<string>() == "raid")
            return await RaidCleanStepAsync(parameters, step, name);
        if (name is not ("erase_devices" or "erase_devices_metadata" or "erase_pstore"))
            throw new StepFailed("InvalidCommandParamsError", $"Unknown clean step {name}");
        await Task.Delay(100);
        agent.Log($"cleaned {name}");
        return new JsonObject { ["clean_result"] = null, ["clean_step"] = step.DeepClone() };
    }

    /// <summary>
    /// The agent RAID clean steps: create builds the node's <c>target_raid_config</c> (as the conductor sent it, filtered),
    /// delete removes whatever was built; the result is the configuration now on the machine.
    /// </summary>
    private async Task<JsonObject> RaidCleanStepAsync(JsonObject parameters, JsonObject step, string? name)
    {
        await Task.Delay(100);
        switch (name)
        {
            case "create_configuration":
                var target = parameters["node"]?["target_raid_config"] as JsonObject;
                if (target is null || target.Count == 0)
                    throw new StepFailed("ClientError", "No target_raid_config was given for create_configuration");
                agent.Log("raid created");
                return new JsonObject { ["clean_result"] = BuiltRaid(target), ["clean_step"] = step.DeepClone() };
            case "delete_configuration":
                agent.Log("raid deleted");
                return new JsonObject { ["clean_result"] = new JsonObject(), ["clean_step"] = step.DeepClone() };
            default:
                throw new StepFailed("InvalidCommandParamsError", $"Unknown clean step {name}");
        }
    }

    /// <summary>What a software RAID of the logical disks looks like once built: each disk with a device name and its size.</summary>
    private static JsonObject BuiltRaid(JsonObject config)
    {
        var disks = new JsonArray();
        var n = 0;
        foreach (var disk in (config["logical_disks"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var built = (JsonObject)disk.DeepClone();
            built["controller"] ??= "software";
            built["root_device_hint"] ??= new JsonObject { ["name"] = $"/dev/md{n}" };
            built["physical_disks"] ??= new JsonArray("/dev/sda", "/dev/sdb");
            disks.Add(built);
            n++;
        }
        return new JsonObject { ["logical_disks"] = disks };
    }

    private async Task<JsonObject> PowerOffAsync()
    {
        await Task.Delay(100);
        await agent.PowerOffMachineAsync();
        agent.Stop();
        return new JsonObject();
    }

    private static string StepName(JsonObject parameters) => parameters["step"]?["step"]?.GetValue<string>() ?? "";

    private static JsonObject Fault(string code, string message) => new() { ["faultcode"] = code, ["faultstring"] = message };

    private static async Task WriteAsync(HttpListenerResponse response, int status, JsonObject body)
    {
        var bytes = Encoding.UTF8.GetBytes(body.ToJsonString());
        response.StatusCode = status;
        response.ContentType = "application/json";
        response.ContentLength64 = bytes.Length;
        await response.OutputStream.WriteAsync(bytes);
        response.Close();
    }

    private sealed class StepFailed(string type, string message) : Exception(message)
    {
        public string Type { get; } = type;
    }
}
