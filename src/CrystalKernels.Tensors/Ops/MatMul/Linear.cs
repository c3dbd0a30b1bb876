using CrystalKernels.Tensors.Autograd;

namespace CrystalKernels.Tensors.Ops;

/// <summary>
/// y[..., out] = x[..., in] · wᵀ + b with w [out, in] (PyTorch layout) and optional b [out]. Backward over the rows r
/// of x: dx = dy · w, dw = dyᵀ · x, db = Σ_r dy[r].
/// </summary>
public static partial class Op
{
    public static Tensor Linear(Tape? tape, Tensor x, Tensor w, Tensor? b = null)
    {
        const string name = nameof(Linear);
        ReduceArgs.RequireFloat(name, b is null ? [x, w] : [x, w, b]);
        ShapeMismatchException.Require(w.Rank == 2, name, $"weight must be [out, in], got {w.Describe()}");
        var (outF, inF) = (w.Shape[0], w.Shape[1]);
        ShapeMismatchException.Require(x.Rank >= 1 && x.Shape.Cols == inF, name, $"x {x.Shape} must end in in = {inF} (weight {w.Shape})");
        ShapeMismatchException.Require(b is null || (b.Rank == 1 && b.Shape[0] == outF), name, $"bias must be [{outF}] for weight {w.Shape}, got {b?.Shape}");
        var k = x.Device.Backend.MatMul;
        var y = Tensor.Empty(x.Shape.With(-1, outF), x.DType, x.Device, tape);
        k.Linear(x, w, b, y);
        var inputs = b is null ? new[] { x, w } : [x, w, b];
        if (tape is not null && tape.ShouldRecord(inputs))
        {
            tape.Record(name, y, inputs, () => k.LinearBackward(x, w, y.Grad!,
                x.RequiresGrad ? tape.GradOf(x) : null,
                w.RequiresGrad ? tape.GradOf(w) : null,
                b is not null && b.RequiresGrad ? tape.GradOf(b) : null));
        }

        return y;
    }
}
