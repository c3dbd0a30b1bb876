using CrystalKernels.Tensors;
using CrystalKernels.Training.Optim;
using CrystalKernels.Training.Runs;

namespace CrystalKernels.Training.Modeling;

/// <summary>The optimizer and learning-rate schedule of the <c>optim:</c> section.</summary>
public static class OptimizerFactory
{
    public static AdamBase Create(OptimConfig o, IEnumerable<Tensor> parameters) => o.Name switch
    {
        OptimizerKind.Adam => new Adam(parameters, o.Lr, o.Beta1, o.Beta2, o.Eps, o.WeightDecay),
        OptimizerKind.AdamW => new AdamW(parameters, o.Lr, o.Beta1, o.Beta2, o.Eps, o.WeightDecay),
        _ => throw new ConfigException($"optim.name = {o.Name} is not supported"),
    };

    /// <summary>The schedule; <paramref name="totalSteps"/> is the run's length (the cosine's end).</summary>
    public static ILrSchedule Schedule(OptimConfig o, long totalSteps) => o.Schedule switch
    {
        LrScheduleKind.Constant => new ConstantLr(o.Lr),
        LrScheduleKind.WarmupCosine => new WarmupCosineLr(o.Lr, o.MinLr, Math.Min(o.WarmupSteps, Math.Max(1, totalSteps)), Math.Max(1, totalSteps)),
        _ => throw new ConfigException($"optim.schedule = {o.Schedule} is not supported"),
    };
}
