namespace CrystalKernels.Cli;

/// <summary>Resident memory of this process from /proc/self/status (Linux); elsewhere the GC's view of the working set.</summary>
public static class ProcessMemory
{
    /// <summary>Peak resident set (VmHWM): the high-water mark since the process started (it cannot be reset).</summary>
    public static long PeakResidentBytes() => Read("VmHWM:") ?? Environment.WorkingSet;

    /// <summary>Current resident set (VmRSS).</summary>
    public static long ResidentBytes() => Read("VmRSS:") ?? Environment.WorkingSet;

    private static long? Read(string key)
    {
        const string status = "/proc/self/status";
        if (!File.Exists(status))
        {
            return null;
        }

        foreach (var line in File.ReadLines(status))
        {
            if (line.StartsWith(key, StringComparison.Ordinal))
            {
                // "VmHWM:   123456 kB"
                var parts = line[key.Length..].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
                return long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture) * 1024;
            }
        }

        return null;
    }
}
