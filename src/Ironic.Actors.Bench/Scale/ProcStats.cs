using System.Globalization;

namespace Ironic.Actors.Bench.Scale;

/// <summary>
/// Reads a process's resident memory and CPU time, and the machine's size, from Linux's /proc. Every reader
/// answers null where /proc is missing or the process is gone.
/// </summary>
internal static class ProcStats
{
    /// <summary>Linux reports utime and stime in USER_HZ ticks, which is 100 per second on every architecture .NET runs on.</summary>
    private const double TicksPerSecond = 100;

    /// <summary>VmRSS: resident memory now, in bytes.</summary>
    public static long? ResidentBytes(int pid) => StatusKb(pid, "VmRSS:") * 1024;

    /// <summary>VmHWM: the most resident memory the process has had, in bytes.</summary>
    public static long? PeakResidentBytes(int pid) => StatusKb(pid, "VmHWM:") * 1024;

    /// <summary>utime + stime from /proc/PID/stat: CPU time the process has used so far (all its threads).</summary>
    public static TimeSpan? CpuTime(int pid)
    {
        var stat = ReadOrNull($"/proc/{pid}/stat");
        // The command name (field 2) is in parentheses and may hold spaces; fields are counted after its ')'.
        var close = stat?.LastIndexOf(')') ?? -1;
        if (stat is null || close < 0)
            return null;
        var fields = stat[(close + 2)..].Split(' ');
        // fields[0] is field 3 (state), so utime (field 14) is fields[11] and stime (field 15) fields[12].
        if (fields.Length < 13
            || !long.TryParse(fields[11], CultureInfo.InvariantCulture, out var utime)
            || !long.TryParse(fields[12], CultureInfo.InvariantCulture, out var stime))
            return null;
        return TimeSpan.FromSeconds((utime + stime) / TicksPerSecond);
    }

    /// <summary>
    /// CPU time the whole machine has spent busy (user, nice, system, irq, softirq, steal from /proc/stat's first
    /// line), summed over its cores.
    /// </summary>
    public static TimeSpan? MachineBusy()
    {
        var first = ReadOrNull("/proc/stat")?.Split('\n')[0];
        var fields = first?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields is not { Length: > 8 } || fields[0] != "cpu")
            return null;
        long busy = 0;
        foreach (var index in new[] { 1, 2, 3, 6, 7, 8 })
            busy += long.TryParse(fields[index], CultureInfo.InvariantCulture, out var ticks) ? ticks : 0;
        return TimeSpan.FromSeconds(busy / TicksPerSecond);
    }

    /// <summary>MemTotal from /proc/meminfo, in bytes.</summary>
    public static long? MachineMemoryBytes() => FieldKb(ReadOrNull("/proc/meminfo"), "MemTotal:") * 1024;

    /// <summary>"2 cores, 23.5 GiB" (the memory part left out where /proc/meminfo is missing).</summary>
    public static string MachineSummary() =>
        MachineMemoryBytes() is { } memory
            ? string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessorCount} cores, {memory / (1024.0 * 1024 * 1024):0.0} GiB")
            : $"{Environment.ProcessorCount} cores";

    /// <summary>"512 MiB", or "?" when unknown.</summary>
    public static string Mib(long? bytes) => bytes is { } b ? string.Create(CultureInfo.InvariantCulture, $"{b / (1024.0 * 1024):0} MiB") : "?";

    private static long? StatusKb(int pid, string field) => FieldKb(ReadOrNull($"/proc/{pid}/status"), field);

    private static long? FieldKb(string? text, string field)
    {
        var line = text?.Split('\n').FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
        var number = line?[field.Length..].Trim().Split(' ')[0];
        return long.TryParse(number, CultureInfo.InvariantCulture, out var kb) ? kb : null;
    }

    private static string? ReadOrNull(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
