using CrystalKernels.Equivariant.Nn;
using CrystalKernels.Tensors;

namespace CrystalKernels.Models.EquiformerV2;

/// <summary>A FeedForwardNetwork's parameters in the reference's state-dict order (so3_linear_1, gating_linear, so3_linear_2).</summary>
internal static class FeedForwardParameters
{
    public static IEnumerable<Tensor> InReferenceOrder(FeedForwardNetwork ffn) =>
        ffn.So3Linear1.Parameters.Concat(ffn.GatingLinear.Parameters).Concat(ffn.So3Linear2.Parameters);
}
