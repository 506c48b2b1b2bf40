namespace Ironic.Actors.Bench.Scale;

/// <summary>
/// The server's data directory (its SQLite journal and the server log): a temporary one, deleted at the end
/// unless kept, or the one given with <c>--data-dir</c>, which is never deleted.
/// </summary>
internal sealed class BenchDataDirectory
{
    private readonly bool _owned;
    private readonly bool _keep;

    public BenchDataDirectory(string? given, bool keep)
    {
        _owned = given is null;
        _keep = keep;
        Path = given is null
            ? Directory.CreateTempSubdirectory("ironic-bench-scale-").FullName
            : Directory.CreateDirectory(given).FullName;
    }

    public string Path { get; }

    public string LogFile => System.IO.Path.Combine(Path, "server.log");

    /// <summary>
    /// Deletes a temporary directory unless it is to be kept. After a failed run its server log is first copied
    /// beside it (into the temporary folder), so that the failure can still be read. Returns what was kept, if anything.
    /// </summary>
    public string? CleanUp(bool failed)
    {
        if (!_owned || _keep)
            return $"data and server log kept in {Path}";
        string? savedLog = null;
        if (failed && File.Exists(LogFile))
        {
            savedLog = Path.TrimEnd(System.IO.Path.DirectorySeparatorChar) + ".server.log";
            File.Copy(LogFile, savedLog, overwrite: true);
        }

        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"could not delete {Path}: {e.Message}";
        }

        return savedLog is null ? null : $"server log of the failed or cancelled run saved as {savedLog}";
    }
}
