using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Drivers.Abstractions;

namespace Ironic.Actors.Drivers.Fake;

/// <summary>
/// The "fake" vendor interface (Ironic's entry point "fake", its <c>FakeVendorB</c>): three POST methods
/// that each need an argument <c>bar</c> and answer whether it has their magic value. They differ only in
/// how they run: asynchronously, synchronously, or under a shared lock.
/// </summary>
public sealed class FakeVendor : IVendorInterface
{
    private static readonly IReadOnlyList<string> Post = ["POST"];

    private static readonly Dictionary<string, VendorMethod> Routes = new()
    {
        ["second_method"] = new(Post, Async: true, "Test if the value of bar is kazoo"),
        ["third_method_sync"] = new(Post, Async: false, "Test if the value of bar is meow"),
        ["fourth_method_shared_lock"] = new(Post, Async: true, "Test if the value of bar is woof", RequireExclusiveLock: false),
    };

    // The value of "bar" each method answers true for.
    private static readonly Dictionary<string, string> MagicValues = new()
    {
        ["second_method"] = "kazoo",
        ["third_method_sync"] = "meow",
        ["fourth_method_shared_lock"] = "woof",
    };

    private static readonly IReadOnlyDictionary<string, string> DriverInfo = new Dictionary<string, string>
    {
        ["B1"] = "B1 description. Required.",
        ["B2"] = "B2 description. Required.",
    };

    private readonly FakeDelayer _delay;

    public FakeVendor(FakeDelays? delays = null, TimeProvider? time = null, Random? random = null)
    {
        _delay = new FakeDelayer(delays, InterfaceTypes.Vendor, time, random);
    }

    public string Name => "fake";
    public string InterfaceType => InterfaceTypes.Vendor;
    public IReadOnlyDictionary<string, VendorMethod> Methods => Routes;

    public ValidationResult Validate(Node node) => ValidationResult.Ok;

    public IReadOnlyDictionary<string, string> GetProperties() => DriverInfo;

    public ValidationResult ValidateCall(Node node, string method, string httpMethod, JsonNode? body)
    {
        var route = VendorMethod.CheckRoute(Routes, method, httpMethod);
        if (!route.Result)
            return route;
        return !HasBar(body)
            ? ValidationResult.Fail($"Parameter 'bar' not passed to method '{method}'.")
            : ValidationResult.Ok;
    }

    public async Task<JsonNode?> CallAsync(Node node, string method, string httpMethod, JsonNode? body, CancellationToken ct)
    {
        var validation = ValidateCall(node, method, httpMethod, body);
        if (!validation.Result)
            throw DriverException.InvalidParameter(validation.Reason!);
        await _delay.WaitAsync(ct).ConfigureAwait(false);
        return JsonValue.Create(Bar(body) == MagicValues[method]);
    }

    // Ironic checks "if not bar": absent, null, empty or false all count as not passed.
    private static bool HasBar(JsonNode? body) =>
        body is JsonObject obj && obj["bar"] is { } bar
        && !(bar is JsonValue v && ((v.TryGetValue<string>(out var s) && s.Length == 0) || (v.TryGetValue<bool>(out var b) && !b)));

    private static string? Bar(JsonNode? body) =>
        body is JsonObject obj && obj["bar"] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
