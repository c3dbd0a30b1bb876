using System.Numerics;
using CrystalKernels.Tensors;

namespace CrystalKernels.Training.Optim;

/// <summary>
/// Adam (Kingma and Ba) with PyTorch's exact update (see <see cref="AdamKernel"/>): bias corrections 1-beta^t with a
/// per-parameter step t, eps added after sqrt(v_hat), weight decay either as L2 on the gradient
/// (<see cref="Adam"/>) or decoupled (<see cref="AdamW"/>). Parameters whose <c>Grad</c> is null are skipped and their
/// state is created on their first gradient, as in PyTorch. CPU tensors of float32 or float64.
/// </summary>
public abstract partial class AdamBase
{
    private readonly Tensor[] parameters;
    private readonly Dictionary<string, AdamParamState> state = new(StringComparer.Ordinal);
    private double lr;

    protected AdamBase(IEnumerable<Tensor> parameters, double lr, double beta1, double beta2, double eps, double weightDecay)
    {
        this.parameters = parameters.ToArray();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in this.parameters)
        {
            if (!p.IsParameter || p.Name is null)
            {
                throw new ArgumentException($"{Kind}: {p.Describe()} is not a named parameter (create it with Parameter.Create)", nameof(parameters));
            }

            if (p.DType == DType.Int32)
            {
                throw new ArgumentException($"{Kind}: parameter {p.Describe()} is int32; only float32 and float64 are optimised", nameof(parameters));
            }

            if (!names.Add(p.Name))
            {
                throw new ArgumentException($"{Kind}: two parameters are named '{p.Name}'; state is saved by name", nameof(parameters));
            }
        }

        Check(beta1 is >= 0 and < 1, $"beta1 must be in [0, 1), got {beta1}");
        Check(beta2 is >= 0 and < 1, $"beta2 must be in [0, 1), got {beta2}");
        Check(eps >= 0, $"eps must be >= 0, got {eps}");
        Check(weightDecay >= 0, $"weight_decay must be >= 0, got {weightDecay}");
        Lr = lr;
        Beta1 = beta1;
        Beta2 = beta2;
        Eps = eps;
        WeightDecay = weightDecay;
    }

    /// <summary>"adam" or "adamw": the name in saved state files.</summary>
    public abstract string Kind { get; }

    /// <summary>Learning rate of the next <see cref="Step"/> (set it from a schedule before each step).</summary>
    public double Lr
    {
        get => lr;
        set
        {
            Check(value >= 0 && double.IsFinite(value), $"learning rate must be finite and >= 0, got {value}");
            lr = value;
        }
    }

    public double Beta1 { get; private set; }

    public double Beta2 { get; private set; }

    public double Eps { get; private set; }

    public double WeightDecay { get; private set; }

    /// <summary>Number of <see cref="Step"/> calls (the index a learning-rate schedule is evaluated at).</summary>
    public long StepCount { get; private set; }

    public IReadOnlyList<Tensor> Parameters => parameters;

    /// <summary>True for AdamW: p *= 1 - lr*wd before the update; false for Adam: g += wd*p.</summary>
    protected abstract bool DecoupledWeightDecay { get; }

    /// <summary>The state of parameter <paramref name="name"/>, or null before its first gradient.</summary>
    public AdamParamState? StateOf(string name) => state.GetValueOrDefault(name);

    /// <summary>One update of every parameter that has a gradient.</summary>
    public void Step()
    {
        foreach (var p in parameters)
        {
            if (p.Grad is { } g && (!g.Shape.Equals(p.Shape) || g.DType != p.DType))
            {
                throw new InvalidOperationException($"{Kind}: gradient {g.Describe()} does not match parameter {p.Describe()}");
            }
        }

        StepCount++;
        foreach (var p in parameters)
        {
            if (p.Grad is not { } g)
            {
                continue;
            }

            if (!state.TryGetValue(p.Name!, out var st))
            {
                st = new AdamParamState(0, p.ZerosLike(), p.ZerosLike());
                state[p.Name!] = st;
            }

            st.Step++;
            if (p.DType == DType.Float32)
            {
                AdamKernel.Update(p, g, st.ExpAvg, st.ExpAvgSq, Scalars<float>(st.Step));
            }
            else
            {
                AdamKernel.Update(p, g, st.ExpAvg, st.ExpAvgSq, Scalars<double>(st.Step));
            }
        }
    }

    public void ZeroGrad() => Tensors.Nn.Parameter.ZeroGrad(parameters);

    private AdamScalars<T> Scalars<T>(long step)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // Computed in double as PyTorch computes them in Python floats (beta ** step and bias_correction2 ** 0.5 call
        // C pow, as Math.Pow does), then rounded once to T where they meet the tensor.
        var bias1 = 1 - Math.Pow(Beta1, step);
        var bias2 = 1 - Math.Pow(Beta2, step);
        var stepSize = Lr / bias1;
        var weight = 1 - Beta1;
        return new AdamScalars<T>(
            L2Decay: T.CreateChecked(WeightDecay),
            DecoupledFactor: T.CreateChecked(1 - Lr * WeightDecay),
            LerpWeight: T.CreateChecked(weight),
            LerpWeightSmall: weight < 0.5,
            Beta2: T.CreateChecked(Beta2),
            OneMinusBeta2: T.CreateChecked(1 - Beta2),
            Bias2Sqrt: T.CreateChecked(Math.Pow(bias2, 0.5)),
            Eps: T.CreateChecked(Eps),
            NegStepSize: T.CreateChecked(-stepSize),
            UseL2: !DecoupledWeightDecay && WeightDecay != 0,
            UseDecoupled: DecoupledWeightDecay && WeightDecay != 0);
    }

    private void Check(bool ok, string message)
    {
        if (!ok)
        {
            throw new ArgumentOutOfRangeException(null, $"{Kind}: {message}");
        }
    }
}
