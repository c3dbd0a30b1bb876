using CrystalKernels.Crystals;
using CrystalKernels.Crystals.Corruption;
using CrystalKernels.Models.EquiformerV2;
using CrystalKernels.Tensors.Autograd;
using CrystalKernels.Tensors.Ops;
using CrystalKernels.Training.Modeling;

namespace CrystalKernels.Training.Pretraining;

/// <summary>
/// A pretrained model's completion of one corrupted structure (paper-spec 4.6): per atom the 118 class probabilities
/// softmax(logits) (index Z − 1, so the mask token 0 is never a prediction), the argmax species, the predicted
/// Cartesian displacement ε̂ (the position head converted from the configured target frame: pred·cell for
/// fractional) and the denoised position wrap(P_noisy − ε̂). The lattice is unchanged.
/// </summary>
public sealed record CompletedStructure(Structure Input, double[] Probabilities, int[] Argmax, Vec3[] Displacement, Vec3[] Denoised)
{
    public double Probability(int site, int z) => Probabilities[site * Elements.Count + z - 1];

    /// <summary>The k most probable species of a site, best first.</summary>
    public IReadOnlyList<(int Z, double P)> TopK(int site, int k) =>
        Enumerable.Range(1, Elements.Count).Select(z => (z, Probability(site, z)))
            .OrderByDescending(x => x.Item2).ThenBy(x => x.z).Take(k).ToArray();

    /// <summary>
    /// The completed structure: masked sites (input species 0) take the argmax species, or every site does with
    /// <paramref name="allSites"/> (the paper's evaluation: Z̃_i = argmax for every atom); positions denoised.
    /// </summary>
    public Structure Completed(bool allSites) =>
        new(Input.Lattice, Input.Species.Select((z, i) => allSites || z == 0 ? Argmax[i] : z).ToArray(), Denoised, Input.Id);
}

public static class Completion
{
    /// <summary>Completes structures in batches of <paramref name="batchSize"/> (inference, no dropout).</summary>
    public static IReadOnlyList<CompletedStructure> Run(EquiformerV2Model model, PositionTargetFrame frame, IReadOnlyList<Structure> inputs, int batchSize = 16)
    {
        if (model.PositionBlock is null || model.Config.Output.Channels != Elements.Count)
        {
            throw new ArgumentException($"completion needs a pretrained generator (118 species logits + position head), got output {model.Config.Output} position_head={model.Config.PositionHead}");
        }

        var result = new List<CompletedStructure>(inputs.Count);
        for (var start = 0; start < inputs.Count; start += Math.Max(1, batchSize))
        {
            var batch = inputs.Skip(start).Take(Math.Max(1, batchSize)).ToArray();
            using var tape = Tape.Inference();
            var x = BatchTensors.Build(batch, model.Config, model.DType, tape);
            var o = model.Forward(tape, x, ForwardOptions.Eval);
            var probs = BatchTensors.ToDoubles(Op.Softmax(tape, o.Output));
            var vec = BatchTensors.ToDoubles(o.Positions!);
            var atom = 0;
            foreach (var s in batch)
            {
                var p = probs.AsSpan(atom * Elements.Count, s.Count * Elements.Count).ToArray();
                var argmax = new int[s.Count];
                var disp = new Vec3[s.Count];
                var denoised = new Vec3[s.Count];
                for (var i = 0; i < s.Count; i++)
                {
                    argmax[i] = PretrainLoss.Argmax(p.AsSpan(i * Elements.Count, Elements.Count)) + 1;
                    var a = atom + i;
                    disp[i] = PositionNoise.TargetToCartesian(s.Lattice, new Vec3(vec[3 * a], vec[3 * a + 1], vec[3 * a + 2]), frame);
                    denoised[i] = PositionNoise.Wrap(s.Lattice, s.Positions[i] - disp[i]);
                }

                result.Add(new CompletedStructure(s, p, argmax, disp, denoised));
                atom += s.Count;
            }
        }

        return result;
    }
}
