using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Ironic.Actors.TestKit.Redfish;

/// <summary>
/// A small Redfish BMC for tests on 127.0.0.1 (HttpListener): the service root, the Systems collection and
/// ComputerSystem resources shaped like DMTF's schemas (PowerState, Boot, the ComputerSystem.Reset action),
/// PATCH of Boot, one Manager (<c>/redfish/v1/Managers/BMC</c>, linked from each system's <c>Links.ManagedBy</c>) with a
/// virtual CD and a virtual USB stick (<c>#VirtualMedia.InsertMedia</c>/<c>EjectMedia</c>, or PATCH as sushy-tools
/// accepts), basic authentication, and switches to fail with a Redfish error body, to refuse virtual media, or to hang.
/// Power changes can land a moment after the reset (<see cref="PowerTransition"/>), as on real hardware.
/// </summary>
public sealed class RedfishBmcEmulator : IAsyncDisposable
{
    private static readonly string[] ResetTypes = ["On", "ForceOff", "GracefulShutdown", "GracefulRestart", "ForceRestart", "PushPowerButton"];
    private static readonly string[] BootTargets = ["None", "Pxe", "Hdd", "Cd", "BiosSetup", "UefiHttp"];

    private readonly HttpListener _listener = new();
    private readonly AcceptLoop<HttpListenerContext> _accepting;
    private readonly object _gate = new();
    private const string ManagerPath = "/redfish/v1/Managers/BMC";
    private readonly Media _cd = new("Cd", ["CD", "DVD"]);
    private readonly Media _usb = new("Usb", ["USBStick", "Floppy"]);
    private string _powerState = "Off";
    private string? _settlesTo;
    private DateTime _settlesAt;

    public RedfishBmcEmulator(int systems = 1)
    {
        SystemCount = systems;
        for (var attempt = 0; ; attempt++)
        {
            Port = FreePort.NextTcp();
            _listener.Prefixes.Clear();
            _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
            try
            {
                _listener.Start();
                break;
            }
            catch (HttpListenerException) when (attempt < 5)
            {
            }
        }
        _accepting = new AcceptLoop<HttpListenerContext>(_ => _listener.GetContextAsync(), HandleAsync,
            e => e is HttpListenerException or ObjectDisposedException or InvalidOperationException or OperationCanceledException);
    }

    public int Port { get; }
    public string Address => $"http://127.0.0.1:{Port}";
    public int SystemCount { get; }
    public string Username { get; set; } = "admin";
    public string Password { get; set; } = "password";

    /// <summary>When set, every request is answered with this status and a Redfish error body carrying <see cref="FailMessage"/>.</summary>
    public HttpStatusCode? FailWith { get; set; }
    public string FailMessage { get; set; } = "The BMC is on fire.";

    /// <summary>When true, requests are never answered (until the emulator stops).</summary>
    public bool Hang { get; set; }

    /// <summary>How long the system stays PoweringOn/PoweringOff after a reset.</summary>
    public TimeSpan PowerTransition { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// Called with "On" or "Off" when a reset switches the machine (outside the emulator's lock, before the reset is
    /// answered): what the machine does then, e.g. boot the agent ramdisk from the virtual CD.
    /// </summary>
    public Action<string>? PowerChanged { get; set; }

    /// <summary>When true, GracefulShutdown is ignored (an OS that does not react to ACPI).</summary>
    public bool IgnoreGracefulShutdown { get; set; }

    /// <summary>When set, InsertMedia (and a PATCH that inserts) is answered with this status and a Redfish error body.</summary>
    public HttpStatusCode? FailInsertWith { get; set; }

    /// <summary>When false, the manager has no VirtualMedia collection (a BMC without virtual media).</summary>
    public bool HasVirtualMedia { get; set; } = true;

    /// <summary>When false, the devices offer no InsertMedia/EjectMedia actions, so clients must PATCH them.</summary>
    public bool VirtualMediaActions { get; set; } = true;

    /// <summary>The image in the virtual CD, or null when it is empty.</summary>
    public string? CdImage
    {
        get { lock (_gate) return _cd.Image; }
    }

    public bool CdInserted
    {
        get { lock (_gate) return _cd.Inserted; }
    }

    public bool CdWriteProtected
    {
        get { lock (_gate) return _cd.WriteProtected; }
    }

    /// <summary>Puts an image into the virtual CD directly (as an operator at the BMC's console would).</summary>
    public void InsertCd(string image)
    {
        lock (_gate)
        {
            _cd.Image = image;
            _cd.Inserted = true;
        }
    }

    private readonly ConcurrentDictionary<int, EmulatedHardware> _hardware = new();

    /// <summary>The hardware system <paramref name="number"/> reports (<see cref="EmulatedHardware.Default"/> until changed).</summary>
    public EmulatedHardware Hardware(int number = 1) => _hardware.GetOrAdd(number, EmulatedHardware.Default);

    public string BootTarget { get; set; } = "None";
    public string BootEnabled { get; set; } = "Disabled";

    /// <summary>"METHOD path body" of every request, oldest first.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>ResetType values received, oldest first.</summary>
    public IEnumerable<string> Resets => Requests.Where(r => r.StartsWith("POST ", StringComparison.Ordinal) && r.Contains("/Actions/ComputerSystem.Reset", StringComparison.Ordinal))
        .Select(r => JsonNode.Parse(r[(r.IndexOf('{'))..])?["ResetType"]?.GetValue<string>() ?? "");

    public string PowerState
    {
        get
        {
            lock (_gate)
            {
                if (_settlesTo is not null && DateTime.UtcNow >= _settlesAt)
                {
                    _powerState = _settlesTo;
                    _settlesTo = null;
                }
                return _powerState;
            }
        }
        set
        {
            lock (_gate)
            {
                _powerState = value;
                _settlesTo = null;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Close alone: the managed HttpListener's Close after Stop binds the port again to remove its prefixes, and fails
        // ("Address already in use") when another test took the port in between.
        await _accepting.StopAsync(_listener.Close);
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var request = context.Request;
        var response = context.Response;
        try
        {
            string body;
            using (var reader = new StreamReader(request.InputStream, Encoding.UTF8))
                body = await reader.ReadToEndAsync();
            var path = request.Url!.AbsolutePath;
            Requests.Enqueue($"{request.HttpMethod} {path} {body}".TrimEnd());

            if (Hang)
            {
                await Task.Delay(Timeout.Infinite, _accepting.Stopped);
                return;
            }
            if (!Authorized(request))
            {
                response.AddHeader("WWW-Authenticate", "Basic realm=\"redfish\"");
                await WriteAsync(response, HttpStatusCode.Unauthorized,
                    Error("Base.1.8.InsufficientPrivilege", "There are insufficient privileges for the account or credentials associated with the current session to perform the requested operation."));
                return;
            }
            if (FailWith is { } status)
            {
                await WriteAsync(response, status, Error("Base.1.8.InternalError", FailMessage));
                return;
            }
            var (code, json) = Route(request.HttpMethod, path.TrimEnd('/'), body);
            await WriteAsync(response, code, json);
        }
        catch (OperationCanceledException)
        {
            response.Abort();
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or IOException)
        {
            // The client went away.
        }
    }

    private (HttpStatusCode, JsonObject?) Route(string method, string path, string body)
    {
        if (method == "GET" && path == "/redfish/v1")
            return (HttpStatusCode.OK, new JsonObject
            {
                ["@odata.type"] = "#ServiceRoot.v1_5_0.ServiceRoot",
                ["@odata.id"] = "/redfish/v1/",
                ["Id"] = "RootService",
                ["Name"] = "Root Service",
                ["RedfishVersion"] = "1.6.0",
                ["UUID"] = "92384634-2938-2342-8820-489239905423",
                ["Systems"] = new JsonObject { ["@odata.id"] = "/redfish/v1/Systems" },
                ["Managers"] = new JsonObject { ["@odata.id"] = "/redfish/v1/Managers" },
            });
        if (path.StartsWith("/redfish/v1/Managers", StringComparison.Ordinal))
        {
            lock (_gate)
                return RouteManager(method, path, body);
        }
        if (method == "GET" && path == "/redfish/v1/Systems")
            return (HttpStatusCode.OK, new JsonObject
            {
                ["@odata.type"] = "#ComputerSystemCollection.ComputerSystemCollection",
                ["@odata.id"] = "/redfish/v1/Systems",
                ["Name"] = "Computer System Collection",
                ["Members@odata.count"] = SystemCount,
                ["Members"] = new JsonArray(Enumerable.Range(1, SystemCount)
                    .Select(i => (JsonNode)new JsonObject { ["@odata.id"] = $"/redfish/v1/Systems/{i}" }).ToArray()),
            });
        var hardwareNumber = Enumerable.Range(1, SystemCount).FirstOrDefault(i => path.StartsWith($"/redfish/v1/Systems/{i}/", StringComparison.Ordinal));
        if (method == "GET" && hardwareNumber > 0 && !path.Contains("/Actions/", StringComparison.Ordinal))
        {
            var systemBase = $"/redfish/v1/Systems/{hardwareNumber}";
            return Hardware(hardwareNumber).Get(systemBase, path[systemBase.Length..]) is { } part
                ? (HttpStatusCode.OK, part)
                : (HttpStatusCode.NotFound, Error("Base.1.8.ResourceMissingAtURI", $"The resource at the URI {path} was not found."));
        }
        var systemNumber = Enumerable.Range(1, SystemCount).FirstOrDefault(i =>
            path == $"/redfish/v1/Systems/{i}" || path == $"/redfish/v1/Systems/{i}/Actions/ComputerSystem.Reset");
        if (systemNumber == 0)
            return (HttpStatusCode.NotFound, Error("Base.1.8.ResourceMissingAtURI", $"The resource at the URI {path} was not found."));
        var systemPath = $"/redfish/v1/Systems/{systemNumber}";

        if (method == "GET" && path == systemPath)
            return (HttpStatusCode.OK, SystemResource(systemNumber));
        if (method == "POST" && path == systemPath + "/Actions/ComputerSystem.Reset")
            return Reset(body);
        if (method == "PATCH" && path == systemPath)
            return Patch(body);
        return (HttpStatusCode.MethodNotAllowed, Error("Base.1.8.OperationNotAllowed", $"{method} is not allowed on {path}."));
    }

    private (HttpStatusCode, JsonObject?) Reset(string body)
    {
        var type = JsonNode.Parse(body)?["ResetType"]?.GetValue<string>();
        if (type is null || !ResetTypes.Contains(type))
            return (HttpStatusCode.BadRequest, Error("Base.1.8.ActionParameterValueNotInList",
                $"The value {type} for the parameter ResetType in the action ComputerSystem.Reset is not in the list of acceptable values."));
        var target = type switch
        {
            "On" or "ForceRestart" or "GracefulRestart" => "On",
            "ForceOff" => "Off",
            "GracefulShutdown" => IgnoreGracefulShutdown ? null : "Off",
            _ => PowerState == "On" ? "Off" : "On",
        };
        if (target is not null)
        {
            var changed = PowerState != target;
            lock (_gate)
            {
                if (PowerTransition > TimeSpan.Zero && _powerState != target)
                {
                    _powerState = target == "On" ? "PoweringOn" : "PoweringOff";
                    _settlesTo = target;
                    _settlesAt = DateTime.UtcNow + PowerTransition;
                }
                else
                {
                    _powerState = target;
                    _settlesTo = null;
                }
            }
            if (changed || type is "ForceRestart" or "GracefulRestart")
                PowerChanged?.Invoke(target);
        }
        return (HttpStatusCode.NoContent, null);
    }

    private (HttpStatusCode, JsonObject?) Patch(string body)
    {
        if (JsonNode.Parse(body)?["Boot"] is not JsonObject boot)
            return (HttpStatusCode.BadRequest, Error("Base.1.8.PropertyUnknown", "Only Boot can be patched here."));
        if (boot["BootSourceOverrideTarget"]?.GetValue<string>() is { } target)
        {
            if (!BootTargets.Contains(target))
                return (HttpStatusCode.BadRequest, Error("Base.1.8.PropertyValueNotInList",
                    $"The value {target} for the property BootSourceOverrideTarget is not in the list of acceptable values."));
            BootTarget = target;
        }
        if (boot["BootSourceOverrideEnabled"]?.GetValue<string>() is { } enabled)
            BootEnabled = enabled;
        return (HttpStatusCode.NoContent, null);
    }

    private JsonObject SystemResource(int number)
    {
        var system = BareSystemResource(number);
        Hardware(number).Describe(system, $"/redfish/v1/Systems/{number}");
        return system;
    }

    private JsonObject BareSystemResource(int number) => new()
    {
        ["@odata.type"] = "#ComputerSystem.v1_10_0.ComputerSystem",
        ["@odata.id"] = $"/redfish/v1/Systems/{number}",
        ["Id"] = number.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Name"] = "Test System",
        ["SystemType"] = "Physical",
        ["Manufacturer"] = "Ironic.Actors tests",
        ["Model"] = "Emulated Server",
        ["SerialNumber"] = $"EMU-{number:D4}",
        ["PowerState"] = PowerState,
        ["Status"] = new JsonObject { ["State"] = "Enabled", ["Health"] = "OK" },
        ["Boot"] = new JsonObject
        {
            ["BootSourceOverrideEnabled"] = BootEnabled,
            ["BootSourceOverrideTarget"] = BootTarget,
            ["BootSourceOverrideTarget@Redfish.AllowableValues"] = new JsonArray(BootTargets.Select(t => (JsonNode)t).ToArray()),
            ["BootSourceOverrideMode"] = "UEFI",
        },
        ["Links"] = new JsonObject
        {
            ["ManagedBy"] = new JsonArray(new JsonObject { ["@odata.id"] = ManagerPath }),
        },
        ["Actions"] = new JsonObject
        {
            ["#ComputerSystem.Reset"] = new JsonObject
            {
                ["target"] = $"/redfish/v1/Systems/{number}/Actions/ComputerSystem.Reset",
                ["ResetType@Redfish.AllowableValues"] = new JsonArray(ResetTypes.Select(t => (JsonNode)t).ToArray()),
            },
        },
    };

    private (HttpStatusCode, JsonObject?) RouteManager(string method, string path, string body)
    {
        if (method == "GET" && path == "/redfish/v1/Managers")
            return (HttpStatusCode.OK, new JsonObject
            {
                ["@odata.type"] = "#ManagerCollection.ManagerCollection",
                ["@odata.id"] = "/redfish/v1/Managers",
                ["Name"] = "Manager Collection",
                ["Members@odata.count"] = 1,
                ["Members"] = new JsonArray(new JsonObject { ["@odata.id"] = ManagerPath }),
            });
        if (method == "GET" && path == ManagerPath)
        {
            var manager = new JsonObject
            {
                ["@odata.type"] = "#Manager.v1_10_0.Manager",
                ["@odata.id"] = ManagerPath,
                ["Id"] = "BMC",
                ["Name"] = "Manager",
                ["ManagerType"] = "BMC",
                ["FirmwareVersion"] = "1.0.0",
                ["Links"] = new JsonObject
                {
                    ["ManagerForServers"] = new JsonArray(Enumerable.Range(1, SystemCount)
                        .Select(i => (JsonNode)new JsonObject { ["@odata.id"] = $"/redfish/v1/Systems/{i}" }).ToArray()),
                },
            };
            if (HasVirtualMedia)
                manager["VirtualMedia"] = new JsonObject { ["@odata.id"] = ManagerPath + "/VirtualMedia" };
            return (HttpStatusCode.OK, manager);
        }
        if (!HasVirtualMedia || !path.StartsWith(ManagerPath + "/VirtualMedia", StringComparison.Ordinal))
            return (HttpStatusCode.NotFound, Error("Base.1.8.ResourceMissingAtURI", $"The resource at the URI {path} was not found."));
        if (method == "GET" && path == ManagerPath + "/VirtualMedia")
            return (HttpStatusCode.OK, new JsonObject
            {
                ["@odata.type"] = "#VirtualMediaCollection.VirtualMediaCollection",
                ["@odata.id"] = ManagerPath + "/VirtualMedia",
                ["Name"] = "Virtual Media Services",
                ["Members@odata.count"] = 2,
                ["Members"] = new JsonArray(
                    new JsonObject { ["@odata.id"] = MediaPath(_cd) },
                    new JsonObject { ["@odata.id"] = MediaPath(_usb) }),
            });
        foreach (var media in new[] { _cd, _usb })
        {
            var mediaPath = MediaPath(media);
            if (method == "GET" && path == mediaPath)
                return (HttpStatusCode.OK, MediaResource(media));
            if (method == "PATCH" && path == mediaPath)
                return PatchMedia(media, body);
            if (method == "POST" && VirtualMediaActions && path == mediaPath + "/Actions/VirtualMedia.InsertMedia")
                return InsertMedia(media, JsonNode.Parse(body) as JsonObject ?? []);
            if (method == "POST" && VirtualMediaActions && path == mediaPath + "/Actions/VirtualMedia.EjectMedia")
            {
                media.Eject();
                return (HttpStatusCode.NoContent, null);
            }
        }
        return (HttpStatusCode.NotFound, Error("Base.1.8.ResourceMissingAtURI", $"The resource at the URI {path} was not found."));
    }

    private (HttpStatusCode, JsonObject?) InsertMedia(Media media, JsonObject request)
    {
        if (FailInsertWith is { } status)
            return (status, Error("Base.1.8.ActionNotSupported", $"The virtual media {media.Id} refused the image: {FailMessage}"));
        if (request["Image"]?.GetValue<string>() is not { Length: > 0 } image)
            return (HttpStatusCode.BadRequest, Error("Base.1.8.ActionParameterMissing",
                "The action VirtualMedia.InsertMedia requires the parameter Image to be present in the request body."));
        if (media.Inserted)
            return (HttpStatusCode.Conflict, Error("Base.1.8.ResourceInUse", $"The virtual media {media.Id} already holds {media.Image}."));
        media.Image = image;
        media.Inserted = request["Inserted"]?.GetValue<bool>() ?? true;
        media.WriteProtected = request["WriteProtected"]?.GetValue<bool>() ?? true;
        return (HttpStatusCode.NoContent, null);
    }

    /// <summary>PATCH of Image/Inserted/WriteProtected: an image inserts it, a null or empty image ejects.</summary>
    private (HttpStatusCode, JsonObject?) PatchMedia(Media media, string body)
    {
        if (JsonNode.Parse(body) is not JsonObject request || !request.ContainsKey("Image"))
            return (HttpStatusCode.BadRequest, Error("Base.1.8.PropertyMissing", "The property Image is required."));
        if (request["Image"] is JsonValue value && value.GetValue<string>() is { Length: > 0 })
        {
            if (media.Inserted)
                media.Eject();
            return InsertMedia(media, request);
        }
        media.Eject();
        return (HttpStatusCode.NoContent, null);
    }

    private static string MediaPath(Media media) => $"{ManagerPath}/VirtualMedia/{media.Id}";

    private JsonObject MediaResource(Media media)
    {
        var path = MediaPath(media);
        var resource = new JsonObject
        {
            ["@odata.type"] = "#VirtualMedia.v1_4_0.VirtualMedia",
            ["@odata.id"] = path,
            ["Id"] = media.Id,
            ["Name"] = $"Virtual {media.Id}",
            ["MediaTypes"] = new JsonArray(media.Types.Select(t => (JsonNode)t).ToArray()),
            ["Image"] = media.Image,
            ["ImageName"] = media.Image is { } image ? image[(image.LastIndexOf('/') + 1)..] : null,
            ["ConnectedVia"] = media.Inserted ? "URI" : "NotConnected",
            ["Inserted"] = media.Inserted,
            ["WriteProtected"] = media.WriteProtected,
        };
        if (VirtualMediaActions)
            resource["Actions"] = new JsonObject
            {
                ["#VirtualMedia.InsertMedia"] = new JsonObject { ["target"] = path + "/Actions/VirtualMedia.InsertMedia" },
                ["#VirtualMedia.EjectMedia"] = new JsonObject { ["target"] = path + "/Actions/VirtualMedia.EjectMedia" },
            };
        return resource;
    }

    /// <summary>One virtual media device and what it holds.</summary>
    private sealed class Media(string id, string[] types)
    {
        public string Id { get; } = id;
        public string[] Types { get; } = types;
        public string? Image { get; set; }
        public bool Inserted { get; set; }
        public bool WriteProtected { get; set; }

        public void Eject()
        {
            Image = null;
            Inserted = false;
            WriteProtected = false;
        }
    }

    private bool Authorized(HttpListenerRequest request)
    {
        var header = request.Headers["Authorization"];
        if (header is null || !header.StartsWith("Basic ", StringComparison.Ordinal))
            return false;
        var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..]));
        return decoded == $"{Username}:{Password}";
    }

    private static JsonObject Error(string messageId, string message) => new()
    {
        ["error"] = new JsonObject
        {
            ["code"] = "Base.1.8.GeneralError",
            ["message"] = "A general error has occurred. See ExtendedInfo for more information.",
            ["@Message.ExtendedInfo"] = new JsonArray(new JsonObject
            {
                ["@odata.type"] = "#Message.v1_1_1.Message",
                ["MessageId"] = messageId,
                ["Message"] = message,
                ["Severity"] = "Critical",
                ["Resolution"] = "None.",
            }),
        },
    };

    private static async Task WriteAsync(HttpListenerResponse response, HttpStatusCode status, JsonObject? json)
    {
        response.StatusCode = (int)status;
        if (json is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(json.ToJsonString());
            response.ContentType = "application/json";
            response.ContentLength64 = bytes.Length;
            await response.OutputStream.WriteAsync(bytes);
        }
        response.Close();
    }
}
