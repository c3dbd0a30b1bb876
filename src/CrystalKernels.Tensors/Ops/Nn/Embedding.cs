using CrystalKernels.Tensors.Autograd;

namespace CrystalKernels.Tensors.Ops;

/// <summary>
/// Embedding lookup: y[n] = weight[ids[n]] for weight[V, D] and ids Int32[N] -> [N, D] (an IndexSelect of rows).
/// Backward: dweight[v] += sum over n with ids[n] = v of dy[n], summed in ascending n (deterministic).
/// </summary>
public static partial class Op
{
    public static Tensor Embedding(Tape? tape, Tensor weight, Tensor ids)
    {
        ShapeMismatchException.Require(weight.Rank == 2, nameof(Embedding), $"weight must be [V, D], got {weight.Describe()}");
        return Gather(tape, nameof(Embedding), weight, ids);
    }
}
