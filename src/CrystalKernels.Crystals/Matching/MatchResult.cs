namespace CrystalKernels.Crystals.Matching;

/// <summary>
/// A match: RMS and largest displacement of the paired sites after removing the mean translation, both divided by
/// (V/N)^(1/3) of the average lattice (pymatgen's <c>get_rms_dist</c> pair).
/// </summary>
public readonly record struct MatchResult(double Rms, double MaxDistance)
{
    public override string ToString() => FormattableString.Invariant($"rms={Rms:G6} max={MaxDistance:G6}");
}
