using CrystalKernels.Equivariant.Frames;
using CrystalKernels.Models.Config;
using CrystalKernels.Models.EquiformerV2;
using CrystalKernels.Models.Inputs;
using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Autograd;
using CrystalKernels.Tensors.Ops;
using CrystalKernels.Tests.Support;

namespace CrystalKernels.Tests.Models;

/// <summary>
/// One forward + backward of the fixture-small model with the fixture's weights on the fixture's batch, eval mode,
/// the fixture's fixed roll vector (the reference's frames; the model's default lattice rule differs), loss as the
/// README defines it: NLL(log_softmax(logits), Z − 1) + 200 · MSE(position output, fractional noise).
/// Results are copied out of the tape (so they outlive it) and cached per (dtype, frame gradient).
/// </summary>
internal sealed class ModelSmallRun
{
    private static readonly Dictionary<(DType, bool), ModelSmallRun> Cache = [];

    private ModelSmallRun(DType dtype, bool frameGradient)
    {
        var io = ModelSmallFixture.InputsOutputs;
        var model = new EquiformerV2Model(ModelPresets.FixtureSmall, CrystalKernels.Tensors.Random.RngStream.Create(1, "model-small"), dtype);
        ModelWeights.Load(model.Parameters, ModelSmallFixture.Params, strict: true, "model-small params");
        var trace = new Dictionary<string, Tensor>();
        using var tape = new Tape();
        var inputs = ModelInputs.FromGraph(tape, ModelSmallBatch.Graph, dtype, positionGradient: true);
        var output = model.Forward(tape, inputs, new ForwardOptions { Trace = trace, FrameGradient = frameGradient, Roll = RollRule.Fixed(RollVector.Fixture) });
        var targets = io.Get("target_species");
        var targetPos = io.Get("target_pos_frac").To(dtype);
        var nll = Op.Nll(tape, Op.LogSoftmax(tape, output.Output), targets);
        var mse = Op.Mse(tape, output.Positions!, targetPos);
        var loss = Op.Add(tape, nll, Op.Scale(tape, mse, 200.0));
        tape.Backward(loss);
        Trace = trace.ToDictionary(kv => kv.Key, kv => kv.Value.To(DType.Float64));
        Logits = output.Output.To(DType.Float64);
        Positions = output.Positions!.To(DType.Float64);
        Loss = loss.Item();
        Nll = nll.Item();
        Mse = mse.Item();
        GradPos = inputs.Positions.Grad!.To(DType.Float64);
        Grads = model.Parameters.ToDictionary(p => p.Name!, p => (p.Grad ?? p.ZerosLike()).To(DType.Float64));
    }

    public IReadOnlyDictionary<string, Tensor> Trace { get; }

    public Tensor Logits { get; }

    public Tensor Positions { get; }

    public double Loss { get; }

    public double Nll { get; }

    public double Mse { get; }

    public Tensor GradPos { get; }

    public IReadOnlyDictionary<string, Tensor> Grads { get; }

    public static ModelSmallRun Get(DType dtype, bool frameGradient = false)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue((dtype, frameGradient), out var run))
            {
                run = new ModelSmallRun(dtype, frameGradient);
                Cache[(dtype, frameGradient)] = run;
            }

            return run;
        }
    }
}
