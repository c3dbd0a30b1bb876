using CrystalKernels.Tensors;

namespace CrystalKernels.Training.Optim;

/// <summary>
/// torch.optim.Adam: weight decay is L2, added to the gradient (g += wd*p) before the moments. Defaults as PyTorch:
/// betas (0.9, 0.999), eps 1e-8, no weight decay.
/// </summary>
public sealed class Adam(IEnumerable<Tensor> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 0)
    : AdamBase(parameters, lr, beta1, beta2, eps, weightDecay)
{
    public override string Kind => "adam";

    protected override bool DecoupledWeightDecay => false;
}
