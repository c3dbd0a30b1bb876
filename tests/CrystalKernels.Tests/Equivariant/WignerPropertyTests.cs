using CrystalKernels.Equivariant.Frames;
using CrystalKernels.Equivariant.So3;
using CrystalKernels.Equivariant.Wigner;
using CrystalKernels.Tensors.Random;
using CrystalKernels.Tests.Support;

namespace CrystalKernels.Tests.Equivariant;

/// <summary>Representation properties of D^l (paper-spec §3.2, §7.2; style P5), for random rotations, in double.</summary>
[Category(Categories.Equivariance)]
public class WignerPropertyTests
{
    private const int LMax = 6;
    private const int Samples = 20;
    private static readonly RngStream Rng = RngStream.Create(20240612, "wigner-properties");

    [Test]
    public void DegreeOneIsTheRotationMatrixInTheYPolarBasis()
    {
        // Coefficients (m = −1, 0, 1) are (x, y, z), so D^1(R) must be R itself.
        for (ulong s = 0; s < Samples; s++)
        {
            var a = RandomRotations.Angles(Rng, s);
            Assert.That(Diff.MaxAbs(WignerD.Block(1, a.Alpha, a.Beta, a.Gamma), a.ToMatrix()), Is.LessThanOrEqualTo(Tol.WignerProperty), $"sample {s}");
        }
    }

    [Test]
    public void IsAHomomorphism()
    {
        for (ulong s = 0; s < Samples; s++)
        {
            var (a1, a2) = (RandomRotations.Angles(Rng, 2 * s), RandomRotations.Angles(Rng, (2 * s) + 1));
            var a12 = EulerAngles.FromMatrix(RandomRotations.Multiply3(a1.ToMatrix(), a2.ToMatrix()));
            for (var l = 0; l <= LMax; l++)
            {
                var product = Multiply(WignerD.Block(l, a1.Alpha, a1.Beta, a1.Gamma), WignerD.Block(l, a2.Alpha, a2.Beta, a2.Gamma), (2 * l) + 1);
                var direct = WignerD.Block(l, a12.Alpha, a12.Beta, a12.Gamma);
                Assert.That(Diff.MaxAbs(direct, product), Is.LessThanOrEqualTo(Tol.WignerProperty), $"sample {s}, l = {l}");
            }
        }
    }

    [Test]
    public void IsOrthogonal()
    {
        for (ulong s = 0; s < Samples; s++)
        {
            var a = RandomRotations.Angles(Rng, s + 1000);
            for (var l = 0; l <= LMax; l++)
            {
                var n = (2 * l) + 1;
                var d = WignerD.Block(l, a.Alpha, a.Beta, a.Gamma);
                var ddt = Multiply(d, Transpose(d, n), n);
                Assert.That(Diff.MaxAbs(ddt, Identity(n)), Is.LessThanOrEqualTo(Tol.WignerProperty), $"sample {s}, l = {l}");
            }
        }
    }

    [Test]
    public void RotatesSphericalHarmonics()
    {
        // Y^l(R x) = D^l(R) Y^l(x): ties D to the real-SH basis of §3.2, not only to itself.
        for (ulong s = 0; s < Samples; s++)
        {
            var a = RandomRotations.Angles(Rng, s + 2000);
            var r = a.ToMatrix();
            var (x, y, z) = RandomRotations.Edge(Rng, s + 2000);
            var rx = (r[0] * x) + (r[1] * y) + (r[2] * z);
            var ry = (r[3] * x) + (r[4] * y) + (r[5] * z);
            var rz = (r[6] * x) + (r[7] * y) + (r[8] * z);
            var yx = RealSphericalHarmonics.AtDirection(LMax, x, y, z);
            var yrx = RealSphericalHarmonics.AtDirection(LMax, rx, ry, rz);
            for (var l = 0; l <= LMax; l++)
            {
                var n = (2 * l) + 1;
                var d = WignerD.Block(l, a.Alpha, a.Beta, a.Gamma);
                var dy = new double[n];
                for (var i = 0; i < n; i++)
                {
                    for (var j = 0; j < n; j++)
                    {
                        dy[i] += d[(i * n) + j] * yx[(l * l) + j];
                    }
                }

                Assert.That(Diff.MaxAbs(dy, yrx.AsSpan(l * l, n)), Is.LessThanOrEqualTo(Tol.WignerProperty), $"sample {s}, l = {l}");
            }
        }
    }

    [Test]
    public void EulerAnglesRoundTrip()
    {
        for (ulong s = 0; s < Samples; s++)
        {
            var r = RandomRotations.Angles(Rng, s + 3000).ToMatrix();
            Assert.That(Diff.MaxAbs(EulerAngles.FromMatrix(r).ToMatrix(), r), Is.LessThanOrEqualTo(Tol.WignerProperty), $"sample {s}");
        }
    }

    internal static double[] Multiply(double[] a, double[] b, int n)
    {
        var c = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var k = 0; k < n; k++)
            {
                for (var j = 0; j < n; j++)
                {
                    c[(i * n) + j] += a[(i * n) + k] * b[(k * n) + j];
                }
            }
        }

        return c;
    }

    internal static double[] Transpose(double[] a, int n)
    {
        var t = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                t[(j * n) + i] = a[(i * n) + j];
            }
        }

        return t;
    }

    internal static double[] Identity(int n)
    {
        var id = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            id[(i * n) + i] = 1;
        }

        return id;
    }
}
