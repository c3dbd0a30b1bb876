namespace CrystalKernels.Crystals.Matching;

/// <summary>
/// CDVAE / DiffCSP reconstruction metrics over (prediction, ground truth) pairs: match rate = matched pairs / all
/// pairs; RMSE = mean RMS over the matched pairs only (NaN when none matched).
/// </summary>
public sealed class MatchRate
{
    private double _rmsSum;

    public int Count { get; private set; }

    public int Matched { get; private set; }

    public double Rate => Count == 0 ? double.NaN : (double)Matched / Count;

    public double MeanRms => Matched == 0 ? double.NaN : _rmsSum / Matched;

    public void Add(MatchResult? result)
    {
        Count++;
        if (result is { } r)
        {
            Matched++;
            _rmsSum += r.Rms;
        }
    }

    public string Format() => FormattableString.Invariant($"match_rate={Rate:F4} rmse={MeanRms:F4} matched={Matched} n={Count}");
}
