using CrystalKernels.Gpu.Kernels;
using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Kernels;
using ILGPU;

namespace CrystalKernels.Gpu;

/// <summary>
/// ILGPU losses (float32 and float64). The classification losses download the Int32 targets once per forward to
/// validate them and count the rows that take part (the interface returns the count); a bad label throws naming the
/// row instead of reading out of bounds on the device.
/// </summary>
public sealed class IlgpuLossKernels(IlgpuDevice dev, IlgpuReduceKernels reduce) : ILossKernels
{
    public long Nll(Tensor logProbs, Tensor targets, int? ignoreIndex, Tensor loss)
    {
        var count = ValidateTargets("Nll", targets, logProbs.Shape.Cols, ignoreIndex);
        var (has, ig) = Ignore(ignoreIndex);
        if (logProbs.DType == DType.Float32)
        {
            IlgpuDevice.Launch(1, dev.Load<ArrayView<float>, ArrayView<int>, ArrayView<float>, int, int, int, int, double>(LossKernels.Nll<float, F32>), V<float>(logProbs), V<int>(targets), V<float>(loss), (int)targets.Numel, logProbs.Shape.Cols, has, ig, (double)count);
        }
        else
        {
            IlgpuDevice.Launch(1, dev.Load<ArrayView<double>, ArrayView<int>, ArrayView<double>, int, int, int, int, double>(LossKernels.Nll<double, F64>), V<double>(logProbs), V<int>(targets), V<double>(loss), (int)targets.Numel, logProbs.Shape.Cols, has, ig, (double)count);
        }

        return count;
    }

    public void NllBackward(Tensor targets, int? ignoreIndex, long count, Tensor dLoss, Tensor dLogProbs)
    {
        if (count == 0)
        {
            return;
        }

        var (has, ig) = Ignore(ignoreIndex);
        if (dLogProbs.DType == DType.Float32)
        {
            IlgpuDevice.Launch(targets.Numel, dev.Load<ArrayView<int>, ArrayView<float>, ArrayView<float>, int, int, int, double>(LossKernels.NllGrad<float, F32>), V<int>(targets), V<float>(dLoss), V<float>(dLogProbs), dLogProbs.Shape.Cols, has, ig, (double)count);
        }
        else
        {
            IlgpuDevice.Launch(targets.Numel, dev.Load<ArrayView<int>, ArrayView<double>, ArrayView<double>, int, int, int, double>(LossKernels.NllGrad<double, F64>), V<int>(targets), V<double>(dLoss), V<double>(dLogProbs), dLogProbs.Shape.Cols, has, ig, (double)count);
        }
    }

    public long CrossEntropy(Tensor logits, Tensor targets, int? ignoreIndex, Tensor logSumExp, Tensor loss)
    {
        var count = ValidateTargets("CrossEntropy", targets, logits.Shape.Cols, ignoreIndex);
        if (logits.DType == DType.Float32)
        {
            CrossEntropy<float, F32>(logits, targets, ignoreIndex, count, logSumExp, loss);
        }
        else
        {
            CrossEntropy<double, F64>(logits, targets, ignoreIndex, count, logSumExp, loss);
        }

        return count;
    }

    public void CrossEntropyBackward(Tensor logits, Tensor targets, int? ignoreIndex, long count, Tensor logSumExp, Tensor dLoss, Tensor dLogits)
    {
        if (count == 0)
        {
            return;
        }

        var (has, ig) = Ignore(ignoreIndex);
        var cols = logits.Shape.Cols;
        if (logits.DType == DType.Float32)
        {
            IlgpuDevice.Launch(logits.Numel, dev.Load<ArrayView<float>, ArrayView<int>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, int, double>(LossKernels.CrossEntropyGrad<float, F32>), V<float>(logits), V<int>(targets), V<float>(logSumExp), V<float>(dLoss), V<float>(dLogits), cols, has, ig, (double)count);
        }
        else
        {
            IlgpuDevice.Launch(logits.Numel, dev.Load<ArrayView<double>, ArrayView<int>, ArrayView<double>, ArrayView<double>, ArrayView<double>, int, int, int, double>(LossKernels.CrossEntropyGrad<double, F64>), V<double>(logits), V<int>(targets), V<double>(logSumExp), V<double>(dLoss), V<double>(dLogits), cols, has, ig, (double)count);
        }
    }

    public void Mse(Tensor pred, Tensor target, Tensor loss) => Regression(pred, target, loss, ReduceKernels.TermSquaredDiff);

    public void L1(Tensor pred, Tensor target, Tensor loss) => Regression(pred, target, loss, ReduceKernels.TermAbsDiff);

    public void MseBackward(Tensor pred, Tensor target, Tensor dLoss, Tensor? dPred, Tensor? dTarget) =>
        RegressionBackward(pred, target, dLoss, dPred, dTarget, squared: true);

    public void L1Backward(Tensor pred, Tensor target, Tensor dLoss, Tensor? dPred, Tensor? dTarget) =>
        RegressionBackward(pred, target, dLoss, dPred, dTarget, squared: false);

    private static (int Has, int Value) Ignore(int? ignoreIndex) => ignoreIndex is int i ? (1, i) : (0, 0);

    /// <summary>Checks every target against [0, classes) (ignoreIndex allowed) on the host and counts the rows that take part.</summary>
    private static long ValidateTargets(string op, Tensor targets, int classes, int? ignoreIndex)
    {
        var t = IlgpuDevice.Download(targets).Span<int>();
        long count = 0;
        for (var r = 0; r < t.Length; r++)
        {
            if (ignoreIndex is int ig && t[r] == ig)
            {
                continue;
            }

            if ((uint)t[r] >= (uint)classes)
            {
                throw new ArgumentOutOfRangeException(nameof(targets),
                    $"{op}: target {t[r]} at row {r} is out of range [0, {classes}){(ignoreIndex is int i ? $" and is not ignoreIndex {i}" : string.Empty)}");
            }

            count++;
        }

        return count;
    }

    private ArrayView<T> V<T>(Tensor t) where T : unmanaged => dev.Own(t, "ilgpu loss").View<T>();

    private void CrossEntropy<T, TE>(Tensor logits, Tensor targets, int? ignoreIndex, long count, Tensor lse, Tensor loss)
        where T : unmanaged
        where TE : struct, IElem<T>
    {
        var (has, ig) = Ignore(ignoreIndex);
        var rows = (int)targets.Numel;
        var term = dev.Rent(DType.Float64, Math.Max(1, rows), zero: true);
        try
        {
            var tv = ((IlgpuStorage)term).View<double>();
            var k = dev.Load<ArrayView<T>, ArrayView<int>, ArrayView<T>, ArrayView<double>, int, int, int>(LossKernels.LogSumExp<T, TE>);
            IlgpuDevice.Launch(rows, k, V<T>(logits), V<int>(targets), V<T>(lse), tv, logits.Shape.Cols, has, ig);

            // The mean over the rows not ignored (0 / 0 = NaN when all are, as torch), summed in row order.
            var f = dev.Load<ArrayView<double>, ArrayView<T>, int, double, double>(ReduceKernels.Finish<T, TE>);
            IlgpuDevice.Launch(1, f, tv, V<T>(loss), rows, 1.0, (double)count);
        }
        finally
        {
            dev.Return(term);
        }
    }

    private void Regression(Tensor pred, Tensor target, Tensor loss, int term)
    {
        if (pred.DType == DType.Float32)
        {
            reduce.ScalarSum<float, F32>(pred, target, loss, term, 1.0, pred.Numel);
        }
        else
        {
            reduce.ScalarSum<double, F64>(pred, target, loss, term, 1.0, pred.Numel);
        }
    }

    private void RegressionBackward(Tensor pred, Tensor target, Tensor dLoss, Tensor? dPred, Tensor? dTarget, bool squared)
    {
        if (pred.DType == DType.Float32)
        {
            RegressionBackward<float, F32>(pred, target, dLoss, dPred, dTarget, squared);
        }
        else
        {
            RegressionBackward<double, F64>(pred, target, dLoss, dPred, dTarget, squared);
        }
    }

    private void RegressionBackward<T, TE>(Tensor pred, Tensor target, Tensor dLoss, Tensor? dPred, Tensor? dTarget, bool squared)
        where T : unmanaged
        where TE : struct, IElem<T>
    {
        var k = dev.Load<ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, double, int, double>(LossKernels.RegressionGrad<T, TE>);
        if (dPred is not null)
        {
            IlgpuDevice.Launch(pred.Numel, k, V<T>(pred), V<T>(target), V<T>(dLoss), V<T>(dPred), (double)pred.Numel, squared ? 1 : 0, 1.0);
        }

        if (dTarget is not null)
        {
            IlgpuDevice.Launch(pred.Numel, k, V<T>(pred), V<T>(target), V<T>(dLoss), V<T>(dTarget), (double)pred.Numel, squared ? 1 : 0, -1.0);
        }
    }
}
