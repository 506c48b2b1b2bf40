namespace Ironic.Actors.Domain.States;

/// <summary>Events of Ironic's provision state machine.</summary>
public static class ProvisionEvents
{
    public const string Manage = "manage";
    public const string Provide = "provide";
    public const string Inspect = "inspect";
    public const string Clean = "clean";
    public const string Adopt = "adopt";
    public const string Deploy = "deploy";
    public const string Rebuild = "rebuild";
    public const string Delete = "delete";
    public const string Rescue = "rescue";
    public const string Unrescue = "unrescue";
    public const string Abort = "abort";
    public const string Done = "done";
    public const string Fail = "fail";
    public const string Wait = "wait";
    public const string Resume = "resume";

    /// <summary>Events only the conductor may fire; the API never accepts them.</summary>
    public static readonly IReadOnlySet<string> InternalOnly = new HashSet<string> { Done, Fail, Wait, Resume };
}
