namespace CrystalKernels.Crystals.Graph;

/// <summary>One periodic neighbour of a centre atom i: source atom J at image N = (N1, N2, N3) of the lattice.</summary>
/// <remarks>Vec = pos[J] − pos[i] + N·cell (centre → neighbour image, Å); D2 = |Vec|².</remarks>
internal struct NeighborCandidate
{
    public int J;
    public int N1;
    public int N2;
    public int N3;
    public double Vx;
    public double Vy;
    public double Vz;
    public double D2;

    /// <summary>The reference's order within one centre: source j, then n1, n2, n3 (itertools.product order).</summary>
    public static int CompareReferenceOrder(NeighborCandidate a, NeighborCandidate b)
    {
        var c = a.J.CompareTo(b.J);
        if (c != 0)
        {
            return c;
        }

        c = a.N1.CompareTo(b.N1);
        if (c != 0)
        {
            return c;
        }

        c = a.N2.CompareTo(b.N2);
        return c != 0 ? c : a.N3.CompareTo(b.N3);
    }
}

/// <summary>
/// Cell-list search for every periodic pair (i, j, n) with 1e-4 Å² &lt; |pos_j + n·cell − pos_i|² ≤ cutoff² (OCP
/// radius_graph_pbc selection, paper-spec 2.2). Atoms are wrapped into the cell and binned along the three lattice
/// directions with bins at least one cutoff thick (in interplanar distance), so only neighbouring bins (and, for
/// directions thinner than the cutoff, as many periodic images as needed) are visited. The bins only prune: every
/// candidate is accepted or rejected on its Cartesian distance computed from the unwrapped input positions, so the
/// result equals the reference's brute-force enumeration whatever the input wrapping.
/// </summary>
internal sealed class NeighborSearch
{
    /// <summary>Pairs closer than 0.01 Å (|d|² ≤ 1e-4 Å²) are the self pair or coincident atoms and are dropped.</summary>
    public const double MinDistanceSquared = 1e-4;

    // Margin on the fractional search half-width: fractional coordinates carry ~1e-16 relative rounding, so 1e-8 makes
    // the bin pruning strictly conservative without visiting extra bins in practice.
    private const double FractionalMargin = 1e-8;

    private readonly Structure structure;
    private readonly double cutoffSquared;
    private readonly int[] bins = new int[3];
    private readonly int[] reach = new int[3];
    private readonly int[] binStart;
    private readonly int[] binAtoms;
    private readonly int[] atomBin;
    private readonly int[] shift;

    public NeighborSearch(Structure structure, double cutoff)
    {
        if (!(cutoff > 0) || !double.IsFinite(cutoff))
        {
            throw new ArgumentOutOfRangeException(nameof(cutoff), $"radius graph of {structure}: cutoff {cutoff} Å must be positive and finite");
        }

        this.structure = structure;
        cutoffSquared = cutoff * cutoff;
        var lat = structure.Lattice;
        var n = structure.Count;

        // Half-width of the search box in fractional units per direction: |Δf_i| ≤ cutoff·|recip_i| (recip without 2π).
        for (var d = 0; d < 3; d++)
        {
            var recip = d == 0 ? lat.RecipA : d == 1 ? lat.RecipB : lat.RecipC;
            var half = cutoff * recip.Norm + FractionalMargin;
            bins[d] = half >= 1 ? 1 : Math.Max(1, (int)Math.Floor(1 / half));
        }

        // Fewer bins than atoms keeps empty-bin overhead bounded for large sparse cells; any bin count at most
        // floor(1/half) stays correct with reach 1.
        while ((long)bins[0] * bins[1] * bins[2] > Math.Max(27, 2 * n))
        {
            var d = bins[0] >= bins[1] && bins[0] >= bins[2] ? 0 : bins[1] >= bins[2] ? 1 : 2;
            bins[d] = Math.Max(1, bins[d] / 2);
        }

        for (var d = 0; d < 3; d++)
        {
            var recip = d == 0 ? lat.RecipA : d == 1 ? lat.RecipB : lat.RecipC;
            var half = cutoff * recip.Norm + FractionalMargin;
            reach[d] = (int)Math.Ceiling(half * bins[d]);
        }

        // Wrap: frac = w + s with w in [0, 1) and integer shift s; bin by w.
        shift = new int[3 * n];
        atomBin = new int[n];
        var counts = new int[bins[0] * bins[1] * bins[2] + 1];
        for (var a = 0; a < n; a++)
        {
            var f = lat.ToFractional(structure.Positions[a]);
            var b = 0;
            for (var d = 0; d < 3; d++)
            {
                if (!double.IsFinite(f[d]))
                {
                    throw new ArgumentException($"radius graph of {structure}: atom {a} has a non-finite position {structure.Positions[a]}");
                }

                var s = Math.Floor(f[d]);
                shift[3 * a + d] = checked((int)s);
                var bi = Math.Clamp((int)Math.Floor((f[d] - s) * bins[d]), 0, bins[d] - 1);
                b = b * bins[d] + bi;
            }

            atomBin[a] = b;
            counts[b + 1]++;
        }

        binStart = new int[counts.Length];
        for (var b = 1; b < counts.Length; b++)
        {
            binStart[b] = binStart[b - 1] + counts[b];
        }

        binAtoms = new int[n];
        var fill = (int[])binStart.Clone();
        for (var a = 0; a < n; a++)
        {
            binAtoms[fill[atomBin[a]]++] = a;
        }
    }

    /// <summary>Appends every neighbour of centre atom i (in no particular order) to <paramref name="into"/>.</summary>
    public void Collect(int i, List<NeighborCandidate> into)
    {
        var lat = structure.Lattice;
        var (a, b, c) = (lat.A, lat.B, lat.C);
        var pos = structure.Positions;
        var pi = pos[i];
        var bi = atomBin[i];
        var b2 = bi % bins[2];
        var b1 = bi / bins[2] % bins[1];
        var b0 = bi / bins[2] / bins[1];
        var (si0, si1, si2) = (shift[3 * i], shift[3 * i + 1], shift[3 * i + 2]);
        for (var g0 = b0 - reach[0]; g0 <= b0 + reach[0]; g0++)
        {
            var (m0, q0) = FloorDivMod(g0, bins[0]);
            for (var g1 = b1 - reach[1]; g1 <= b1 + reach[1]; g1++)
            {
                var (m1, q1) = FloorDivMod(g1, bins[1]);
                for (var g2 = b2 - reach[2]; g2 <= b2 + reach[2]; g2++)
                {
                    var (m2, q2) = FloorDivMod(g2, bins[2]);
                    var bin = (q0 * bins[1] + q1) * bins[2] + q2;
                    for (var t = binStart[bin]; t < binStart[bin + 1]; t++)
                    {
                        var j = binAtoms[t];

                        // Wrapped images m relative to wrapped centre → image of the unwrapped source atom.
                        var n1 = m0 - shift[3 * j] + si0;
                        var n2 = m1 - shift[3 * j + 1] + si1;
                        var n3 = m2 - shift[3 * j + 2] + si2;

                        // edge_vec = (pos_j − pos_i) + n·cell, evaluated as the reference does (n @ cell per component).
                        var pj = pos[j];
                        var vx = (pj.X - pi.X) + (n1 * a.X + n2 * b.X + n3 * c.X);
                        var vy = (pj.Y - pi.Y) + (n1 * a.Y + n2 * b.Y + n3 * c.Y);
                        var vz = (pj.Z - pi.Z) + (n1 * a.Z + n2 * b.Z + n3 * c.Z);
                        var d2 = vx * vx + vy * vy + vz * vz;
                        if (d2 <= cutoffSquared && d2 > MinDistanceSquared)
                        {
                            into.Add(new NeighborCandidate { J = j, N1 = n1, N2 = n2, N3 = n3, Vx = vx, Vy = vy, Vz = vz, D2 = d2 });
                        }
                    }
                }
            }
        }
    }

    private static (int Quotient, int Remainder) FloorDivMod(int g, int n)
    {
        var q = g >= 0 ? g / n : -((-g + n - 1) / n);
        return (q, g - q * n);
    }
}
