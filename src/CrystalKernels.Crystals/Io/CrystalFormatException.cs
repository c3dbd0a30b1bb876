namespace CrystalKernels.Crystals.Io;

/// <summary>
/// A structure file that cannot be read: names the file (or dataset row), the 1-based line where the problem was
/// found, and the reason. Derives from <see cref="FormatException"/> so callers that catch format errors see it.
/// </summary>
public sealed class CrystalFormatException : FormatException
{
    public CrystalFormatException(string file, int line, string reason, Exception? inner = null)
        : base($"{file}:{line}: {reason}", inner)
    {
        File = file;
        Line = line;
        Reason = reason;
    }

    /// <summary>Path or label of the source (e.g. "val.csv.gz row mp-1234").</summary>
    public string File { get; }

    /// <summary>1-based line in <see cref="File"/>.</summary>
    public int Line { get; }

    public string Reason { get; }
}
