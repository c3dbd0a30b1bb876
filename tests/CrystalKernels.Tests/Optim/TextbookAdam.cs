namespace CrystalKernels.Tests.Optim;

/// <summary>
/// Adam and AdamW written straight from the formulas (Kingma and Ba, Alg. 1; Loshchilov and Hutter; the PyTorch
/// docs), in double, deliberately not in the kernel's op order: m = b1*m + (1-b1)*g, v = b2*v + (1-b2)*g^2,
/// p -= lr * (m / (1-b1^t)) / (sqrt(v / (1-b2^t)) + eps); Adam adds wd*p to g, AdamW first does p -= lr*wd*p.
/// </summary>
internal sealed class TextbookAdam(int n, double lr, double beta1, double beta2, double eps, double weightDecay, bool decoupled)
{
    private readonly double[] m = new double[n];
    private readonly double[] v = new double[n];
    private int t;

    public double Lr { get; set; } = lr;

    public void Step(double[] p, double[] g)
    {
        t++;
        for (var i = 0; i < n; i++)
        {
            var gi = decoupled ? g[i] : g[i] + weightDecay * p[i];
            if (decoupled)
            {
                p[i] -= Lr * weightDecay * p[i];
            }

            m[i] = beta1 * m[i] + (1 - beta1) * gi;
            v[i] = beta2 * v[i] + (1 - beta2) * gi * gi;
            var mHat = m[i] / (1 - Math.Pow(beta1, t));
            var vHat = v[i] / (1 - Math.Pow(beta2, t));
            p[i] -= Lr * mHat / (Math.Sqrt(vHat) + eps);
        }
    }
}
