namespace CrystalKernels.Tensors.Random;

/// <summary>
/// A stream of random draws keyed by (seed, purpose[, step]) and addressed by a 64-bit index: draw i is
/// Philox4x32-10(counter = (i / 4 as 64 bits, purpose as 64 bits), key = seed)[i % 4]. The same (seed, purpose,
/// index) gives the same value on every device and thread count.
/// </summary>
public readonly record struct RngStream(ulong Seed, ulong Purpose)
{
    /// <summary>A stream for a named purpose ("mask", "noise", "dropout", "shuffle", "init", ...).</summary>
    public static RngStream Create(ulong seed, string purpose) => new(seed, Fnv1a64(purpose));

    /// <summary>A sub-stream (for example one per training step or per crystal) that never overlaps its parent.</summary>
    public RngStream Sub(ulong id) => new(Seed, Mix(Purpose ^ Mix(id + 0x9E3779B97F4A7C15UL)));

    public uint UInt(ulong index)
    {
        var blk = index >> 2;
        var (x0, x1, x2, x3) = Philox4x32.Block((uint)blk, (uint)(blk >> 32), (uint)Purpose, (uint)(Purpose >> 32), (uint)Seed, (uint)(Seed >> 32));
        return (index & 3) switch { 0 => x0, 1 => x1, 2 => x2, _ => x3 };
    }

    /// <summary>Uniform in [0, 1) with 24 random bits (exactly representable as float).</summary>
    public float Uniform(ulong index) => (UInt(index) >> 8) * (1.0f / 16777216.0f);

    /// <summary>Uniform in (0, 1) with 53 random bits, from draws 2*index and 2*index+1.</summary>
    public double UniformDouble(ulong index)
    {
        var hi = (ulong)(UInt(2 * index) >> 5);
        var lo = (ulong)(UInt(2 * index + 1) >> 6);
        return ((hi << 26) + lo + 0.5) * (1.0 / 9007199254740992.0);
    }

    /// <summary>Standard normal by Box-Muller from the two 53-bit uniforms 2*index and 2*index+1.</summary>
    public double Normal(ulong index)
    {
        var u1 = UniformDouble(2 * index);
        var u2 = UniformDouble(2 * index + 1);
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>Integer in [0, n) (Lemire's multiply-shift; bias below 2^-32 * n).</summary>
    public int Below(ulong index, int n) => (int)(((ulong)UInt(index) * (ulong)n) >> 32);

    public void FillUniform(Span<float> dst, ulong offset = 0)
    {
        for (var i = 0; i < dst.Length; i++)
        {
            dst[i] = Uniform(offset + (ulong)i);
        }
    }

    public void FillNormal(Span<double> dst, ulong offset = 0)
    {
        for (var i = 0; i < dst.Length; i++)
        {
            dst[i] = Normal(offset + (ulong)i);
        }
    }

    private static ulong Fnv1a64(string s)
    {
        var h = 0xCBF29CE484222325UL;
        foreach (var ch in s)
        {
            h = (h ^ ch) * 0x100000001B3UL;
        }

        return h;
    }

    // splitmix64 finaliser: decorrelates nearby ids.
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
