using CrystalKernels.Tensors;

namespace CrystalKernels.Training.Optim;

/// <summary>
/// Adam's state for one parameter, as in PyTorch's <c>optimizer.state[p]</c>: its own step count (a parameter that
/// had no gradient on some step was not stepped, so its bias corrections lag) and the two moment estimates, in the
/// parameter's dtype.
/// </summary>
public sealed class AdamParamState
{
    internal AdamParamState(long step, Tensor expAvg, Tensor expAvgSq)
    {
        Step = step;
        ExpAvg = expAvg;
        ExpAvgSq = expAvgSq;
    }

    public long Step { get; internal set; }

    /// <summary>First moment m (PyTorch <c>exp_avg</c>).</summary>
    public Tensor ExpAvg { get; }

    /// <summary>Second moment v (PyTorch <c>exp_avg_sq</c>).</summary>
    public Tensor ExpAvgSq { get; }
}
