using CrystalKernels.Equivariant.So3;
using CrystalKernels.Tests.Support;

namespace CrystalKernels.Tests.Equivariant;

/// <summary>Properties of the generated J matrices beyond the fixture's l ≤ 6: symmetric involutions that intertwine P.</summary>
[Category(Categories.Equivariance)]
public class JMatrixPropertyTests
{
    [TestCase(1)]
    [TestCase(6)]
    [TestCase(11)]
    public void JIsSymmetricInvolution(int l)
    {
        var n = (2 * l) + 1;
        var j = JMatrices.Of(l);
        var jj = new double[n * n];
        for (var a = 0; a < n; a++)
        {
            for (var b = 0; b < n; b++)
            {
                for (var k = 0; k < n; k++)
                {
                    jj[(a * n) + b] += j[(a * n) + k] * j[(k * n) + b];
                }

                Assert.That(j[(a * n) + b], Is.EqualTo(j[(b * n) + a]).Within(Tol.So3Constant), $"J_{l} symmetric at ({a},{b})");
                Assert.That(jj[(a * n) + b], Is.EqualTo(a == b ? 1.0 : 0.0).Within(Tol.So3Constant), $"J_{l}² = I at ({a},{b})");
            }
        }
    }

    [Test]
    public void JMapsHarmonicsOfTheSwappedPoint()
    {
        // Y^l(P x) = J_l Y^l(x) with P(x, y, z) = (−y, −x, z), at a point not used to fit J.
        const int L = 5;
        var (x, y, z) = (0.3, -0.5, Math.Sqrt(1 - 0.34));
        var yx = RealSphericalHarmonics.AtDirection(L, x, y, z);
        var ypx = RealSphericalHarmonics.AtDirection(L, -y, -x, z);
        for (var l = 0; l <= L; l++)
        {
            var n = (2 * l) + 1;
            var j = JMatrices.Of(l);
            for (var a = 0; a < n; a++)
            {
                var s = 0.0;
                for (var b = 0; b < n; b++)
                {
                    s += j[(a * n) + b] * yx[(l * l) + b];
                }

                Assert.That(s, Is.EqualTo(ypx[(l * l) + a]).Within(Tol.So3Constant), $"l={l}, row {a}");
            }
        }
    }
}
