namespace CrystalKernels.Equivariant.So3;

/// <summary>Hard-coded divisors of the reference EquiformerV2 (paper-spec §3.1), taken from OC20 statistics.</summary>
public static class EquiformerConstants
{
    /// <summary>Edge-degree embedding divisor _AVG_DEGREE (§3.8 step 5).</summary>
    public const double AvgDegree = 23.395238876342773;

    /// <summary>Graph-level 'mean' output divisor _AVG_NUM_NODES.</summary>
    public const double AvgNumNodes = 77.81317;
}
