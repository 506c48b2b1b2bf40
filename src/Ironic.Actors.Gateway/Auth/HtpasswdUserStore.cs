using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ironic.Actors.Gateway.Auth;

/// <summary>
/// The users of the http_basic auth user file, read once and again only when the file changes: each look-up costs
/// one <c>stat</c> (modification time and size), and the file is read and parsed only when those differ from the
/// last read. While the file is missing or unreadable, <see cref="Current"/> says so (and the API answers 500, as
/// Ironic does); as soon as it is back it is read again.
/// </summary>
public sealed class HtpasswdUserStore
{
    private readonly object _reloadLock = new();
    private readonly ILogger _logger;
    private volatile Snapshot _snapshot;

    /// <summary>Reads <paramref name="path"/> now; problems are logged, never thrown (see <see cref="Load"/> for the strict start-up check).</summary>
    public HtpasswdUserStore(string path, ILogger<HtpasswdUserStore>? logger = null)
    {
        Path = path;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _snapshot = Read(FileStamp.Of(path), previous: null);
    }

    /// <summary>The auth user file.</summary>
    public string Path { get; }

    /// <summary>The users as the file is now (re-read if it changed since the last call).</summary>
    public Snapshot Current
    {
        get
        {
            var stamp = FileStamp.Of(Path);
            var snapshot = _snapshot;
            if (!NeedsReading(snapshot, stamp))
                return snapshot;
            lock (_reloadLock)
            {
                snapshot = _snapshot;
                if (NeedsReading(snapshot, stamp))
                    _snapshot = snapshot = Read(stamp, snapshot);
                return snapshot;
            }
        }
    }

    /// <summary>
    /// Reads and checks the file strictly, for start-up: throws <see cref="InvalidOperationException"/> with a message
    /// naming the file and every bad line if it is missing, unreadable, or has a hash that is not bcrypt.
    /// </summary>
    public static HtpasswdFile Load(string path)
    {
        HtpasswdFile file;
        try
        {
            file = HtpasswdFile.Parse(File.ReadAllText(path), path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new InvalidOperationException(
                $"Ironic:Gateway:AuthStrategy is '{AuthStrategies.HttpBasic}' but the auth user file " +
                $"(Ironic:Gateway:HttpBasicAuthUserFile) '{path}' cannot be read: {e.Message} " +
                "It must be an Apache htpasswd file of bcrypt hashes, e.g. made with `htpasswd -cB FILE USER`.", e);
        }

        if (file.Problems.Count > 0)
            throw new InvalidOperationException(
                $"The auth user file (Ironic:Gateway:HttpBasicAuthUserFile) '{path}' has entries that cannot be used:" +
                $"{Environment.NewLine}{file.DescribeProblems()}{Environment.NewLine}" +
                "Only bcrypt hashes are supported (`htpasswd -B`).");
        return file;
    }

    /// <summary>
    /// When the file changed; also, while it cannot be read, once a second (fixing its permissions changes neither
    /// its modification time nor its size).
    /// </summary>
    private static bool NeedsReading(Snapshot snapshot, FileStamp stamp) =>
        stamp != snapshot.Stamp || (snapshot.Error is not null && Environment.TickCount64 - snapshot.ReadAt >= RetryUnreadableMs);

    private const long RetryUnreadableMs = 1000;

    private Snapshot Read(FileStamp stamp, Snapshot? previous)
    {
        try
        {
            var file = HtpasswdFile.Parse(File.ReadAllText(Path), Path);
            if (file.Problems.Count > 0)
                _logger.LogError("Auth user file {Path}: these users cannot log in:{NewLine}{Problems}",
                    Path, Environment.NewLine, file.DescribeProblems());
            if (previous is not null)
                _logger.LogInformation("Auth user file {Path} (re)read; {Users} users can log in", Path, file.UsableUsers);
            else if (file.UsableUsers == 0)
                _logger.LogWarning("Auth user file {Path} has no usable user: every authenticated request will be refused", Path);
            return new Snapshot(stamp, file, null, Environment.TickCount64);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            if (previous?.Error != e.Message)
                _logger.LogError("Auth user file {Path} cannot be read ({Error}); authenticated requests fail until it can",
                    Path, e.Message);
            return new Snapshot(stamp, null, e.Message, Environment.TickCount64);
        }
    }

    /// <summary>The file as last read: its users, or why it could not be read.</summary>
    public sealed record Snapshot(FileStamp Stamp, HtpasswdFile? File, string? Error, long ReadAt);
}

/// <summary>What decides whether the file must be read again: existence, modification time, size.</summary>
public readonly record struct FileStamp(bool Exists, DateTime LastWriteUtc, long Length)
{
    public static FileStamp Of(string path)
    {
        try
        {
            var info = new FileInfo(path);
            return info.Exists ? new FileStamp(true, info.LastWriteTimeUtc, info.Length) : default;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return default;
        }
    }
}
