using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace CrystalKernels.Tensors.Autograd;

/// <summary>
/// Opt-in per-op profile of a tape (<see cref="Tape.Profile"/>): calls, forward and backward wall time, and the bytes
/// of new output buffers. Forward time of an op is the wall time since the previous recorded op (or
/// <see cref="Mark"/>), so work that records nothing (index building, ops on tensors without a gradient) is charged
/// to the next recorded op. Outputs that share an input's storage (reshape views) count no bytes. Backward time is
/// measured around each node's closure. Accumulates over every tape it is attached to.
/// </summary>
public sealed class TapeProfile
{
    private readonly Dictionary<string, Entry> entries = [];
    private long last = Stopwatch.GetTimestamp();

    /// <summary>Bytes of step-scoped gradient buffers created by <see cref="Tape.GradOf"/> (parameters excluded).</summary>
    public long GradBytes { get; private set; }

    /// <summary>Restarts the forward clock (call right before the forward pass).</summary>
    public void Mark() => last = Stopwatch.GetTimestamp();

    internal void OnRecord(string op, Tensor output, Tensor[] inputs)
    {
        var now = Stopwatch.GetTimestamp();
        var e = Get(op);
        e.Calls++;
        e.ForwardTicks += now - last;
        if (!inputs.Any(t => ReferenceEquals(t.Storage, output.Storage)))
        {
            e.OutputBytes += output.Storage.Bytes;
        }

        last = now;
    }

    internal void OnBackward(string op, long ticks) => Get(op).BackwardTicks += ticks;

    internal void OnGrad(long bytes) => GradBytes += bytes;

    /// <summary>One line per op, the slowest (forward + backward) first, and a total line.</summary>
    public string Report()
    {
        var sb = new StringBuilder();
        var ms = 1000.0 / Stopwatch.Frequency;
        sb.AppendLine("op                          calls  forward_ms  backward_ms  output_mb");
        foreach (var (name, e) in entries.OrderByDescending(kv => kv.Value.ForwardTicks + kv.Value.BackwardTicks))
        {
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-26} {e.Calls,7} {e.ForwardTicks * ms,11:F1} {e.BackwardTicks * ms,12:F1} {e.OutputBytes / 1e6,10:F1}"));
        }

        sb.Append(string.Create(CultureInfo.InvariantCulture,
            $"{"total",-26} {entries.Values.Sum(e => e.Calls),7} {entries.Values.Sum(e => e.ForwardTicks) * ms,11:F1} " +
            $"{entries.Values.Sum(e => e.BackwardTicks) * ms,12:F1} {entries.Values.Sum(e => e.OutputBytes) / 1e6,10:F1}  (step grads {GradBytes / 1e6:F1} MB)"));
        return sb.ToString();
    }

    private Entry Get(string op)
    {
        if (!entries.TryGetValue(op, out var e))
        {
            e = new Entry();
            entries[op] = e;
        }

        return e;
    }

    private sealed class Entry
    {
        public long Calls;
        public long ForwardTicks;
        public long BackwardTicks;
        public long OutputBytes;
    }
}
