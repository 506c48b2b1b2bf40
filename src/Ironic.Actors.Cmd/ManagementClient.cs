using System.Net.Http.Json;
using System.Text.Json;

namespace Ironic.Actors.Cmd;

/// <summary>A failure the tool reports on stderr with exit code 1: refused, not found, or the endpoint unreachable.</summary>
public sealed class CmdFailure(string message) : Exception(message);

/// <summary>An answer of the management endpoint: its status and body.</summary>
public sealed record ManagementAnswer(int Status, string Body)
{
    public bool IsSuccess => Status is >= 200 and < 300;
}

/// <summary>HTTP to one member's management endpoint (<c>Ironic:Management:Urls</c>).</summary>
public sealed class ManagementClient(HttpClient http)
{
    /// <summary>Header the member checks for leave and down (<c>Ironic:Management:Secret</c>).</summary>
    public const string SecretHeader = "X-Ironic-Management-Secret";

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    /// <summary>Sends a request; <see cref="CmdFailure"/> when the endpoint cannot be reached or does not answer in time.</summary>
    public async Task<ManagementAnswer> SendAsync(HttpMethod method, string path, object? body, string? secret, CancellationToken cancel)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (body is not null)
            request.Content = JsonContent.Create(body, options: Json);
        if (secret is not null)
            request.Headers.TryAddWithoutValidation(SecretHeader, secret);
        try
        {
            using var response = await http.SendAsync(request, cancel);
            return new ManagementAnswer((int)response.StatusCode, await response.Content.ReadAsStringAsync(cancel));
        }
        catch (HttpRequestException e)
        {
            throw new CmdFailure(
                $"cannot reach the management endpoint at {http.BaseAddress}: {e.Message} " +
                "(is the member running, and is this its Ironic:Management:Urls?)");
        }
        catch (TaskCanceledException) when (!cancel.IsCancellationRequested)
        {
            throw new CmdFailure($"the management endpoint at {http.BaseAddress} did not answer within {http.Timeout.TotalSeconds:0} s.");
        }
    }

    /// <summary>The answer's body as <typeparamref name="T"/>; <see cref="CmdFailure"/> when it is not what the tool expects.</summary>
    public static T Read<T>(ManagementAnswer answer)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(answer.Body, Json) ?? throw new JsonException("empty answer");
        }
        catch (JsonException e)
        {
            throw new CmdFailure($"unexpected answer from the management endpoint (HTTP {answer.Status}): {e.Message}");
        }
    }

    /// <summary>The message of an error answer: its "error", else the status.</summary>
    public static string ErrorOf(ManagementAnswer answer)
    {
        try
        {
            if (JsonSerializer.Deserialize<ErrorView>(answer.Body, Json)?.Error is { Length: > 0 } error)
                return error;
        }
        catch (JsonException)
        {
        }
        return answer.Status == 404
            ? $"HTTP 404 from the management endpoint (is this address a member's management endpoint, not its Ironic API?)"
            : $"HTTP {answer.Status} from the management endpoint.";
    }
}
