using CrystalKernels.Crystals;
using CrystalKernels.Crystals.Corruption;
using CrystalKernels.Crystals.Graph;
using CrystalKernels.Models.Config;
using CrystalKernels.Models.EquiformerV2;
using CrystalKernels.Models.Inputs;
using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Autograd;
using CrystalKernels.Tensors.Ops;
using CrystalKernels.Tensors.Random;
using CrystalKernels.Training.Optim;

namespace CrystalKernels.Training.Gan;

/// <summary>
/// One GAN training step (paper-spec 4.5), in the code's order: corrupt the batch (mask + σ̃ noise), G forward, build
/// the fake, L^G = w_W·L_W(D(fake), real) + L_species + w_pos·L_position, step G (D frozen); then, on one batch in
/// <see cref="GanConfig.DiscriminatorEvery"/>, add the tiny noise to the real batch and step D (G untouched) on
/// L_D = L_W(D(real), real) + L_W(D(fake.detach()), fake). Every random draw is keyed by (seed, step), so a seed and
/// the step counter fix the whole run.
/// </summary>
public sealed class GanStep
{
    // Dropout sub-streams of one step: one per forward, so no two forwards share masks.
    private const ulong DropG = 0;
    private const ulong DropDOnFakeForG = 1;
    private const ulong DropDOnReal = 2;
    private const ulong DropDOnFake = 3;

    public GanStep(EquiformerV2Model generator, EquiformerV2Model discriminator, GanConfig gan, MaskingOptions masking, NoiseOptions noise, double weightLossPos, ulong seed)
    {
        if (generator.Config.Output.Kind != OutputHeadKind.Node || generator.PositionBlock is null)
        {
            throw new ArgumentException($"GAN: the generator must have the species node head and the position head, got {generator.Config.Output} (position head {generator.PositionBlock is not null})");
        }

        if (discriminator.Config.Output.Kind != OutputHeadKind.Graph || discriminator.Config.Output.Channels != 2)
        {
            throw new ArgumentException($"GAN: the discriminator must be a 2-logit graph classifier (class 1 = real), got {discriminator.Config.Output}");
        }

        if (generator.DType != discriminator.DType)
        {
            throw new ArgumentException($"GAN: generator is {generator.DType} but discriminator is {discriminator.DType}");
        }

        // Intended mode reads the fake on the generator's input graph; a different cutoff would change what D sees.
        if (gan.Mode == GanMode.Intended && (generator.Config.MaxRadius != discriminator.Config.MaxRadius || generator.Config.MaxNeighbors != discriminator.Config.MaxNeighbors))
        {
            throw new ArgumentException($"GAN (intended mode): generator and discriminator graphs must match (cutoff {generator.Config.MaxRadius} vs {discriminator.Config.MaxRadius} Å, max neighbours {generator.Config.MaxNeighbors} vs {discriminator.Config.MaxNeighbors})");
        }

        Generator = generator;
        Discriminator = discriminator;
        Gan = gan.Validate();
        Masking = masking;
        Noise = noise;
        RealNoise = gan.RealNoiseOptions(noise);
        WeightLossPos = weightLossPos;
        Seed = seed;
        OptimizerG = new Adam(generator.Parameters, gan.LrG, gan.GBeta1, gan.GBeta2);
        OptimizerD = new Adam(discriminator.Parameters, gan.LrD, gan.DBeta1, gan.DBeta2);
    }

    public EquiformerV2Model Generator { get; }

    public EquiformerV2Model Discriminator { get; }

    public GanConfig Gan { get; }

    public MaskingOptions Masking { get; }

    /// <summary>The generator's input noise (σ̃ = 0.2 for G_0.2).</summary>
    public NoiseOptions Noise { get; }

    /// <summary>The tiny noise on real samples shown to D.</summary>
    public NoiseOptions RealNoise { get; }

    public double WeightLossPos { get; }

    public ulong Seed { get; }

    public Adam OptimizerG { get; }

    public Adam OptimizerD { get; }

    public DType DType => Generator.DType;

    /// <summary>A full step: G's pass and update, then D's on the scheduled batches.</summary>
    public GanStepResult Step(IReadOnlyList<Structure> batch, long step, long batchInEpoch, int epoch)
    {
        var g = GeneratorForwardBackward(batch, step);
        OptimizerG.Step();
        DiscriminatorPass? d = null;
        if (GanSchedule.StepsDiscriminator(batchInEpoch, epoch, Gan.DiscriminatorEvery, Gan.ShiftScheduleByEpoch))
        {
            d = DiscriminatorForwardBackward(batch, g.Fake, step);
            OptimizerD.Step();
        }

        return new GanStepResult(g, d);
    }

    /// <summary>
    /// Zeroes G's gradients and accumulates dL^G/dθ_G into them; D's parameters are frozen (no gradient recorded or
    /// stored) for the duration. Does not step the optimizer.
    /// </summary>
    public GeneratorPass GeneratorForwardBackward(IReadOnlyList<Structure> batch, long step)
    {
        OptimizerG.ZeroGrad();
        using var tape = new Tape();
        using var frozen = Freeze(Discriminator);
        var dropout = RngStream.Create(Seed, "gan-dropout").Sub((ulong)step);
        var g = GeneratorLosses(tape, batch, Seed, step, Training(dropout.Sub(DropG)), Training(dropout.Sub(DropDOnFakeForG)));
        tape.Backward(g.Total);
        return g.ToPass();
    }

    /// <summary>
    /// Zeroes D's gradients and accumulates dL_D/dθ_D: real = the clean batch with the tiny real-sample noise, fake =
    /// <paramref name="fake"/> (constants, so nothing reaches G). Does not step the optimizer.
    /// </summary>
    public DiscriminatorPass DiscriminatorForwardBackward(IReadOnlyList<Structure> batch, FakeBatch fake, long step)
    {
        OptimizerD.ZeroGrad();
        using var tape = new Tape();
        var dropout = RngStream.Create(Seed, "gan-dropout").Sub((ulong)step);
        var (loss, pass) = DiscriminatorLosses(tape, batch, fake, Seed, step, Training(dropout.Sub(DropDOnReal)), Training(dropout.Sub(DropDOnFake)));
        tape.Backward(loss);
        return pass;
    }

    /// <summary>Both passes without gradients or dropout (validation), corruption keyed by (<paramref name="seed"/>, <paramref name="index"/>).</summary>
    public (GeneratorPass G, DiscriminatorPass D) Evaluate(IReadOnlyList<Structure> batch, ulong seed, long index)
    {
        using var tape = Tape.Inference();
        var g = GeneratorLosses(tape, batch, seed, index, ForwardOptions.Eval, ForwardOptions.Eval).ToPass();
        var (_, d) = DiscriminatorLosses(tape, batch, g.Fake, seed, index, ForwardOptions.Eval, ForwardOptions.Eval);
        return (g, d);
    }

    private GeneratorLosses GeneratorLosses(Tape tape, IReadOnlyList<Structure> batch, ulong seed, long step, ForwardOptions gOptions, ForwardOptions dOptions)
    {
        var corrupted = PretrainCorruption.Apply(batch, Masking, Noise, seed, step);
        var noisy = corrupted.Select(c => c.Input).ToArray();
        var graph = GraphBatch.Build(noisy, Generator.Config.MaxRadius, Generator.Config.MaxNeighbors);
        var n = graph.AtomCount;
        var inputs = ModelInputs.FromGraph(tape, graph, DType);
        var output = Generator.Forward(tape, inputs, gOptions);
        var logits = output.Output;
        var vectors = output.Positions!;

        var speciesTarget = Tensor.FromArray(corrupted.SelectMany(c => c.SpeciesTarget).ToArray(), n);
        var positionTarget = Tensor.FromArray(corrupted.SelectMany(c => c.PositionTarget).SelectMany(p => new[] { p.X, p.Y, p.Z }).ToArray(), n, 3).To(DType);
        var lSpecies = Op.Nll(tape, Op.LogSoftmax(tape, logits), speciesTarget);
        var lPosition = Op.Mse(tape, vectors, positionTarget);

        FakeBatch fake;
        Tensor dLogits;
        if (Gan.Mode == GanMode.Intended)
        {
            // Soft species: softmax over the 118 classes (Z − 1) placed in rows 1..118 of the 119-row embedding input;
            // row 0, the mask token, gets probability 0. D's tables are then weighted by p instead of looked up.
            var probs = Op.Softmax(tape, logits);
            var soft = Op.Concat(tape, 1, Tensor.Zeros(new Shape(n, 1), DType), probs);
            if (soft.Shape[1] != Discriminator.Config.MaxElements)
            {
                throw new ArgumentException($"GAN: generator species ({soft.Shape[1]} rows with the mask) do not match the discriminator's {Discriminator.Config.MaxElements} embedding rows");
            }

            // Denoised positions P̃ = P_noisy − ε̂, differentiable in v, read by D on the SAME graph as G's input: its
            // edges and cell offsets n, so edge_vec = P̃[src] − P̃[dst] + n·cell and dL/dP̃ flows through the edge
            // vectors (lengths → Gaussians, and the frames when FrameGradient is on). Rebuilding the radius graph from
            // P̃ (as the code does) is not differentiable: which pairs lie within the cutoff, through which periodic
            // image, and the max-neighbour ranking are discrete choices, and the wrap into the cell is a piecewise
            // lattice translation, so P̃ is also left unwrapped (the fixed n keeps every edge on the same image).
            // The approximation: pairs that the denoising moves across the cutoff keep their noisy-graph membership,
            // and neighbours that would enter are missed. With ε̂ of order σ̃·min_r this only touches pairs already
            // near r = cutoff; EquiformerV2 has no smooth cutoff envelope, so the rebuilt graph would jump there too.
            var displacement = FakeBatch.CartesianDisplacement(tape, vectors, graph, Noise.TargetFrame);
            var fakePositions = Op.Sub(tape, inputs.Positions, displacement);
            var dInputs = ModelInputs.Build(tape, graph, fakePositions, soft);
            dLogits = Discriminator.Forward(tape, dInputs, dOptions with { FrameGradient = Gan.FrameGradient }).Output;
            fake = FakeBatch.Soft(graph, fakePositions, soft);
        }
        else
        {
            // The released code: argmax species and wrapped positions, detached; D(fake) under no_grad on a graph
            // rebuilt from them. L_W^G is then a constant: it shifts the loss but adds nothing to the gradient.
            var fakes = FakeBatch.Denoise(noisy, logits.ToDoubleArray(), logits.Shape[1], vectors.ToDoubleArray(), Noise.TargetFrame);
            fake = FakeBatch.Hard(fakes, Discriminator.Config.MaxRadius, Discriminator.Config.MaxNeighbors);
            using (tape.NoGrad())
            {
                dLogits = Discriminator.Forward(tape, fake.ToInputs(tape, DType), dOptions).Output;
            }
        }

        var lAdversarial = WassersteinLoss.Compute(tape, dLogits, WassersteinLoss.Real);
        var total = Op.Add(tape, Op.Add(tape, Op.Scale(tape, lAdversarial, Gan.WeightW), lSpecies), Op.Scale(tape, lPosition, WeightLossPos));
        return new GeneratorLosses(total, lSpecies, lPosition, lAdversarial, fake, dLogits);
    }

    private (Tensor Loss, DiscriminatorPass Pass) DiscriminatorLosses(Tape tape, IReadOnlyList<Structure> batch, FakeBatch fake, ulong seed, long step, ForwardOptions realOptions, ForwardOptions fakeOptions)
    {
        var stream = RngStream.Create(seed, "gan-real-noise").Sub((ulong)step);
        var real = new Structure[batch.Count];
        for (var b = 0; b < batch.Count; b++)
        {
            var s = batch[b];
            real[b] = new Structure(s.Lattice, s.Species, PositionNoise.Apply(s, RealNoise, stream.Sub((ulong)b)).Noisy, s.Id);
        }

        var realGraph = GraphBatch.Build(real, Discriminator.Config.MaxRadius, Discriminator.Config.MaxNeighbors);
        var realLogits = Discriminator.Forward(tape, ModelInputs.FromGraph(tape, realGraph, DType), realOptions).Output;
        var fakeLogits = Discriminator.Forward(tape, fake.ToInputs(tape, DType), fakeOptions).Output;
        var loss = Op.Add(tape, WassersteinLoss.Compute(tape, realLogits, WassersteinLoss.Real), WassersteinLoss.Compute(tape, fakeLogits, WassersteinLoss.Fake));
        return (loss, new DiscriminatorPass(loss.Item(), realLogits.ToDoubleArray(), fakeLogits.ToDoubleArray(), realLogits.Shape[1]));
    }

    private static ForwardOptions Training(RngStream dropout) => new() { Training = true, Dropout = dropout };

    /// <summary>"One network is frozen while the other trains": D's parameters stop requiring a gradient, so the
    /// generator's backward neither computes nor stores one for them (the fake still carries its own gradient).</summary>
    private static IDisposable Freeze(EquiformerV2Model model) => new FreezeScope(model.Parameters.ToArray());

    private sealed class FreezeScope : IDisposable
    {
        private readonly Tensor[] parameters;
        private readonly bool[] previous;

        public FreezeScope(Tensor[] parameters)
        {
            this.parameters = parameters;
            previous = parameters.Select(p => p.RequiresGrad).ToArray();
            foreach (var p in parameters)
            {
                p.RequiresGrad = false;
            }
        }

        public void Dispose()
        {
            for (var i = 0; i < parameters.Length; i++)
            {
                parameters[i].RequiresGrad = previous[i];
            }
        }
    }
}

/// <summary>The generator's loss tensors of one pass (on the pass's tape).</summary>
internal sealed record GeneratorLosses(Tensor Total, Tensor Species, Tensor Position, Tensor Adversarial, FakeBatch Fake, Tensor FakeLogits)
{
    public GeneratorPass ToPass() => new(Total.Item(), Species.Item(), Position.Item(), Adversarial.Item(), Fake, FakeLogits.ToDoubleArray(), FakeLogits.Shape[1]);
}
