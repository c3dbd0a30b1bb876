using System.Globalization;

namespace CrystalKernels.Training.Progress;

/// <summary>
/// Progress as plain lines for logs and CI: "title 120/1000 (12.0%) 00:01:02 eta 00:07:35 | status", written at most
/// once per <see cref="Interval"/> and once at the end. The clock is injectable so tests need no sleeping.
/// </summary>
public sealed class PlainProgress : IProgressSink
{
    private readonly TextWriter output;
    private readonly Func<TimeSpan> clock;
    private readonly string title;
    private readonly long total;
    private TimeSpan lastWrite;
    private string status = string.Empty;

    public PlainProgress(TextWriter output, string title, long total, TimeSpan? interval = null, Func<TimeSpan>? clock = null)
    {
        this.output = output;
        this.title = title;
        this.total = total;
        Interval = interval ?? TimeSpan.FromSeconds(10);
        if (clock is null)
        {
            var sw = System.Diagnostics.Stopwatch.StartNew();
            clock = () => sw.Elapsed;
        }

        this.clock = clock;
        lastWrite = this.clock();
        Start = lastWrite;
    }

    public TimeSpan Interval { get; }

    public long Done { get; private set; }

    private TimeSpan Start { get; }

    public void Advance(long by = 1)
    {
        Done += by;
        var now = clock();
        if (now - lastWrite >= Interval)
        {
            Write(now);
        }
    }

    public void SetStatus(string status) => this.status = status;

    /// <summary>The final line.</summary>
    public void Complete() => Write(clock());

    private void Write(TimeSpan now)
    {
        lastWrite = now;
        var elapsed = now - Start;
        var line = total > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{title} {Done}/{total} ({100.0 * Done / total:F1}%) {Format(elapsed)}")
            : string.Create(CultureInfo.InvariantCulture, $"{title} {Done} {Format(elapsed)}");
        if (total > 0 && Done > 0 && Done < total)
        {
            line += " eta " + Format(elapsed * ((double)(total - Done) / Done));
        }

        if (status.Length > 0)
        {
            line += " | " + status;
        }

        output.WriteLine(line);
        output.Flush();
    }

    private static string Format(TimeSpan t) => t.ToString(t.TotalHours >= 24 ? @"d\.hh\:mm\:ss" : @"hh\:mm\:ss", CultureInfo.InvariantCulture);
}
