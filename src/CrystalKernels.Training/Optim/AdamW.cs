using CrystalKernels.Tensors;

namespace CrystalKernels.Training.Optim;

/// <summary>
/// torch.optim.AdamW (Loshchilov and Hutter): decoupled weight decay p *= 1 - lr*wd before the Adam update; the
/// moments never see the decay. Defaults as PyTorch: betas (0.9, 0.999), eps 1e-8, weight decay 1e-2.
/// </summary>
public sealed class AdamW(IEnumerable<Tensor> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 1e-2)
    : AdamBase(parameters, lr, beta1, beta2, eps, weightDecay)
{
    public override string Kind => "adamw";

    protected override bool DecoupledWeightDecay => true;
}
