using CrystalKernels.Native.Runtime;

namespace CrystalKernels.Native.Kernels;

/// <summary>
/// native/wigner_from_edges.cu: the truncated Wigner blocks [E, W] of EdgeWigner.Compute (frame, roll rule, Y-X-Y
/// angles, D^l = X(α) J X(β) J X(γ), kept rows only) from float32 edge vectors [E, 3], on the device. Forward only.
/// Inputs besides the vectors: roll candidate sets [S, <see cref="CandidateStride"/>] (double: s₀..s₅ as x, y, z,
/// the tie margin, 1 when s₃..s₅ are a fallback else 0), an optional per-edge set index [E] (null: set 0 for every
/// edge, the fixed roll rule), and J₀..J_L packed row-major (double, <see cref="JSizeOf"/> values).
/// </summary>
public sealed class WignerFromEdgesKernel(KernelLibrary library, int lMax, int mMax)
{
    public const string Source = "wigner_from_edges.cu";

    /// <summary>Doubles per roll candidate set (CK_ROLL_STRIDE in the kernel).</summary>
    public const int CandidateStride = 20;

    /// <summary>Branch codes the kernel writes for edges the CPU would reject; their blocks are NaN.</summary>
    public const int BranchBadLength = -1, BranchAligned = -2, BranchBadSet = -3;

    /// <summary>Edges per block: one warp each.</summary>
    private const int EdgesPerBlock = (int)Launch.Threads / 32;

    public int LMax { get; } = lMax >= 0 ? lMax : throw new ArgumentOutOfRangeException(nameof(lMax), lMax, "need L ≥ 0");

    public int MMax { get; } = mMax >= 0 && mMax <= lMax ? mMax : throw new ArgumentOutOfRangeException(nameof(mMax), mMax, $"need 0 ≤ M ≤ L = {lMax}");

    /// <summary>Wigner entries per edge (235 for L6 M2), as <see cref="WignerRotateKernel.WignerSizeOf"/>.</summary>
    public int WignerSize => WignerRotateKernel.WignerSizeOf(LMax, MMax);

    /// <summary>Σ_l (2l+1)²: the packed J₀..J_L (455 for L = 6).</summary>
    public static int JSizeOf(int lMax) => Enumerable.Range(0, lMax + 1).Sum(l => ((2 * l) + 1) * ((2 * l) + 1));

    /// <summary>
    /// blocks [E, W] and, when given, branch [E]: the roll candidate used (0..5), or a negative code
    /// (<see cref="BranchBadLength"/>, <see cref="BranchAligned"/>, <see cref="BranchBadSet"/>) with NaN blocks.
    /// </summary>
    public void Forward(
        DeviceBuffer<float> edgeVectors, DeviceBuffer<double> candidates, DeviceBuffer<int>? edgeSet, DeviceBuffer<double> j,
        DeviceBuffer<float> blocks, DeviceBuffer<int>? branch, CudaStream? stream = null)
    {
        const string op = nameof(WignerFromEdgesKernel);
        if (edgeVectors.Length % 3 != 0)
        {
            throw new ArgumentException($"{op}: edge vectors have {edgeVectors.Length} elements, not [edges, 3]");
        }

        if (candidates.Length == 0 || candidates.Length % CandidateStride != 0)
        {
            throw new ArgumentException($"{op}: candidates have {candidates.Length} elements, not [sets ≥ 1, {CandidateStride}]");
        }

        var edges = edgeVectors.Length / 3;
        if (edgeSet is not null)
        {
            Launch.Length(op, "edgeSet", edgeSet, edges);
        }

        if (branch is not null)
        {
            Launch.Length(op, "branch", branch, edges);
        }

        Launch.Length(op, "j", j, JSizeOf(LMax));
        Launch.Length(op, "blocks", blocks, edges * WignerSize);
        var shared = (uint)((JSizeOf(LMax) + (EdgesPerBlock * 6 * (LMax + 1))) * sizeof(double));
        library.Function(Source, "ck_wigner_from_edges_fwd").Launch(
            new Dim3((uint)((edges + EdgesPerBlock - 1) / EdgesPerBlock)), new Dim3(Launch.Threads), shared, stream,
            edgeVectors.Pointer, candidates.Pointer, KernelArg.Of(edgeSet), j.Pointer, blocks.Pointer, KernelArg.Of(branch),
            (int)edges, (int)(candidates.Length / CandidateStride), LMax, MMax);
    }
}
