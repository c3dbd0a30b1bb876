using System.Text;

namespace CrystalKernels.Tensors.Autograd;

/// <summary>
/// Reverse-mode autograd for one training step. Ops append a node (name, inputs, output, backward closure) in
/// execution order, so the list is already topologically sorted and <see cref="Backward"/> walks it in reverse.
/// Backward closures accumulate (+=) into input gradients, which handles fan-out and gradient accumulation alike.
/// The tape owns the step arena: disposing it releases every activation and activation gradient of the step.
/// Passing a null tape to an op means "no grad, heap memory"; <see cref="NoGrad"/> pauses recording but keeps the
/// arena (inference inside a step).
/// </summary>
public sealed class Tape : IDisposable
{
    private readonly List<Node> nodes = [];
    private readonly List<Tensor> stepGrads = [];
    private int pauseDepth;
    private bool disposed;

    public Tape(Device? device = null, bool recording = true)
    {
        Arena = new StepArena(device ?? Backends.Cpu.CpuDevice.Instance);
        Recording = recording;
    }

    /// <summary>A tape that never records: inference with step-scoped memory.</summary>
    public static Tape Inference(Device? device = null) => new(device, recording: false);

    public StepArena Arena { get; }

    public bool Recording { get; }

    /// <summary>Opt-in per-op timing and bytes (null: off, no cost).</summary>
    public TapeProfile? Profile { get; set; }

    public int NodeCount => nodes.Count;

    /// <summary>True when a new node would be recorded (recording and not paused).</summary>
    public bool IsRecording => Recording && pauseDepth == 0 && !disposed;

    /// <summary>Pauses recording until the returned scope is disposed.</summary>
    public IDisposable NoGrad()
    {
        pauseDepth++;
        return new PauseScope(this);
    }

    /// <summary>Whether an op with these inputs must record itself.</summary>
    public bool ShouldRecord(params Tensor[] inputs)
    {
        if (!IsRecording)
        {
            return false;
        }

        foreach (var t in inputs)
        {
            if (t.RequiresGrad)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Records an op. Call only when <see cref="ShouldRecord"/> is true. <paramref name="backward"/> reads
    /// <c>output.Grad</c> and accumulates into <see cref="GradOf"/> of each input that requires a gradient.
    /// </summary>
    public void Record(string op, Tensor output, Tensor[] inputs, Action backward)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        output.RequiresGrad = true;
        nodes.Add(new Node(op, output, inputs, backward));
        Profile?.OnRecord(op, output, inputs);
    }

    /// <summary>The gradient buffer of <paramref name="t"/>, created zeroed on first use (parameters: long-lived).</summary>
    public Tensor GradOf(Tensor t)
    {
        if (t.Grad is null || t.Grad.Storage.Released)
        {
            if (t.IsParameter)
            {
                t.Grad = Tensor.Zeros(t.Shape, t.DType, t.Device);
            }
            else
            {
                t.Grad = Tensor.Zeros(t.Shape, t.DType, t.Device, this);
                stepGrads.Add(t);
                Profile?.OnGrad(t.Grad.Storage.Bytes);
            }
        }

        return t.Grad;
    }

    /// <summary>
    /// Returns the step memory of activations that no recorded backward closure reads back to the pool now, so later
    /// ops of the same step reuse it (their gradients still flow: a gradient is a separate buffer). Reading a released
    /// tensor afterwards throws. Tensors that do not own arena memory (parameters, inputs) are left alone; a reshape
    /// view releases the storage it shares, so release a view only together with its source.
    /// </summary>
    public void Release(params Tensor?[] tensors)
    {
        foreach (var t in tensors)
        {
            if (t is not null)
            {
                Arena.Release(t.Storage);
            }
        }
    }

    /// <summary>
    /// Seeds dL/dL (ones, or <paramref name="seed"/> for a vector-Jacobian product) and runs every backward closure
    /// in reverse order. Nodes whose output received no gradient are skipped.
    /// </summary>
    public void Backward(Tensor loss, Tensor? seed = null)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (!loss.RequiresGrad)
        {
            throw new InvalidOperationException($"Backward: {loss.Describe()} does not depend on any tensor that requires a gradient");
        }

        if (seed is null && loss.Numel != 1)
        {
            throw new InvalidOperationException($"Backward: loss must have one element, got {loss.Describe()}; pass a seed for a vector-Jacobian product");
        }

        var g = GradOf(loss);
        if (seed is null)
        {
            g.Fill(1.0);
        }
        else
        {
            ShapeMismatchException.SameShape("Backward(seed)", loss, seed);
            g.CopyFrom(seed);
        }

        for (var i = nodes.Count - 1; i >= 0; i--)
        {
            var n = nodes[i];
            if (n.Output.Grad is null)
            {
                continue;
            }

            if (Profile is null)
            {
                n.Backward();
            }
            else
            {
                var start = System.Diagnostics.Stopwatch.GetTimestamp();
                n.Backward();
                Profile.OnBackward(n.Op, System.Diagnostics.Stopwatch.GetTimestamp() - start);
            }

            // Every consumer of this output was recorded later and has run: its gradient is spent, so its memory
            // goes back to the pool for the gradients still to come (peak ≈ activations + one block's gradients,
            // not activations + every gradient of the step).
            if (!ReferenceEquals(n.Output, loss) && !n.Output.IsParameter && Arena.Release(n.Output.Grad!.Storage))
            {
                n.Output.Grad = null;
            }
        }
    }

    /// <summary>The recorded graph, one node per line, for diagnostics when a gradient check fails.</summary>
    public string Dump()
    {
        var sb = new StringBuilder();
        for (var i = 0; i < nodes.Count; i++)
        {
            var n = nodes[i];
            sb.Append(i).Append(": ").Append(n.Op).Append('(')
              .Append(string.Join(", ", n.Inputs.Select(t => t.Describe()))).Append(") -> ").AppendLine(n.Output.Describe());
        }

        return sb.ToString();
    }

    /// <summary>Ends the step: drops the graph and returns every step buffer to the pool.</summary>
    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        nodes.Clear();
        foreach (var t in stepGrads)
        {
            t.Grad = null;
        }

        stepGrads.Clear();
        Arena.Reset();
    }

    private sealed record Node(string Op, Tensor Output, Tensor[] Inputs, Action Backward);

    private sealed class PauseScope(Tape tape) : IDisposable
    {
        private bool done;

        public void Dispose()
        {
            if (!done)
            {
                done = true;
                tape.pauseDepth--;
            }
        }
    }
}
