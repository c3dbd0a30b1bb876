using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Autograd;
using CrystalKernels.Tensors.Backends.Cpu;
using CrystalKernels.Tensors.Kernels;
using CrystalKernels.Tensors.Ops;
using CrystalKernels.Tensors.Random;

namespace CrystalKernels.Tests.Elementwise;

/// <summary>
/// One row per tested unary op configuration: the public Op call, the kernel op with its scalar parameters (for
/// direct kernel calls), a safe input domain [Lo, Hi) and the kinks inputs must keep away from (finite differences
/// straddling a kink measure neither one-sided derivative), and a scalar double reference f(x; p0, p1) with its
/// derivative, written from the textbook formulas independently of the kernels.
/// </summary>
public sealed record UnaryCase(
    string Name, Func<Tape?, Tensor, Tensor> Apply, UnaryOp KernelOp, double P0, double P1, double Lo, double Hi, double[] Kinks,
    Func<double, double, double, double> Reference, Func<double, double, double, double> ReferenceDerivative)
{
    /// <summary>Distance every input keeps from a kink: far larger than the finite-difference step 1e-6.</summary>
    public const double KinkGap = 0.05;

    public static readonly UnaryCase[] All =
    [
        new("Exp", (t, x) => Op.Exp(t, x), UnaryOp.Exp, 0, 0, -3, 3, [], (x, _, _) => Math.Exp(x), (x, _, _) => Math.Exp(x)),
        new("Log", (t, x) => Op.Log(t, x), UnaryOp.Log, 0, 0, 0.05, 4, [], (x, _, _) => Math.Log(x), (x, _, _) => 1 / x),
        new("Sqrt", (t, x) => Op.Sqrt(t, x), UnaryOp.Sqrt, 0, 0, 0.05, 4, [], (x, _, _) => Math.Sqrt(x), (x, _, _) => 0.5 / Math.Sqrt(x)),
        new("Rsqrt", (t, x) => Op.Rsqrt(t, x), UnaryOp.Rsqrt, 0, 0, 0.05, 4, [], (x, _, _) => 1 / Math.Sqrt(x), (x, _, _) => -0.5 * Math.Pow(x, -1.5)),
        new("Pow2", (t, x) => Op.Pow(t, x, 2), UnaryOp.Pow, 2, 0, -2, 2, [], Pow, PowDerivative),
        new("Pow3", (t, x) => Op.Pow(t, x, 3), UnaryOp.Pow, 3, 0, -2, 2, [], Pow, PowDerivative),
        new("PowHalf", (t, x) => Op.Pow(t, x, 0.5), UnaryOp.Pow, 0.5, 0, 0.05, 4, [], Pow, PowDerivative),
        new("Pow2.7", (t, x) => Op.Pow(t, x, 2.7), UnaryOp.Pow, 2.7, 0, 0.05, 4, [], Pow, PowDerivative),
        new("PowMinus1.5", (t, x) => Op.Pow(t, x, -1.5), UnaryOp.Pow, -1.5, 0, 0.2, 4, [], Pow, PowDerivative),
        new("Neg", (t, x) => Op.Neg(t, x), UnaryOp.Neg, 0, 0, -2, 2, [], (x, _, _) => -x, (_, _, _) => -1),
        new("Abs", (t, x) => Op.Abs(t, x), UnaryOp.Abs, 0, 0, -2, 2, [0], (x, _, _) => Math.Abs(x), (x, _, _) => Math.Sign(x)),
        new("Sigmoid", (t, x) => Op.Sigmoid(t, x), UnaryOp.Sigmoid, 0, 0, -8, 8, [], (x, _, _) => Sigma(x), (x, _, _) => Sigma(x) * (1 - Sigma(x))),
        new("Tanh", (t, x) => Op.Tanh(t, x), UnaryOp.Tanh, 0, 0, -4, 4, [], (x, _, _) => Math.Tanh(x), (x, _, _) => 1 - (Math.Tanh(x) * Math.Tanh(x))),
        new("Silu", (t, x) => Op.Silu(t, x), UnaryOp.Silu, 0, 0, -8, 8, [], (x, _, _) => x * Sigma(x), (x, _, _) => Sigma(x) + (x * Sigma(x) * (1 - Sigma(x)))),
        new("LeakyRelu", (t, x) => Op.LeakyRelu(t, x), UnaryOp.LeakyRelu, 0.01, 0, -2, 2, [0], LeakyRelu, LeakyReluDerivative),
        new("LeakyRelu0.2", (t, x) => Op.LeakyRelu(t, x, 0.2), UnaryOp.LeakyRelu, 0.2, 0, -2, 2, [0], LeakyRelu, LeakyReluDerivative),
        new("Gelu", (t, x) => Op.Gelu(t, x), UnaryOp.Gelu, 0, 0, -6, 6, [], (x, _, _) => x * Phi(x), (x, _, _) => Phi(x) + (x * Math.Exp(-0.5 * x * x) / Math.Sqrt(2 * Math.PI))),
        new("GeluTanh", (t, x) => Op.Gelu(t, x, GeluApproximation.Tanh), UnaryOp.GeluTanh, 0, 0, -6, 6, [], GeluTanh, GeluTanhDerivative),
        new("Clamp", (t, x) => Op.Clamp(t, x, -0.5, 0.75), UnaryOp.Clamp, -0.5, 0.75, -2, 2, [-0.5, 0.75], Clamp, ClampDerivative),
        new("ClampMin", (t, x) => Op.Clamp(t, x, 0.25, double.PositiveInfinity), UnaryOp.Clamp, 0.25, double.PositiveInfinity, -2, 2, [0.25], Clamp, ClampDerivative),
        new("Scale", (t, x) => Op.Scale(t, x, -1.7), UnaryOp.Scale, -1.7, 0, -2, 2, [], (x, p, _) => p * x, (_, p, _) => p),
        new("AddScalar", (t, x) => Op.AddScalar(t, x, 0.3), UnaryOp.AddScalar, 0.3, 0, -2, 2, [], (x, p, _) => x + p, (_, _, _) => 1),
    ];

    public static IEnumerable<string> Names => All.Select(c => c.Name);

    public static UnaryCase Get(string name) => All.Single(c => c.Name == name);

    /// <summary>n seeded float64 values in [Lo, Hi), each at least <see cref="KinkGap"/> from every kink.</summary>
    public double[] Inputs(ulong seed, int n)
    {
        var rng = RngStream.Create(seed, "elementwise-input");
        var v = new double[n];
        for (var i = 0; i < n; i++)
        {
            var u = Lo + (Hi - Lo) * rng.UniformDouble((ulong)i);
            foreach (var k in Kinks)
            {
                if (Math.Abs(u - k) < KinkGap)
                {
                    u = u < k ? k - KinkGap : k + KinkGap;
                }
            }

            v[i] = u;
        }

        return v;
    }

    /// <summary>Seeded values in [-1, 1): upstream gradients and pre-existing gradient contents.</summary>
    public static double[] Signed(ulong seed, string purpose, int n)
    {
        var rng = RngStream.Create(seed, purpose);
        var v = new double[n];
        for (var i = 0; i < n; i++)
        {
            v[i] = 2 * rng.UniformDouble((ulong)i) - 1;
        }

        return v;
    }

    public override string ToString() => Name;

    private static double Pow(double x, double p, double unused) => Math.Pow(x, p);

    private static double PowDerivative(double x, double p, double unused) => p * Math.Pow(x, p - 1);

    private static double Sigma(double x) => 1 / (1 + Math.Exp(-x));

    private static double LeakyRelu(double x, double slope, double unused) => x > 0 ? x : slope * x;

    private static double LeakyReluDerivative(double x, double slope, double unused) => x > 0 ? 1 : slope;

    private static double Clamp(double x, double lo, double hi) => Math.Min(Math.Max(x, lo), hi);

    private static double ClampDerivative(double x, double lo, double hi) => x >= lo && x <= hi ? 1 : 0;

    /// <summary>Normal CDF from the library erfc (C# has none; its accuracy is tested against mpmath values).</summary>
    private static double Phi(double x) => 0.5 * CpuElementwiseMath.Erfc(-x / Math.Sqrt(2));

    /// <summary>PyTorch's tanh-GELU formula, literally.</summary>
    private static double GeluTanh(double x, double p0, double p1) =>
        0.5 * x * (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (x + (0.044715 * x * x * x))));

    /// <summary>PyTorch's GeluBackward (tanh): 0.5 (1 + t) + 0.5 x (1 - t^2) sqrt(2/pi) (1 + 3 * 0.044715 x^2).</summary>
    private static double GeluTanhDerivative(double x, double p0, double p1)
    {
        var k = Math.Sqrt(2 / Math.PI);
        var t = Math.Tanh(k * (x + (0.044715 * x * x * x)));
        return (0.5 * (1 + t)) + (0.5 * x * (1 - (t * t)) * k * (1 + (3 * 0.044715 * x * x)));
    }
}
