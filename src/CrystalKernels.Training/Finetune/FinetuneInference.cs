using CrystalKernels.Crystals;
using CrystalKernels.Crystals.Graph;
using CrystalKernels.Models.EquiformerV2;
using CrystalKernels.Models.Inputs;
using CrystalKernels.Tensors.Autograd;

namespace CrystalKernels.Training.Finetune;

/// <summary>Evaluation-mode forward passes of a graph-head model over structures in batches (no dropout, no grad).</summary>
public static class FinetuneInference
{
    /// <summary>The raw head outputs, row-major [n, K] (logits, or standardised regression values).</summary>
    public static double[] Outputs(EquiformerV2Model model, IReadOnlyList<Structure> structures, int batchSize)
    {
        if (batchSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(batchSize), $"finetune inference: batch size must be positive, got {batchSize}");
        }

        var k = model.Config.Output.Channels;
        var result = new double[structures.Count * k];
        for (var start = 0; start < structures.Count; start += batchSize)
        {
            var batch = structures.Skip(start).Take(batchSize).ToList();
            using var tape = Tape.Inference();
            var graph = GraphBatch.Build(batch, model.Config.MaxRadius, model.Config.MaxNeighbors);
            var output = model.Forward(tape, ModelInputs.FromGraph(tape, graph, model.DType), ForwardOptions.Eval).Output;
            output.ToDoubleArray().CopyTo(result, start * k);
        }

        return result;
    }

    /// <summary>Row-wise softmax of [n, K] logits, in double.</summary>
    public static double[] Softmax(ReadOnlySpan<double> logits, int k)
    {
        var p = new double[logits.Length];
        for (var i = 0; i < logits.Length / k; i++)
        {
            var row = logits.Slice(i * k, k);
            var max = double.NegativeInfinity;
            foreach (var x in row)
            {
                max = Math.Max(max, x);
            }

            double sum = 0;
            for (var c = 0; c < k; c++)
            {
                p[i * k + c] = Math.Exp(row[c] - max);
                sum += p[i * k + c];
            }

            for (var c = 0; c < k; c++)
            {
                p[i * k + c] /= sum;
            }
        }

        return p;
    }
}
