using System.IO.Compression;

namespace CrystalKernels.Crystals.Io;

/// <summary>Opens text files, decompressing <c>.gz</c> transparently, and strips <c>.gz</c> for format detection.</summary>
public static class TextFiles
{
    public static TextReader OpenText(string path)
    {
        Stream s = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        if (IsGzip(path))
        {
            s = new GZipStream(s, CompressionMode.Decompress);
        }

        return new StreamReader(s, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
    }

    public static string ReadAll(string path)
    {
        using var r = OpenText(path);
        return r.ReadToEnd();
    }

    /// <summary>Writes through a temporary file and renames it, so a failed write never leaves half a file.</summary>
    public static void WriteAll(string path, string text)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(dir);
        var tmp = Path.Combine(dir, "." + Path.GetFileName(path) + ".tmp" + Environment.ProcessId);
        if (IsGzip(path))
        {
            using var fs = File.Create(tmp);
            using var gz = new GZipStream(fs, CompressionLevel.Optimal);
            using var w = new StreamWriter(gz, new System.Text.UTF8Encoding(false));
            w.Write(text);
        }
        else
        {
            File.WriteAllText(tmp, text, new System.Text.UTF8Encoding(false));
        }

        File.Move(tmp, path, overwrite: true);
    }

    public static bool IsGzip(string path) => path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);

    /// <summary>File name without a trailing <c>.gz</c>.</summary>
    public static string NameWithoutGz(string path)
    {
        var name = Path.GetFileName(path);
        return IsGzip(name) ? name[..^3] : name;
    }
}
