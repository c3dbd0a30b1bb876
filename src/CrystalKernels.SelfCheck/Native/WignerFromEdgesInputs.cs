using CrystalKernels.Equivariant.Frames;
using CrystalKernels.Equivariant.So3;
using CrystalKernels.Native.Kernels;

namespace CrystalKernels.SelfCheck.Native;

/// <summary>
/// Host-side tables of ck_wigner_from_edges_fwd: J₀..J_L packed and roll candidate sets in the kernel's row layout.
/// Here (not in CrystalKernels.Native) because they come from CrystalKernels.Equivariant, which Native does not use.
/// </summary>
internal static class WignerFromEdgesInputs
{
    /// <summary>J₀..J_L row-major, concatenated (the double matrices EdgeWigner uses).</summary>
    public static double[] J(int lMax) => Enumerable.Range(0, lMax + 1).SelectMany(JMatrices.Of).ToArray();

    /// <summary>One row per set: s₀..s₅ (x, y, z; s₃..s₅ zero without fallback), tie margin, has-fallback flag.</summary>
    public static double[] Candidates(IReadOnlyList<RollCandidates> sets)
    {
        var stride = WignerFromEdgesKernel.CandidateStride;
        var table = new double[sets.Count * stride];
        for (var s = 0; s < sets.Count; s++)
        {
            var row = table.AsSpan(s * stride, stride);
            var set = sets[s];
            for (var b = 0; b < (set.HasFallback ? 6 : 3); b++)
            {
                (row[3 * b], row[(3 * b) + 1], row[(3 * b) + 2]) = set[b];
            }

            row[18] = set.TieMargin;
            row[19] = set.HasFallback ? 1 : 0;
        }

        return table;
    }
}
