namespace CrystalKernels.Crystals.Metrics;

/// <summary>
/// CDVAE <c>structure_validity</c>: invalid when the smallest interatomic distance (periodic minimum image, distinct
/// sites only: a site's own periodic images are never checked, as pymatgen's distance_matrix diagonal is padded) is
/// below 0.5 Å, or the cell volume is below 0.1 Å³. CDVAE uses strict "&lt;", so exactly 0.5 Å passes (the paper
/// writes "&gt; 0.5 Å"; we follow the code for parity).
/// </summary>
public static class StructuralValidity
{
    public const double CdvaeMinDistance = 0.5;

    public const double CdvaeMinVolume = 0.1;

    /// <summary>Smallest minimum-image distance between two distinct sites (Å); +∞ for fewer than two sites.</summary>
    public static double MinimumInteratomicDistance(Structure structure)
    {
        var images = new MinimumImage(structure.Lattice);
        var min = double.PositiveInfinity;
        var p = structure.Positions;
        for (var i = 0; i < p.Length; i++)
        {
            for (var j = i + 1; j < p.Length; j++)
            {
                min = Math.Min(min, images.Distance(p[i], p[j]));
            }
        }

        return min;
    }

    public static bool IsValid(Structure structure, double minDistance = CdvaeMinDistance, double minVolume = CdvaeMinVolume)
    {
        if (structure.Lattice.Volume < minVolume)
        {
            return false;
        }

        var d = MinimumInteratomicDistance(structure);
        return !(d < minDistance) && !double.IsNaN(d);
    }
}
