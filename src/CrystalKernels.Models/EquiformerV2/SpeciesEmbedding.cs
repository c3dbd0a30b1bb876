using CrystalKernels.Models.Inputs;
using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Autograd;
using CrystalKernels.Tensors.Nn;
using CrystalKernels.Tensors.Ops;
using CrystalKernels.Tensors.Random;

namespace CrystalKernels.Models.EquiformerV2;

/// <summary>
/// Species-indexed tables (sphere embedding, source/target atom-edge embeddings). A hard input looks rows up; a soft
/// input [N, V] (the GAN's discriminator reading generated species distributions) multiplies the table instead, which
/// equals the lookup for one-hot rows.
/// </summary>
public static class SpeciesEmbedding
{
    /// <summary>Per-atom rows [N, D] of <paramref name="table"/> [V, D].</summary>
    public static Tensor Nodes(Tape? tape, Tensor table, ModelInputs inputs)
    {
        if (inputs.SoftSpecies is { } soft)
        {
            if (soft.Shape[1] != table.Shape[0])
            {
                throw new ShapeMismatchException("SpeciesEmbedding", $"soft species {soft.Describe()} do not match the table {table.Describe()}");
            }

            return Op.MatMul(tape, soft, table);
        }

        return Op.Embedding(tape, table, inputs.Species!);
    }

    /// <summary>The atom-edge embedding tables' init: U(−0.001, 0.001) (paper-spec 3.18).</summary>
    public static Tensor UniformTable(string name, int rows, int width, double bound, RngStream init, DType dtype)
    {
        var values = new double[rows * width];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = ((2 * init.UniformDouble((ulong)i)) - 1) * bound;
        }

        return Parameter.From(name, Tensor.FromArray(values, rows, width).To(dtype));
    }
}
