namespace Ironic.Actors.Gateway.Errors;

/// <summary>Fault strings the gateway itself produces, worded like Ironic's.</summary>
public static class Messages
{
    /// <summary>Ironic's <c>NotAcceptable</c>: a field, filter, verb or parameter newer than the requested version.</summary>
    public const string NotAcceptable = "Request not acceptable.";

    /// <summary>An unknown path (pecan's 404 text).</summary>
    public const string ResourceNotFound = "The resource could not be found.";

    public static string NodeNotFound(string ident) => $"Node {ident} could not be found.";

    public static string MethodNotAllowed(string method) => $"The method {method} is not allowed for this resource.";

    public static string InvalidUuidOrName(string ident) => $"Expected a logical name or UUID but received {ident}.";

    public static string InvalidUuid(string field, string value) =>
        $"Invalid input for field/attribute {field}. Value: '{value}'. Expected a UUID but received {value}.";

    public static string InvalidFields(IEnumerable<string> fields) => $"Field(s) \"{string.Join(", ", fields)}\" are not valid";

    public const string FieldsWithDetail = "Can not specify ?detail=True and fields in the same request.";

    public static string InvalidSortKey(string key) => $"The sort_key value \"{key}\" is an invalid field for sorting";

    public static string InvalidSortDir(string dir) => $"Invalid sort direction: {dir}. Acceptable values are 'asc' or 'desc'";

    public static string InvalidBool(string field, string value) =>
        $"Invalid input for field/attribute {field}. Value: '{value}'. Wrong type. Expected 'bool', got 'str'.";

    public static string InvalidInt(string field, string value) =>
        $"Invalid input for field/attribute {field}. Value: '{value}'. Wrong type. Expected 'int', got 'str'.";

    public const string LimitNotPositive = "Limit must be positive";

    public static string BodyTooLarge(long max) => $"Request is too large: the body may have at most {max} bytes.";

    public static string MissingArgument(string name) => $"Missing argument: \"{name}\"";

    public static string UnknownArgument(string name) => $"Unknown argument: \"{name}\"";

    public const string BodyNotObject = "The request body must be a JSON object.";
}
