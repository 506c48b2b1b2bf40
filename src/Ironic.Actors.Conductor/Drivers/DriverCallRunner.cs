using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Domain.Periodic;
using Ironic.Actors.Drivers.Abstractions;
using Ironic.Actors.Protocol.Nodes;
using static Ironic.Actors.Protocol.Nodes.DriverCallReplies;

namespace Ironic.Actors.Conductor.Drivers;

/// <summary>
/// Makes the driver calls behind a node's sub-resources (validate, boot device, vendor passthru), bounded by a
/// time budget. Never throws: a refusal or failure becomes <see cref="Failed"/> with the HTTP status Ironic
/// answers (400 for invalid input, 500 for a driver error) and its text.
/// </summary>
public sealed class DriverCallRunner(HardwareTypeRegistry hardware, ConductorOptions options)
{
    /// <summary>
    /// Longest a call may take: a vendor method may run as long as other provisioning work
    /// (<see cref="ConductorOptions.ProvisionWorkTimeout"/>), a management call as long as a power action.
    /// </summary>
    public static TimeSpan Budget(DriverCalls.IDriverCall call, ConductorOptions options) =>
        TimeSpan.FromSeconds(call is DriverCalls.InvokeVendorMethod ? options.ProvisionWorkTimeout : options.PowerStateChangeTimeout);

    public async Task<object> RunAsync(DriverCalls.IDriverCall call, CancellationToken ct)
    {
        if (call is DriverCalls.ReadPowerState read)
            return new PowerRead(await ReadPowerAsync(read, ct));
        var budget = Budget(call, options);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(budget);
        try
        {
            return await RunCoreAsync(call, timeout.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new Failed(500, $"The driver did not answer within {budget.TotalSeconds:0} seconds.");
        }
        catch (OperationCanceledException)
        {
            return new Failed(503, "The driver call was cancelled because the conductor is stopping; please retry.");
        }
        catch (DriverException e)
        {
            return new Failed(e.StatusCode, e.Message);
        }
        catch (Exception e)
        {
            // Anything else a driver throws is Ironic's "unexpected error": a 500 with its text, never a lost answer.
            return new Failed(500, e.Message);
        }
    }

    private async Task<object> RunCoreAsync(DriverCalls.IDriverCall call, CancellationToken ct)
    {
        var node = call.Node;
        switch (call)
        {
            case DriverCalls.Validate validate:
                return new ValidationReport([.. NodeInterfaces.Types.Where(t => t != InterfaceTypes.Vendor).Select(t => ValidateOne(t, node, validate))]);
            case DriverCalls.GetBootDevice:
            {
                var management = ValidManagement(node);
                var device = await management.GetBootDeviceAsync(node, ct);
                return new BootDevice(device.BootDevice, device.Persistent);
            }
            case DriverCalls.SetBootDevice set:
            {
                var management = ValidManagement(node);
                await management.SetBootDeviceAsync(node, set.Device, set.Persistent, ct);
                return Done.Instance;
            }
            case DriverCalls.GetSupportedBootDevices:
                return new SupportedBootDevices([.. hardware.GetInterface<IManagementInterface>(node.Interfaces).SupportedBootDevices(node)]);
            case DriverCalls.GetVendorMethods:
            {
                var vendor = hardware.GetInterface<IVendorInterface>(node.Interfaces);
                return new VendorMethods([.. vendor.Methods.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => Describe(m.Key, m.Value))]);
            }
            case DriverCalls.PrepareVendorCall prepare:
            {
                // Ironic's order: the route (method name, then HTTP method), then the method's own argument checks.
                var vendor = hardware.GetInterface<IVendorInterface>(node.Interfaces);
                var route = VendorMethod.CheckRoute(vendor.Methods, prepare.Method, prepare.HttpMethod);
                if (!route.Result)
                    return new Failed(400, route.Reason!);
                var check = vendor.ValidateCall(node, prepare.Method, prepare.HttpMethod, prepare.Body);
                if (!check.Result)
                    return new Failed(400, check.Reason!);
                return new VendorCallPlan(Describe(prepare.Method, vendor.Methods[prepare.Method]));
            }
            case DriverCalls.InvokeVendorMethod invoke:
            {
                var vendor = hardware.GetInterface<IVendorInterface>(node.Interfaces);
                var route = vendor.Methods[invoke.Method];
                var value = await vendor.CallAsync(node, invoke.Method, invoke.HttpMethod, invoke.Body, ct);
                return new VendorCallResult(route.Async, route.Attach, value);
            }
            case DriverCalls.ValidateConsole:
                ValidConsole(node);
                return Done.Instance;
            case DriverCalls.SwitchConsole @switch:
            {
                var console = ValidConsole(node);
                await (@switch.Enabled ? console.StartConsoleAsync(node, ct) : console.StopConsoleAsync(node, ct));
                return Done.Instance;
            }
            case DriverCalls.GetConsoleInfo:
                return new ConsoleState(true, await ValidConsole(node).GetConsoleAsync(node, ct));
            case DriverCalls.ValidateRaidConfig raid:
                try
                {
                    hardware.GetInterface<IRaidInterface>(node.Interfaces).ValidateRaidConfig(node, raid.Config);
                    return Done.Instance;
                }
                catch (DriverException e) when (e.IsUnsupportedExtension)
                {
                    // RAID is optional, so Ironic's API answers "not supported" with 404 here.
                    return new Failed(404, e.Message);
                }
            default:
                return new Failed(500, $"Unknown driver call {call.GetType().Name}.");
        }
    }

    /// <summary>
    /// Reads the power state for the periodic sync, as Ironic's do_sync_power_state does: a node with no power
    /// state yet (or any node, for the power-failure recovery) is validated first, and one that does not validate
    /// is not read at all; any failure, time-out or "error" answer becomes a failed reading.
    /// </summary>
    private async Task<PowerReading> ReadPowerAsync(DriverCalls.ReadPowerState read, CancellationToken ct)
    {
        var budget = Budget(read, options);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(budget);
        try
        {
            var power = hardware.GetInterface<IPowerInterface>(read.Node.Interfaces);
            if (read.AlwaysValidate || read.Node.PowerState is null)
            {
                var valid = power.Validate(read.Node);
                if (!valid.Result)
                    return read.AlwaysValidate ? PowerReading.Failed(valid.Reason ?? "invalid") : PowerReading.NotValidated(valid.Reason ?? "invalid");
            }
            return PowerReading.Of(await power.GetPowerStateAsync(read.Node, timeout.Token));
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return PowerReading.Failed($"The BMC did not answer within {budget.TotalSeconds:0} seconds.");
        }
        catch (Exception e)
        {
            return PowerReading.Failed(e.Message);
        }
    }

    /// <summary>
    /// One entry of GET /validate. Invalid input and unsupported interfaces give their reason; any other failure is
    /// reported with the conductor's host, as Ironic does (it logs the traceback), so one bad interface never hides the others.
    /// </summary>
    private InterfaceValidation ValidateOne(string type, Node node, DriverCalls.Validate call)
    {
        try
        {
            var implementation = hardware.Get(type, node.Interfaces.Get(type));
            var drivers = hardware.DriversOf(node.Interfaces) with { Ports = call.Ports ?? [] };
            var result = implementation switch
            {
                IDeployInterface deploy => deploy.Validate(node, drivers),
                // Network boot interfaces check the node's ports, which the node sends along.
                IBootInterface boot => boot.Validate(node, drivers),
                // The storage interface checks the node's volume connectors and targets (cinder), which the node sends along.
                IStorageInterface storage => storage.ValidateVolumes(node, call.VolumeConnectors ?? [], call.VolumeTargets ?? [], drivers),
                _ => implementation.Validate(node),
            };
            if (result.Result && type == InterfaceTypes.Deploy && TraitRules.InstanceTraitsError(node) is { } traits)
                return new InterfaceValidation(type, false, traits);
            return new InterfaceValidation(type, result.Result, result.Result ? null : result.Reason ?? "");
        }
        catch (DriverException e) when (e.StatusCode == 400)
        {
            return new InterfaceValidation(type, false, e.Message);
        }
        catch (Exception e)
        {
            return new InterfaceValidation(type, false,
                $"Unexpected exception, traceback saved into log by ironic conductor service that is running on {options.Host}: {e.Message}");
        }
    }

    /// <summary>The node's management interface once it validates (Ironic validates before every boot device call).</summary>
    private IManagementInterface ValidManagement(Node node)
    {
        var management = hardware.GetInterface<IManagementInterface>(node.Interfaces);
        var result = management.Validate(node);
        return result.Result ? management : throw DriverException.InvalidParameter(result.Reason ?? "");
    }

    /// <summary>The node's console interface once it validates (Ironic validates it before every console call).</summary>
    private IConsoleInterface ValidConsole(Node node)
    {
        var console = hardware.GetInterface<IConsoleInterface>(node.Interfaces);
        var result = console.Validate(node);
        return result.Result ? console : throw DriverException.InvalidParameter(result.Reason ?? "");
    }

    private static VendorMethodInfo Describe(string name, VendorMethod method) => new(
        name, [.. method.HttpMethods.Select(m => m.ToUpperInvariant())], method.Async, method.Description, method.Attach,
        method.RequireExclusiveLock);
}
