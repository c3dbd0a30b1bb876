using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Autograd;
using CrystalKernels.Tensors.Nn;
using CrystalKernels.Tensors.Ops;
using CrystalKernels.Tensors.Random;
using CrystalKernels.Training.Optim;

namespace CrystalKernels.Tests.Training;

/// <summary>
/// A toy model for checkpoint tests: Linear(4 → 3) regression onto a fixed random linear map, trained with Adam on
/// mini-batches drawn from a counter-based stream indexed by the step, so the data of step s is the same whether or
/// not the run was interrupted before it.
/// </summary>
internal sealed class ToyRegression
{
    private const int In = 4;
    private const int Out = 3;
    private const int Batch = 8;

    public ToyRegression(ulong seed, ulong? initSeed = null)
    {
        Seed = seed;
        Layer = new Linear("head.lin", In, Out, RngStream.Create(initSeed ?? seed, "init"));
        Optimizer = new Adam(Layer.Parameters, lr: 5e-2);
    }

    public ulong Seed { get; }

    public Linear Layer { get; }

    public Adam Optimizer { get; }

    public long Step { get; set; }

    public double TrainStep()
    {
        var data = RngStream.Create(Seed, "data").Sub((ulong)Step);
        var x = new double[Batch * In];
        data.FillNormal(x);
        var y = new double[Batch * Out];
        for (var b = 0; b < Batch; b++)
        {
            for (var o = 0; o < Out; o++)
            {
                var s = 0.3 * o - 0.1;
                for (var i = 0; i < In; i++)
                {
                    s += (o + 1) * 0.25 * (i - 1.5) * x[b * In + i];
                }

                y[b * Out + o] = s;
            }
        }

        using var tape = new Tape();
        var pred = Layer.Forward(tape, Tensor.FromArray(x, Batch, In).To(DType.Float32));
        var loss = Op.Mse(tape, pred, Tensor.FromArray(y, Batch, Out).To(DType.Float32));
        var value = loss.Item();
        tape.Backward(loss);
        Optimizer.Step();
        Optimizer.ZeroGrad();
        Step++;
        return value;
    }

    public static uint[] Bits(Tensor t) => t.ToFloatArray().Select(BitConverter.SingleToUInt32Bits).ToArray();
}
