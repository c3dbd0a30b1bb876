namespace CrystalKernels.Equivariant.Layout;

/// <summary>
/// The coefficient layouts of an SO(3) embedding with degrees l = 0..LMax truncated to orders |m| ≤ MMax
/// (paper-spec §3.3). Full layout: l-major, index(l, m) = l² + l + m, K = (L+1)² entries. Reduced layout: the full
/// layout with |m| &gt; MMax removed, l-major order kept, Kr = Σ_l min(2l+1, 2M+1) entries. m-major layout (inside
/// SO(2) convolutions): blocks [m=0: l=0..L | m=+1: l=1..L | m=−1: l=1..L | … | m=+M | m=−M], Kr entries.
/// The maps are computed on each call; callers that need them in a hot loop keep the arrays.
/// </summary>
public readonly record struct SphericalLayout
{
    public SphericalLayout(int lMax, int mMax)
    {
        if (lMax < 0 || mMax < 0 || mMax > lMax)
        {
            throw new ArgumentOutOfRangeException(nameof(mMax), $"SphericalLayout: need 0 <= MMax <= LMax, got LMax={lMax}, MMax={mMax}");
        }

        LMax = lMax;
        MMax = mMax;
    }

    public int LMax { get; }

    public int MMax { get; }

    /// <summary>Full coefficient count K = (L+1)².</summary>
    public int K => (LMax + 1) * (LMax + 1);

    /// <summary>Reduced coefficient count Kr = Σ_l min(2l+1, 2M+1) (29 for L6M2).</summary>
    public int KReduced
    {
        get
        {
            var n = 0;
            for (var l = 0; l <= LMax; l++)
            {
                n += RowsKept(l);
            }

            return n;
        }
    }

    /// <summary>Full l-major index of (l, m): l² + l + m.</summary>
    public static int Index(int l, int m) => (l * l) + l + m;

    /// <summary>Rows of degree l kept by the m truncation: min(2l+1, 2M+1).</summary>
    public int RowsKept(int l) => (2 * Math.Min(l, MMax)) + 1;

    /// <summary>Degree of each full coefficient [K].</summary>
    public int[] FullL() => Full().Select(p => p.L).ToArray();

    /// <summary>Order of each full coefficient [K].</summary>
    public int[] FullM() => Full().Select(p => p.M).ToArray();

    /// <summary>Full index of each reduced coefficient, in reduced l-major order [Kr].</summary>
    public int[] ReducedToFull() => Reduced().Select(p => Index(p.L, p.M)).ToArray();

    /// <summary>Degree of each reduced coefficient [Kr].</summary>
    public int[] ReducedL() => Reduced().Select(p => p.L).ToArray();

    /// <summary>Signed order of each reduced coefficient [Kr].</summary>
    public int[] ReducedM() => Reduced().Select(p => p.M).ToArray();

    /// <summary>Degrees per order m = 0..M, i.e. the m-major block lengths: L + 1 − m.</summary>
    public int[] MSize()
    {
        var lMax = LMax;
        return Enumerable.Range(0, MMax + 1).Select(m => lMax + 1 - m).ToArray();
    }

    /// <summary>Gather map l → m: x_mmajor[p] = x_reduced[map[p]] [Kr].</summary>
    public int[] MMajorToReduced()
    {
        var reduced = Reduced().ToList();
        var map = new List<int>(reduced.Count);
        for (var m = 0; m <= MMax; m++)
        {
            foreach (var sign in m == 0 ? new[] { 0 } : [m, -m])
            {
                for (var l = m; l <= LMax; l++)
                {
                    map.Add(reduced.IndexOf((l, sign)));
                }
            }
        }

        return map.ToArray();
    }

    /// <summary>Inverse gather map m → l: x_reduced[i] = x_mmajor[map[i]] [Kr].</summary>
    public int[] ReducedToMMajor()
    {
        var fwd = MMajorToReduced();
        var inv = new int[fwd.Length];
        for (var p = 0; p < fwd.Length; p++)
        {
            inv[fwd[p]] = p;
        }

        return inv;
    }

    /// <summary>
    /// Values per edge of the truncated rotation (the rows |m'| ≤ M of each Wigner block D^l, all 2l+1 columns):
    /// Σ_l min(2l+1, 2M+1)·(2l+1) (235 for L6M2).
    /// </summary>
    public int TruncatedRotationSize => TruncatedBlockOffset(LMax + 1);

    /// <summary>Start of degree l's [min(2l+1, 2M+1), 2l+1] block in the per-edge truncated rotation.</summary>
    public int TruncatedBlockOffset(int l)
    {
        var n = 0;
        for (var j = 0; j < l; j++)
        {
            n += RowsKept(j) * ((2 * j) + 1);
        }

        return n;
    }

    /// <summary>"L6M2".</summary>
    public override string ToString() => $"L{LMax}M{MMax}";

    private IEnumerable<(int L, int M)> Full()
    {
        for (var l = 0; l <= LMax; l++)
        {
            for (var m = -l; m <= l; m++)
            {
                yield return (l, m);
            }
        }
    }

    private IEnumerable<(int L, int M)> Reduced()
    {
        var mMax = MMax;
        return Full().Where(p => Math.Abs(p.M) <= mMax);
    }
}
