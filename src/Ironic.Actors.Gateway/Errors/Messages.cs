namespace Ironic.Actors.Gateway.Errors;

/// <summary>Fault strings the gateway itself produces, worded like Ironic's.</summary>
public static class Messages
{
    /// <summary>Ironic's <c>NotAcceptable</c>: a field, filter, verb or parameter newer than the requested version.</summary>
    public const string NotAcceptable = "Request not acceptable.";

    /// <summary>An unknown path (pecan's 404 text).</summary>
    public const string ResourceNotFound = "The resource could not be found.";

    /// <summary>Ironic's <c>NotFound</c>: an endpoint (or one of its methods) newer than the requested version.</summary>
    public const string VersionedResourceNotFound = "Resource could not be found.";

    public static string NodeNotFound(string ident) => $"Node {ident} could not be found.";

    public static string MethodNotAllowed(string method) => $"The method {method} is not allowed for this resource.";

    public static string InvalidUuidOrName(string ident) => $"Expected a logical name or UUID but received {ident}.";

    /// <summary>Ironic's <c>args.uuid</c>.</summary>
    public static string InvalidUuid(string field, string value) => $"Expected UUID for {field}: {value}";

    public static string InvalidFields(IEnumerable<string> fields) => $"Field(s) \"{string.Join(", ", fields)}\" are not valid";

    public const string FieldsWithDetail = "Can not specify ?detail=True and fields in the same request.";

    public static string InvalidSortKey(string key) => $"The sort_key value \"{key}\" is an invalid field for sorting";

    public static string InvalidSortDir(string dir) => $"Invalid sort direction: {dir}. Acceptable values are 'asc' or 'desc'";

    /// <summary>Ironic's <c>args.boolean</c> (oslo's strict <c>bool_from_string</c>).</summary>
    public static string InvalidBool(string field, string value) =>
        $"Invalid {field}: Unrecognized value '{value}', acceptable values are: " +
        "'0', '1', 'f', 'false', 'n', 'no', 'off', 'on', 't', 'true', 'y', 'yes'";

    /// <summary>Ironic's <c>args.integer</c>.</summary>
    public static string InvalidInt(string field, string value) => $"Expected an integer for {field}: {value}";

    /// <summary>Ironic's <c>args.string</c>; <paramref name="value"/> as Python's <c>%s</c> prints it.</summary>
    public static string ExpectedString(string field, string value) => $"Expected string for {field}: {value}";

    public const string LimitNotPositive = "Limit must be positive";

    public static string BodyTooLarge(long max) => $"Request is too large: the body may have at most {max} bytes.";

    /// <summary>Ironic's <c>args.validate</c> for a required argument that is missing.</summary>
    public static string MissingArgument(string name) => $"Missing mandatory parameter: {name}";

    /// <summary>Ironic's <c>args.validate</c> for arguments the method does not take.</summary>
    public static string UnknownArguments(IEnumerable<string> names) => $"Unexpected arguments: {string.Join(", ", names)}";

    public const string BodyNotObject = "The request body must be a JSON object.";
}
