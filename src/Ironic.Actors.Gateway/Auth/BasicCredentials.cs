using System.Text;

namespace Ironic.Actors.Gateway.Auth;

/// <summary>A user name and password taken from an <c>Authorization: Basic ...</c> header.</summary>
public sealed record BasicCredentials(string User, string Password)
{
    /// <summary>Ironic's fault strings for the ways a request can fail to authenticate.</summary>
    public static class Faults
    {
        public const string AuthorizationRequired = "Authorization required";
        public const string IncorrectCredentials = "Incorrect username or password";
        public const string CannotParseHeader = "Could not parse Authorization header";
        public const string CannotDecodeToken = "Could not decode authorization token";
        public const string UserFileUnavailable = "Invalid configuration file. Problem reading auth user file";

        public static string UnsupportedType(string type) => $"Unsupported authorization type \"{type}\"";
    }

    /// <summary>
    /// Parses the <c>Authorization</c> header(s) of a request. Null or empty: <see cref="ParseResult.Missing"/> (401);
    /// not <c>&lt;type&gt; &lt;token&gt;</c>, not Basic, not base64 of <c>user:password</c> in UTF-8: an error (400), as Ironic.
    /// </summary>
    public static ParseResult Parse(IReadOnlyList<string?> headers)
    {
        if (headers.Count == 0 || (headers.Count == 1 && string.IsNullOrEmpty(headers[0])))
            return ParseResult.Missing;
        if (headers.Count > 1)
            return ParseResult.Invalid(Faults.CannotParseHeader);

        var value = headers[0]!.Trim();
        var space = value.IndexOfAny([' ', '\t']);
        if (space <= 0)
            return ParseResult.Invalid(Faults.CannotParseHeader);
        var type = value[..space];
        var token = value[(space + 1)..].Trim();
        if (!type.Equals("Basic", StringComparison.OrdinalIgnoreCase))
            return ParseResult.Invalid(Faults.UnsupportedType(type));

        byte[] pair;
        try
        {
            pair = Convert.FromBase64String(token);
        }
        catch (FormatException)
        {
            return ParseResult.Invalid(Faults.CannotDecodeToken);
        }

        var colon = Array.IndexOf(pair, (byte)':');
        if (colon < 0)
            return ParseResult.Invalid(Faults.CannotDecodeToken);
        var strict = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        try
        {
            return ParseResult.Of(new BasicCredentials(
                strict.GetString(pair, 0, colon), strict.GetString(pair, colon + 1, pair.Length - colon - 1)));
        }
        catch (DecoderFallbackException)
        {
            return ParseResult.Invalid(Faults.CannotDecodeToken);
        }
        finally
        {
            Array.Clear(pair);
        }
    }

    /// <summary>Never shows the password.</summary>
    public override string ToString() => $"BasicCredentials {{ User = {User} }}";

    /// <summary>Credentials, or none (<see cref="IsMissing"/>), or why the header is unusable (<see cref="Error"/>).</summary>
    public sealed class ParseResult
    {
        private ParseResult(BasicCredentials? credentials, string? error)
        {
            Credentials = credentials;
            Error = error;
        }

        public static ParseResult Missing { get; } = new(null, null);

        public BasicCredentials? Credentials { get; }

        public string? Error { get; }

        public bool IsMissing => Credentials is null && Error is null;

        internal static ParseResult Of(BasicCredentials credentials) => new(credentials, null);

        internal static ParseResult Invalid(string error) => new(null, error);
    }
}
