using CrystalKernels.Crystals.Corruption;
using CrystalKernels.Models.EquiformerV2;
using CrystalKernels.Models.Inputs;
using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Autograd;
using CrystalKernels.Tensors.Ops;
using CrystalKernels.Training.Modeling;

namespace CrystalKernels.Training.Pretraining;

/// <summary>One batch's pretraining losses (paper-spec 2.6, 4.2) and the masked-site counts for accuracy.</summary>
/// <param name="Total">L = L_species + w_pos · L_pos (a scalar on the tape).</param>
public sealed record PretrainLossResult(Tensor Total, double Species, double Position, double Loss, int MaskedCorrect, int Masked);

/// <summary>
/// The authors' pretraining loss: species NLL of log_softmax(logits) against Z − 1 averaged over every atom of the
/// batch (masked or not, as the code does), plus w_pos times the MSE between the position head and the noise in the
/// configured target frame (ε·cell⁻¹ in the code), averaged over N × 3 components.
/// </summary>
public static class PretrainLoss
{
    public static PretrainLossResult Compute(Tape? tape, EquiformerV2Model model, ModelInputs inputs, IReadOnlyList<CorruptedCrystal> batch, double weightPos, ForwardOptions options)
    {
        var o = model.Forward(tape, inputs, options);
        var targets = batch.SelectMany(c => c.SpeciesTarget).ToArray();
        var masked = batch.SelectMany(c => c.Masked).ToArray();
        var posTarget = BatchTensors.Vectors(batch.SelectMany(c => c.PositionTarget).ToArray(), model.DType);
        var species = Op.Nll(tape, Op.LogSoftmax(tape, o.Output), BatchTensors.Classes(targets));
        var position = Op.Mse(tape, o.Positions ?? throw new InvalidOperationException("pretraining needs the position head (force_block)"), posTarget);
        var total = Op.Add(tape, species, Op.Scale(tape, position, weightPos));
        var (correct, count) = MaskedAccuracy(o.Output, targets, masked);
        return new PretrainLossResult(total, species.Item(), position.Item(), total.Item(), correct, count);
    }

    /// <summary>Argmax of each masked row of [N, 118] logits against its class target.</summary>
    public static (int Correct, int Masked) MaskedAccuracy(Tensor logits, int[] targets, bool[] masked)
    {
        var k = logits.Shape[1];
        var values = BatchTensors.ToDoubles(logits);
        int correct = 0, count = 0;
        for (var i = 0; i < targets.Length; i++)
        {
            if (!masked[i])
            {
                continue;
            }

            count++;
            correct += Argmax(values.AsSpan(i * k, k)) == targets[i] ? 1 : 0;
        }

        return (correct, count);
    }

    /// <summary>Index of the largest value (the first one on ties, as torch.argmax).</summary>
    public static int Argmax(ReadOnlySpan<double> row)
    {
        var best = 0;
        for (var j = 1; j < row.Length; j++)
        {
            if (row[j] > row[best])
            {
                best = j;
            }
        }

        return best;
    }
}
