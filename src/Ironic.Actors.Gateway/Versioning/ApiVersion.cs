namespace Ironic.Actors.Gateway.Versioning;

/// <summary>An Ironic API microversion such as 1.78. Only major version 1 exists.</summary>
public readonly record struct ApiVersion(int Major, int Minor) : IComparable<ApiVersion>
{
    /// <summary>True when this version is 1.<paramref name="minor"/> or later.</summary>
    public bool AtLeast(int minor) => Major > 1 || (Major == 1 && Minor >= minor);

    public int CompareTo(ApiVersion other) =>
        Major != other.Major ? Major.CompareTo(other.Major) : Minor.CompareTo(other.Minor);

    public static bool operator <(ApiVersion a, ApiVersion b) => a.CompareTo(b) < 0;
    public static bool operator >(ApiVersion a, ApiVersion b) => a.CompareTo(b) > 0;
    public static bool operator <=(ApiVersion a, ApiVersion b) => a.CompareTo(b) <= 0;
    public static bool operator >=(ApiVersion a, ApiVersion b) => a.CompareTo(b) >= 0;

    public override string ToString() => $"{Major}.{Minor}";
}
