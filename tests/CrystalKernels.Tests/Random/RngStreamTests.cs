using CrystalKernels.Tensors.Backends.Cpu;
using CrystalKernels.Tensors.Random;

namespace CrystalKernels.Tests.Random;

public class RngStreamTests
{
    private const int N = 100_000;

    // Bounds are 5 standard errors of the statistic over N draws, so a correct generator fails about once in 1.7e6.
    private static double FiveSigma(double variance) => 5 * Math.Sqrt(variance / N);

    [Test]
    public void UniformFloatHasMeanHalfAndVarianceOneTwelfth()
    {
        var s = RngStream.Create(42, "uniform-test");
        var x = new float[N];
        s.FillUniform(x);
        Assert.That(x.Min(), Is.GreaterThanOrEqualTo(0f));
        Assert.That(x.Max(), Is.LessThan(1f));
        var (mean, variance) = Moments(x.Select(v => (double)v));
        Assert.That(mean, Is.EqualTo(0.5).Within(FiveSigma(1.0 / 12)));

        // Var of the sample variance ~ (mu4 - sigma^4) / N with mu4 = 1/80 for U(0, 1).
        Assert.That(variance, Is.EqualTo(1.0 / 12).Within(FiveSigma(1.0 / 80 - 1.0 / 144)));
    }

    [Test]
    public void UniformDoubleLiesInOpenUnitIntervalWithTheRightMoments()
    {
        var s = RngStream.Create(7, "uniform-double-test");
        var x = Enumerable.Range(0, N).Select(i => s.UniformDouble((ulong)i)).ToArray();
        Assert.That(x.Min(), Is.GreaterThan(0.0));
        Assert.That(x.Max(), Is.LessThan(1.0));
        var (mean, variance) = Moments(x);
        Assert.That(mean, Is.EqualTo(0.5).Within(FiveSigma(1.0 / 12)));
        Assert.That(variance, Is.EqualTo(1.0 / 12).Within(FiveSigma(1.0 / 80 - 1.0 / 144)));
    }

    [Test]
    public void NormalHasZeroMeanUnitVarianceAndGaussianMass()
    {
        var s = RngStream.Create(123, "normal-test");
        var x = new double[N];
        s.FillNormal(x);
        var (mean, variance) = Moments(x);
        Assert.That(mean, Is.EqualTo(0.0).Within(FiveSigma(1.0)));

        // Var of the sample variance of N(0, 1) is 2 / N.
        Assert.That(variance, Is.EqualTo(1.0).Within(FiveSigma(2.0)));

        // P(|z| < 1) = erf(1/sqrt 2) = 0.682689...; P(|z| < 2) = 0.954499...; binomial standard errors.
        const double p1 = 0.6826894921370859;
        const double p2 = 0.9544997361036416;
        Assert.That(x.Count(v => Math.Abs(v) < 1) / (double)N, Is.EqualTo(p1).Within(FiveSigma(p1 * (1 - p1))));
        Assert.That(x.Count(v => Math.Abs(v) < 2) / (double)N, Is.EqualTo(p2).Within(FiveSigma(p2 * (1 - p2))));
    }

    [Test]
    public void BelowStaysInRangeAndHitsEveryValueEvenly()
    {
        var s = RngStream.Create(5, "below-test");
        const int n = 10;
        var counts = new int[n];
        for (var i = 0; i < N; i++)
        {
            counts[s.Below((ulong)i, n)]++;
        }

        // Each count is Binomial(N, 1/10): standard deviation sqrt(N * 0.1 * 0.9) ~ 95.
        var sd = Math.Sqrt(N * 0.1 * 0.9);
        Assert.That(counts, Has.All.InRange(N / n - 5 * sd, N / n + 5 * sd));
    }

    [Test]
    public void SameSeedAndPurposeReproduce()
    {
        var a = RngStream.Create(9, "mask");
        var b = RngStream.Create(9, "mask");
        Assert.That(Draws(a, 1000), Is.EqualTo(Draws(b, 1000)));
        Assert.That(Draws(a.Sub(3), 1000), Is.EqualTo(Draws(b.Sub(3), 1000)));
    }

    [Test]
    public void DistinctSeedsPurposesAndSubStreamsDiffer()
    {
        var root = RngStream.Create(9, "mask");
        var streams = new[]
        {
            root, RngStream.Create(9, "noise"), RngStream.Create(10, "mask"), root.Sub(0), root.Sub(1), root.Sub(2),
            root.Sub(1).Sub(0), RngStream.Create(9, "noise").Sub(1),
        };
        var draws = streams.Select(s => Draws(s, 1000)).ToArray();
        for (var i = 0; i < draws.Length; i++)
        {
            for (var j = i + 1; j < draws.Length; j++)
            {
                // Independent 32-bit streams agree at a given index with probability 2^-32: expect no coincidences.
                var same = draws[i].Zip(draws[j]).Count(p => p.First == p.Second);
                Assert.That(same, Is.LessThanOrEqualTo(1), $"streams {i} and {j} coincide at {same} of 1000 draws");
                Assert.That(streams[i].Purpose == streams[j].Purpose && streams[i].Seed == streams[j].Seed, Is.False);
            }
        }
    }

    [Test]
    public void ParallelFillIsIndependentOfTheThreadCount()
    {
        const int n = 1 << 20;
        var s = RngStream.Create(2024, "parallel-fill");
        var saved = CpuParallel.Threads;
        try
        {
            var one = Fill(s, n, threads: 1);
            var two = Fill(s, n, threads: 2);
            var serial = new float[n];
            s.FillUniform(serial);
            Assert.That(two, Is.EqualTo(one).AsCollection);
            Assert.That(one, Is.EqualTo(serial).AsCollection);
        }
        finally
        {
            CpuParallel.Threads = saved;
        }
    }

    private static float[] Fill(RngStream s, int n, int threads)
    {
        CpuParallel.Threads = threads;
        var x = new float[n];
        CpuParallel.For(n, 4096, (start, end) => s.FillUniform(x.AsSpan((int)start, (int)(end - start)), (ulong)start));
        return x;
    }

    private static uint[] Draws(RngStream s, int n) => Enumerable.Range(0, n).Select(i => s.UInt((ulong)i)).ToArray();

    private static (double Mean, double Variance) Moments(IEnumerable<double> xs)
    {
        var a = xs.ToArray();
        var mean = a.Average();
        return (mean, a.Sum(v => (v - mean) * (v - mean)) / (a.Length - 1));
    }
}
