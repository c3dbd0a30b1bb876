namespace CrystalKernels.Tests.Equivariant;

/// <summary>Max-abs-difference helpers for the SO(3) parity tests.</summary>
internal static class Diff
{
    public static double MaxAbs(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        Assert.That(a.Length, Is.EqualTo(b.Length), "length mismatch");
        var m = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            m = Math.Max(m, Math.Abs(a[i] - b[i]));
        }

        return m;
    }

    /// <summary>Max |a − b| / max(1, max|b|): the fixtures' "relative to the tensor's max abs value".</summary>
    public static double MaxRel(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var scale = 1.0;
        foreach (var v in b)
        {
            scale = Math.Max(scale, Math.Abs(v));
        }

        return MaxAbs(a, b) / scale;
    }
}
