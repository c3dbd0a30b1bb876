using CrystalKernels.Tensors.Ops;
using CrystalKernels.Tests.Support;

namespace CrystalKernels.Tests.Reduce;

[Category(Categories.GradCheck)]
public class ReduceGradCheckTests
{
    [Test]
    public void SumMeanMaxEveryAxisAndKeepDim(
        [Values("Sum", "Mean", "Max")] string op,
        [Values(0, 1, 2, -1)] int axis,
        [Values(false, true)] bool keepDim)
    {
        // Continuous random values: no ties, and h = 1e-6 never moves the arg-max.
        var x = GradCheck.Random(11, -2, 2, 2, 3, 4);
        GradCheck.Assert($"{op}(axis {axis}, keepDim {keepDim})", (t, xs) => op switch
        {
            "Sum" => Op.Sum(t, xs[0], axis, keepDim),
            "Mean" => Op.Mean(t, xs[0], axis, keepDim),
            _ => Op.Max(t, xs[0], axis, keepDim),
        }, x);
    }

    [Test]
    public void SumAllAndMeanAll([Values("SumAll", "MeanAll")] string op)
    {
        var x = GradCheck.Random(12, -1, 1, 3, 5);
        GradCheck.Assert(op, (t, xs) => op == "SumAll" ? Op.SumAll(t, xs[0]) : Op.MeanAll(t, xs[0]), x);
    }

    [Test]
    public void SoftmaxAndLogSoftmax([Values("Softmax", "LogSoftmax")] string op, [Values(0, 1)] int shape)
    {
        int[][] shapes = [[3, 5], [2, 2, 4]];
        var x = GradCheck.Random(13, -3, 3, shapes[shape]);
        GradCheck.Assert(op, (t, xs) => op == "Softmax" ? Op.Softmax(t, xs[0]) : Op.LogSoftmax(t, xs[0]), x);
    }
}
