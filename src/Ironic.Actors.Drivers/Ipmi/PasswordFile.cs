using System.Text;

namespace Ironic.Actors.Drivers.Ipmi;

/// <summary>
/// The temporary file ipmitool reads the password from (<c>-f</c>), created readable by this user only
/// (0600) so the password never shows on a command line or to other users.
/// </summary>
internal static class PasswordFile
{
    /// <summary>Writes the password (an empty one as a single NUL, as Ironic does) and returns the path.</summary>
    public static string Create(string? password)
    {
        var path = Path.Combine(Path.GetTempPath(), $"ironic-ipmi-{Guid.NewGuid():N}.pw");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(path, options))
        {
            var bytes = Encoding.UTF8.GetBytes(string.IsNullOrEmpty(password) ? "\0" : password);
            stream.Write(bytes);
        }
        return path;
    }

    public static void Delete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: the temp directory is cleaned eventually.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
