using System.Globalization;
using System.Text;
using System.Text.Json;

namespace CrystalKernels.Training.Runs;

/// <summary>
/// metrics.jsonl: one JSON object per line, <c>{"step":120,"epoch":0,"split":"train","name":"loss","value":0.52}</c>,
/// flushed after every line so a crash or Ctrl-C loses nothing already logged and plots can follow a live run.
/// Non-finite values are written as the strings "NaN", "Infinity", "-Infinity" (JSON has no such numbers).
/// </summary>
public sealed class MetricsLog : IDisposable
{
    private readonly StreamWriter writer;

    private MetricsLog(StreamWriter writer) => this.writer = writer;

    public static MetricsLog Open(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var fs = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        return new MetricsLog(new StreamWriter(fs, new UTF8Encoding(false)) { AutoFlush = true, NewLine = "\n" });
    }

    public void Write(MetricRecord r) => Write(r.Step, r.Epoch, r.Split, r.Name, r.Value);

    public void Write(long step, int epoch, string split, string name, double value)
    {
        var sb = new StringBuilder(96);
        sb.Append("{\"step\":").Append(step.ToString(CultureInfo.InvariantCulture))
            .Append(",\"epoch\":").Append(epoch.ToString(CultureInfo.InvariantCulture))
            .Append(",\"split\":").Append(JsonSerializer.Serialize(split))
            .Append(",\"name\":").Append(JsonSerializer.Serialize(name))
            .Append(",\"value\":").Append(double.IsFinite(value) ? value.ToString("R", CultureInfo.InvariantCulture) : JsonSerializer.Serialize(value.ToString(CultureInfo.InvariantCulture)))
            .Append('}');
        lock (writer)
        {
            writer.WriteLine(sb.ToString());
        }
    }

    public void Dispose() => writer.Dispose();

    /// <summary>Reads every record; a torn last line (the process died mid-write) is skipped, any other bad line is
    /// an error naming the file and line.</summary>
    public static IReadOnlyList<MetricRecord> Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"metrics file not found: {path}", path);
        }

        var lines = File.ReadAllLines(path);
        var records = new List<MetricRecord>(lines.Length);
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Length == 0)
            {
                continue;
            }

            try
            {
                using var doc = JsonDocument.Parse(lines[i]);
                var o = doc.RootElement;
                var v = o.GetProperty("value");
                var value = v.ValueKind == JsonValueKind.String ? double.Parse(v.GetString()!, CultureInfo.InvariantCulture) : v.GetDouble();
                records.Add(new MetricRecord(o.GetProperty("step").GetInt64(), o.GetProperty("epoch").GetInt32(),
                    o.GetProperty("split").GetString()!, o.GetProperty("name").GetString()!, value));
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or FormatException or InvalidOperationException)
            {
                if (i == lines.Length - 1)
                {
                    break;
                }

                throw new FormatException($"{path}:{i + 1}: not a metrics record ({e.Message})", e);
            }
        }

        return records;
    }
}
