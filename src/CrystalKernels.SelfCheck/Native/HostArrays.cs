using CrystalKernels.Tensors.Random;

namespace CrystalKernels.SelfCheck.Native;

/// <summary>Seeded host inputs and the error measures of the native comparisons.</summary>
public static class HostArrays
{
    public static float[] Uniform(string purpose, int n, float lo, float hi)
    {
        var rng = RngStream.Create(7, purpose);
        var a = new float[n];
        for (var i = 0; i < n; i++)
        {
            a[i] = lo + ((hi - lo) * rng.Uniform((ulong)i));
        }

        return a;
    }

    /// <summary>max |a − b| / max(max |b|, tiny): the error scale used by every native comparison.</summary>
    public static double RelativeToMaxAbs(ReadOnlySpan<float> a, ReadOnlySpan<double> b)
    {
        Expect.That(a.Length == b.Length, $"device result has {a.Length} elements, reference {b.Length}");
        double err = 0, scale = 1e-30;
        for (var i = 0; i < a.Length; i++)
        {
            err = Math.Max(err, Math.Abs(a[i] - b[i]));
            scale = Math.Max(scale, Math.Abs(b[i]));
        }

        return err / scale;
    }

    public static double Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var s = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            s += (double)a[i] * b[i];
        }

        return s;
    }

    public static double[] Widen(float[] a) => a.Select(v => (double)v).ToArray();
}
